"""Hostile links found by the chaos run (issue 18): a link naming more activations than a demo's
multiselect allows keeps the first ones instead of showing Streamlit's traceback."""

from __future__ import annotations

import pytest
from test_app import run_page

from glossary.corpus.demos import DEMOS


def _most(demo: str, setting: str) -> int:
    return next(s for s in DEMOS[demo].settings if s.name == setting).max_items


@pytest.mark.parametrize(
    ("query", "key", "setting"),
    [
        ({"grad_compare": "tanh,gelu,silu,mish,elu,softplus"}, "grad_compare", ("gradient", "compare")),
        ({"grad_compare": ["tanh", "gelu", "silu", "mish", "elu"]}, "grad_compare", ("gradient", "compare")),
    ],
    ids=["comma-separated", "repeated"],
)
def test_a_link_with_too_many_choices_keeps_the_first(query, key: str, setting: tuple[str, str]) -> None:
    at = run_page("relu", **query)  # asserts no exception on the page
    chosen = at.multiselect(key=key).value
    most = _most(*setting)
    assert 0 < len(chosen) <= most
    assert chosen == ["tanh", "gelu", "silu", "mish"][:most]


@pytest.mark.parametrize("overlays", [3, 4, 8])
def test_the_curve_demo_with_any_number_of_overlays(overlays: int) -> None:
    """f, f' of 1 + ``overlays`` curves and the point marks stay within the chart's row budget (with 3
    or 4 overlays the chart had 2,002 rows and the page showed a traceback)."""
    chosen = ["sigmoid", "tanh", "gelu", "silu", "elu", "softplus", "mish", "leaky_relu"][:overlays]
    at = run_page("relu", curve_overlay=",".join(chosen))  # asserts no exception on the page
    assert at.multiselect(key="curve_overlay").value == chosen
