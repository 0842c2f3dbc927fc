"""An ML glossary that teaches by running the maths.

The package is importable without Streamlit and without torch: the UI lives in
``glossary.ui`` and torch is imported only by ``glossary.cnn``.
"""

from __future__ import annotations

__version__ = "0.1.0"
