"""A local image of an entry (``![alt](obrazy/relu.png)``): shown from its file under ``content/``, or a
visible placeholder saying why not (missing, outside the folder, not an image, too large)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from glossary.corpus.render import ImageBlock, escape_text, resolve_image
from glossary.ui.i18n import t


def show_image(block: ImageBlock, folder: str | Path | None, lang: str) -> None:
    """The image of ``block`` resolved in the content ``folder`` (None: no library, not shown)."""
    path, problem = resolve_image(block.src, folder) if folder is not None else (None, block.src)
    if path is not None:
        # NOTE: st.image shows an SVG through an <img> data URL, so its markup is never inlined
        st.image(str(path), caption=block.alt or None)
        return
    label = escape_text(block.alt.strip() or block.src)
    st.warning(
        f"{t('image_not_shown', lang)}: {label}  \n{escape_text(problem or '')}",
        icon=":material/broken_image:",
    )
