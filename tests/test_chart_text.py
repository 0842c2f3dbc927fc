"""Charts' text alternatives are computed from their data, and their specs keep marks out of the
accessibility tree with numbers in the interface language."""

from __future__ import annotations

import numpy as np
import pytest

from glossary import charts
from glossary.maths import activations
from glossary.ui.chart_text import accessible_spec, describe, number


def sigmoid_chart(lo: float = -5.0, hi: float = 5.0, n: int = 801) -> charts.DemoChart:
    spec = activations.get("sigmoid")
    x = np.linspace(lo, hi, n)
    return charts.curve_chart(x, {"sigmoid": (spec.forward(x), spec.derivative(x))}, labels={"sigmoid": "S"})


@pytest.mark.parametrize(
    ("lang", "peak"), [("pl", "maksimum 0,25 dla x = 0"), ("en", "maximum 0.25 at x = 0")]
)
def test_curve_alternative_names_the_derivative_peak(lang, peak):
    text = describe(sigmoid_chart(), lang)
    assert peak in text
    assert f"[{number(-5.0, lang)}, {number(5.0, lang)}]" in text


def test_curve_alternative_follows_the_data():
    text = describe(sigmoid_chart(0.0, 3.0, 301), "pl")
    f3 = float(activations.get("sigmoid").forward(np.array([3.0]))[0])
    assert f"maksimum {number(f3, 'pl')} dla x = 3" in text


def test_a_plateau_is_reported_as_a_range():
    relu = activations.get("relu")
    x = np.linspace(-5, 5, 801)
    text = describe(charts.curve_chart(x, {"relu": (relu.forward(x), relu.derivative(x))}), "en")
    assert "maximum 1 at x = [0.0125, 5]" in text


def test_bars_list_every_value_and_the_highest():
    text = describe(charts.bar_chart(["a", "b", "c"], [0.1, 0.7, 0.2]), "pl")
    assert text.endswith("a 0,1; b 0,7; c 0,2; najwyższe: b (0,7)")


def test_the_spec_keeps_every_mark_out_of_the_tree_and_uses_the_language():
    chart = sigmoid_chart()
    spec = accessible_spec(chart.spec(), "opis", "pl")
    assert spec["description"] == "opis"
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert all(spec["config"][part]["aria"] is False for part in ("mark", "axis", "legend"))

    def marks(node):
        if isinstance(node, dict):
            if "mark" in node:
                yield node["mark"]
            for key, value in node.items():
                if key not in ("datasets", "data"):
                    yield from marks(value)
        elif isinstance(node, list):
            for item in node:
                yield from marks(item)

    found = list(marks(spec))
    assert found and all(isinstance(m, dict) and m["aria"] is False for m in found)
    assert chart.spec().get("description") is None  # the chart's own spec is left alone
