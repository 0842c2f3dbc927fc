"""The demo registry (glossary/corpus/demos.py): every entry is complete and consistent with the code it
names, block validation refuses or clamps hostile settings before anything runs, and the README's table
is the registry's own."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.corpus import demos as D
from glossary.corpus.demos import DEMOS, DemoSpec, Setting, read_block

ROOT = Path(__file__).resolve().parent.parent
SPECS = list(DEMOS.values())
SETTINGS = [(spec, s) for spec in SPECS for s in spec.settings]


def _resolve(dotted: str):
    module, _, name = dotted.replace(":", ".").rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_the_registry_lists_the_issue_demos():
    assert {"curve", "softmax", "all-curves", "gradient", "cnn", "xor", "dead-relu"} <= set(DEMOS)
    assert {"neuron", "backprop", "cross-entropy", "init"} <= set(DEMOS)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_demo_names_a_core_function_and_a_ui_function_that_exist(spec: DemoSpec):
    if spec.core.startswith("glossary.cnn"):
        pytest.importorskip("torch")
    assert callable(_resolve(spec.core))
    assert callable(_resolve(spec.ui))
    assert spec.title_pl.strip() and spec.title_en.strip()
    assert re.fullmatch(r"[a-z][a-z0-9]*", spec.key), spec.key


def test_instance_keys_are_unique_across_demos():
    keys = [spec.key for spec in SPECS]
    assert len(keys) == len(set(keys))
    # "grad" + "2" must never be another demo's key
    assert not {f"{k}{n}" for k in keys for n in range(2, 10)} & set(keys)


@pytest.mark.parametrize(("spec", "setting"), SETTINGS, ids=lambda x: getattr(x, "name", ""))
def test_every_default_is_valid_for_its_own_setting(spec: DemoSpec, setting: Setting):
    checked, message, _ = D.check_value(setting, setting.default)
    assert message == "", (spec.name, setting.name, message)
    assert checked == setting.default
    assert setting.label_pl.strip() and setting.label_en.strip()


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_an_empty_block_gives_the_defaults(spec: DemoSpec):
    block, diags = read_block(f"demo {spec.name}", "", "x.md", 5)
    assert diags == [] and block.known and dict(block.settings) == spec.defaults()


def test_the_choice_lists_are_the_codes_own_lists():
    from glossary.cnn import shapes
    from glossary.maths import activations, gradient_flow

    assert D.ELEMENTWISE == activations.ELEMENTWISE == gradient_flow.HIDDEN_ACTIVATIONS
    assert set(D.ELEMENTWISE) | set(D.VECTOR) == set(activations.ACTIVATIONS)
    assert D.INITS == gradient_flow.INITS and D.NORMS == gradient_flow.NORMS
    assert D.SHAPES == tuple(c.key for c in shapes.CLASSES)
    temperature = activations.get("softmax").params[0]
    setting = DEMOS["softmax"].setting("temperature")
    assert (setting.min, setting.max) == (temperature.min, temperature.max)


def test_the_cnn_lists_are_the_models_lists():
    pytest.importorskip("torch")
    from glossary.cnn import model

    assert D.CNN_ACTIVATIONS == model.ACTIVATIONS and D.CNN_NETWORKS == model.VARIANTS


# -- validation ---------------------------------------------------------------------------------------


def _messages(body: str, name: str = "gradient") -> list[str]:
    return [str(d) for d in read_block(f"demo {name}", body, "content/x.md", 10)[1]]


@pytest.mark.parametrize(
    ("body", "line", "needle"),
    [
        ("depth: 1000000000\n", 11, "outside [1, 60]: 60 used"),
        ("width: -1\n", 11, "is not one of 16, 32, 64, 128, 256"),
        ("activation: ../../etc\n", 11, "is not one of relu"),
        ("depth: 30\ncolour: red\n", 12, "has no setting 'colour'"),
        ("depht: 30\n", 11, "did you mean 'depth'"),
        ("depth: [1, 2\n", 12, "not valid YAML"),
        ("a: &x [1, 2]\nb: *x\n", 11, "anchors and aliases (&name, *name) are not allowed"),
        ("- 1\n- 2\n", 11, "must be 'name: value' lines"),
        ("depth: true\n", 11, "is not a whole number"),
        ("scale: .nan\n", 11, "is not a number"),
        ("scale: 99\n", 11, "outside [0.25, 3]: 3 used"),
    ],
)
def test_a_bad_setting_is_a_located_warning(body: str, line: int, needle: str):
    (message,) = _messages(body)
    assert message.startswith(f"content/x.md:{line}: warning: ") and needle in message, message


def test_an_unknown_demo_says_what_exists():
    block, diags = read_block("demo gradeint", "", "content/x.md", 7)
    assert not block.known
    (diag,) = diags
    assert diag.line == 7 and "did you mean 'gradient'" in diag.message and "curve" in diag.message


def test_hostile_bodies_are_refused_or_clamped_before_anything_runs():
    compares = "compare: [" + ", ".join(["relu"] * 100 + ["tanh", "elu", "gelu", "silu", "mish"]) + "]\n"
    block, diags = read_block("demo gradient", compares, "x.md", 1)
    assert len(block.settings["compare"]) <= DEMOS["gradient"].setting("compare").max_items
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    block, diags = read_block("demo gradient", bomb, "x.md", 1)
    assert dict(block.settings) == DEMOS["gradient"].defaults() and "not allowed" in diags[0].message
    block, diags = read_block("demo gradient", "depth: 5\n" * 5000, "x.md", 1)
    assert dict(block.settings) == DEMOS["gradient"].defaults() and "at most" in diags[0].message
    block, _ = read_block("demo softmax", "logits: [1.0e+308, -1.0e+308, 3, 4, 5]\n", "x.md", 1)
    assert block.settings["logits"] == [10.0, -10.0, 3.0, 4.0, 5.0]


@given(st.text(max_size=300))
def test_any_body_gives_settings_within_the_registry(body: str):
    for spec in (DEMOS["gradient"], DEMOS["softmax"], DEMOS["curve"]):
        block, _ = read_block(f"demo {spec.name}", body, "x.md", 1)
        for setting in spec.settings:
            checked, message, _ = D.check_value(setting, block.settings[setting.name])
            assert message == "" and checked == block.settings[setting.name], (setting.name, body)


def test_the_page_activation_is_the_default_where_the_demo_can_use_it():
    block, _ = read_block("demo gradient", "", "x.md", 1, page_activation="tanh")
    assert block.settings["activation"] == "tanh" and block.fallback_from is None
    block, _ = read_block("demo cnn", "", "x.md", 1, page_activation="gelu")
    assert block.settings["activation"] == "relu" and block.fallback_from == "gelu"
    block, _ = read_block("demo cnn", "activation: sigmoid\n", "x.md", 1, page_activation="gelu")
    assert block.settings["activation"] == "sigmoid" and block.fallback_from is None


def test_instance_keys_are_stable_and_distinct():
    assert D.instance_keys(["gradient", "curve", "gradient", "gradient"]) == [
        "grad",
        "curve",
        "grad2",
        "grad3",
    ]


# -- the README documents the registry ----------------------------------------------------------------


def test_the_readme_table_of_demos_is_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- demos-table -->")
    end = readme.index("<!-- /demos-table -->")
    assert readme[start:end].split("\n", 1)[1].strip() == D.markdown_table().strip()


# -- the "Dodaj hasło" page ---------------------------------------------------------------------------


def _add_page() -> None:
    from glossary.ui.shell import main

    main(page="dodaj-haslo")


def test_the_add_page_lists_every_demo_and_previews_a_block_with_its_diagnostics():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_add_page, default_timeout=120).run()
    listed = "\n".join(m.value for m in at.markdown)
    for spec in SPECS:
        assert f"**`{spec.name}`**" in listed
        assert all(f"`{s.name}`" in listed for s in spec.settings)
    pasted = (
        "## 🎯 Definicja\nNeuron to jednostka.\n\n```demo neuron\nw1: 99\nkolor: red\n```\n\n"
        "```demo gradient\ndepth: 3\n```\n"
    )
    at.text_area(key="pasted").set_value(pasted).run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    # located (line 5 and 6 of the pasted text), in the interface's language
    assert any(":5: " in w and "'neuron'" in w and "'w1'" in w for w in warnings), warnings
    assert any(":6: " in w and "'kolor'" in w for w in warnings), warnings
    assert at.slider(key="grad_depth").value == 3  # the preview runs the block with its preset


def test_the_preview_of_a_paste_names_what_is_missing():
    """Issue 20's preview items: no title -> said so (not "Wklejony"); `related:` shown; links to entries
    that do not exist flagged at their line."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_add_page, default_timeout=120).run()
    pasted = (
        "---\nrelated: [relu, nie-ma-takiego]\n---\n\n## 🎯 Definicja\nkrótki tekst bez tytułu.\n\n"
        "Zobacz [to](/brak-hasla) i [ReLU](/relu).\n"
    )
    at.text_area(key="pasted").set_value(pasted).run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("bez tytułu" in w or "nie ma tytułu" in w for w in warnings), warnings
    assert any(":8: " in w and "brak-hasla" in w for w in warnings), warnings
    assert any("related" in w and "nie-ma-takiego" in w for w in warnings), warnings
    assert not any("„relu”" in w for w in warnings)
    assert at.title[-1].value == "(bez tytułu)"
    related = [pl.proto.page for pl in at.get("page_link")]
    assert "relu" in related  # the pasted entry's own `related:`, resolved against the library
