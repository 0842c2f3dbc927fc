"""Live demos on activation pages. (Placeholder until the demos land: renders nothing.)"""

from __future__ import annotations


def render_activation_demos(activation: str, lang: str) -> None:
    """Curves, vanishing-gradient and mini-CNN demos for one activation page."""


def render_general_demos(lang: str) -> None:
    """Demos of the general page (funkcja-aktywacji): all activations, XOR, dead ReLU."""
