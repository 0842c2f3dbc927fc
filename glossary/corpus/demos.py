"""The demo registry: what a ```` ```demo NAME ```` block in an entry may ask for.

A demo block is a fenced code block whose info string is ``demo NAME`` and whose body is a YAML mapping
of settings (an empty body means the defaults)::

    ```demo gradient
    activation: sigmoid
    depth: 30
    compare: [relu]
    ```

:data:`DEMOS` maps each name to a :class:`DemoSpec`: its settings (type, range or choices, default,
Polish/English label), its Polish/English title, the tested core function it draws from and its UI
(``"module:function"`` under ``glossary.ui.demos``, called as ``function(settings, key, lang)``). The
renderer, the validation below, the "Dodaj hasło" page, ``python -m glossary demos`` and the tests all
read this one table. It is plain Python (no NumPy, no Streamlit): content loading validates blocks with
it; a test checks that every choice list here equals the maths' and CNN's own lists.

Every value is checked *before* anything is computed: an unknown demo or setting, a wrong type or a
YAML error is a located diagnostic; an out-of-range number is clamped (with a warning); an oversized
body or a YAML alias (``&a``/``*a``: the "billion laughs" bomb) is refused.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from glossary.corpus.entry import Diagnostic
from glossary.corpus.front_matter import load_yaml

Kind = Literal["choice", "choices", "int", "float", "floats", "range", "bool"]

# The registry's activations by role, without NumPy (tests check them against glossary.maths).
ELEMENTWISE: tuple[str, ...] = (
    "relu", "leaky_relu", "sigmoid", "tanh", "elu", "gelu", "silu", "softplus", "mish",
)  # fmt: skip
VECTOR: tuple[str, ...] = ("softmax", "log_softmax")
CNN_ACTIVATIONS: tuple[str, ...] = ("relu", "leaky_relu", "sigmoid", "tanh")
CNN_NETWORKS: tuple[str, ...] = ("seed", "pooled")
SHAPES: tuple[str, ...] = ("circle", "square", "triangle", "cross", "line", "star")
INITS: tuple[str, ...] = ("xavier", "he", "normal")
NORMS: tuple[str, ...] = ("none", "batch", "layer")
WIDTHS: tuple[int, ...] = (16, 32, 64, 128, 256)
XOR_LRS: tuple[float, ...] = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2)
TRAIN_LRS: tuple[float, ...] = (0.0003, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1)  # log-spaced
TRAIN_SIZES: tuple[str, ...] = ("small", "medium")  # glossary.cnn.live.SIZES: 3,000 and 6,000 images

MAX_BODY = 2_000  # characters of settings in one block: far more than any real block needs
MAX_BLOCKS_PER_PAGE = 12  # demo blocks that run on one page; later ones wait behind a switch (ui.demos)
INFO = re.compile(r"^demo(?:\s+(?P<name>\S+))?\s*$")


@dataclass(frozen=True)
class Setting:
    """One setting of a demo: the value a block may preset and the URL may change."""

    name: str
    kind: Kind
    default: Any
    label_pl: str
    label_en: str
    choices: tuple[Any, ...] = ()  # for choice/choices
    min: float | None = None  # for int/float/floats/range (and the length of floats/choices lists)
    max: float | None = None
    step: float | None = None
    max_items: int = 1  # for choices/floats
    min_items: int = 0

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_pl

    def describe(self) -> str:
        """What values are allowed, in one short line (the CLI and the add page show it)."""
        if self.kind == "choice":
            return "one of " + ", ".join(map(str, self.choices))
        if self.kind == "choices":
            return f"a list of up to {self.max_items} of " + ", ".join(map(str, self.choices))
        if self.kind == "bool":
            return "true or false"
        if self.kind == "floats":
            return (
                f"a list of {self.min_items}–{self.max_items} numbers in [{_num(self.min)}, {_num(self.max)}]"
            )
        if self.kind == "range":
            return f"[low, high] within [{_num(self.min)}, {_num(self.max)}]"
        kind = "a whole number" if self.kind == "int" else "a number"
        return f"{kind} in [{_num(self.min)}, {_num(self.max)}]"


@dataclass(frozen=True)
class DemoSpec:
    name: str
    title_pl: str
    title_en: str
    key: str  # the URL prefix of its first instance on a page (later ones add 2, 3, …)
    core: str  # the tested function it computes with (dotted path)
    ui: str  # "module:function" drawing it: function(settings, key, lang), an @st.fragment
    settings: tuple[Setting, ...] = ()
    heavy: bool = False  # trains or simulates: worth placing below the text it illustrates

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_pl

    def setting(self, name: str) -> Setting | None:
        return next((s for s in self.settings if s.name == name), None)

    def defaults(self) -> dict[str, Any]:
        return {s.name: s.default for s in self.settings}


def _num(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _act(default: str, choices: Sequence[str] = ELEMENTWISE) -> Setting:
    return Setting("activation", "choice", default, "Funkcja aktywacji", "Activation", tuple(choices))


def _logits(min_items: int) -> Setting:
    return Setting(
        "logits", "floats", [2.0, 1.0, 0.1], "Logity", "Logits",
        min=-10.0, max=10.0, step=0.1, min_items=min_items, max_items=5,
    )  # fmt: skip


def _range(default: tuple[float, float]) -> Setting:
    return Setting("range", "range", list(default), "Zakres x", "x range", min=-10.0, max=10.0, step=0.5)


DEMOS: dict[str, DemoSpec] = {
    spec.name: spec
    for spec in (
        DemoSpec(
            "curve",
            "Wykres f(x) i f′(x)",
            "f(x) and f′(x)",
            "curve",
            "glossary.maths.readouts.sample_curves",
            "glossary.ui.demos.curves:curve",
            (
                _act("relu"),
                _range((-5.0, 5.0)),
                Setting("x", "float", -1.5, "Punkt x", "Point x", min=-10.0, max=10.0, step=0.1),
                Setting("overlay", "choices", [], "Nałóż inne funkcje", "Overlay", ELEMENTWISE, max_items=8),
            ),
        ),
        DemoSpec(
            "softmax",
            "Logity → prawdopodobieństwa",
            "Logits → probabilities",
            "smax",
            "glossary.maths.activations.softmax",
            "glossary.ui.demos.curves:softmax",
            (
                _logits(min_items=3),
                Setting("temperature", "float", 1.0, "Temperatura T", "Temperature T", min=0.05, max=10.0),
            ),
        ),
        DemoSpec(
            "all-curves",
            "Wszystkie funkcje aktywacji na jednym wykresie",
            "Every activation on one chart",
            "all",
            "glossary.maths.readouts.sample_curves",
            "glossary.ui.demos.curves:all_curves",
            (
                _range((-4.0, 4.0)),
                Setting("show", "choice", "f", "Pokaż", "Show", ("f", "df")),
                Setting("shown", "choices", list(ELEMENTWISE), "Widoczne", "Shown", ELEMENTWISE, max_items=9),
            ),
        ),
        DemoSpec(
            "gradient",
            "Gradient przez kolejne warstwy",
            "The gradient through the layers",
            "grad",
            "glossary.maths.gradient_flow.simulate",
            "glossary.ui.demos.gradient:render",
            (
                _act("sigmoid"),
                Setting("depth", "int", 20, "Liczba warstw", "Layers", min=1, max=60, step=1),
                Setting("width", "choice", 64, "Szerokość warstwy", "Layer width", WIDTHS),
                Setting("init", "choice", "xavier", "Inicjalizacja wag", "Weight init", INITS),
                Setting("scale", "float", 1.0, "Skala wag", "Weight scale", min=0.25, max=3.0, step=0.05),
                Setting("norm", "choice", "none", "Normalizacja", "Normalisation", NORMS),
                Setting("compare", "choices", [], "Porównaj z", "Compare with", ELEMENTWISE, max_items=4),
            ),
            heavy=True,
        ),
        DemoSpec(
            "cnn",
            "Mini CNN: rozpoznawanie kształtów",
            "Mini CNN: recognising shapes",
            "cnn",
            "glossary.cnn.model.predict",
            "glossary.ui.demos.cnn:render",
            (
                _act("relu", CNN_ACTIVATIONS),
                Setting("network", "choice", "pooled", "Sieć", "Network", CNN_NETWORKS),
                Setting("shape", "choice", "star", "Kształt", "Shape", SHAPES),
            ),
            heavy=True,
        ),
        DemoSpec(
            "xor",
            "XOR: po co nieliniowość",
            "XOR: why non-linearity",
            "xor",
            "glossary.maths.toy_nets.train_xor",
            "glossary.ui.demos.toys:xor",
            (
                _act("relu"),
                Setting("hidden", "int", 8, "Neurony ukryte", "Hidden units", min=2, max=16, step=1),
                Setting("epochs", "int", 1500, "Epoki", "Epochs", min=100, max=3000, step=100),
                Setting("lr", "choice", 0.05, "Współczynnik uczenia", "Learning rate", XOR_LRS),
            ),
            heavy=True,
        ),
        DemoSpec(
            "dead-relu",
            "Martwe neurony ReLU",
            "Dead ReLU units",
            "dead",
            "glossary.maths.toy_nets.dead_sweep",
            "glossary.ui.demos.toys:dead_relu",
            (
                Setting("sweep", "choice", "lr", "Zmieniaj", "Sweep", ("lr", "bias_init")),
                Setting(
                    "slope",
                    "float",
                    0.1,
                    "Nachylenie Leaky ReLU",
                    "Leaky ReLU slope",
                    min=0.01,
                    max=0.3,
                    step=0.01,
                ),
            ),
            heavy=True,
        ),
        DemoSpec(
            "neuron",
            "Jeden neuron: y = f(w₁·x₁ + w₂·x₂ + b)",
            "One neuron: y = f(w₁·x₁ + w₂·x₂ + b)",
            "neuron",
            "glossary.maths.neuron.plane",
            "glossary.ui.demos.neuron:render",
            (
                _act("sigmoid"),
                Setting("w1", "float", 1.0, "Waga w₁", "Weight w₁", min=-5.0, max=5.0, step=0.1),
                Setting("w2", "float", -1.0, "Waga w₂", "Weight w₂", min=-5.0, max=5.0, step=0.1),
                Setting("b", "float", 0.5, "Obciążenie b", "Bias b", min=-5.0, max=5.0, step=0.1),
                Setting("x1", "float", 1.0, "Wejście x₁", "Input x₁", min=-3.0, max=3.0, step=0.1),
                Setting("x2", "float", 0.5, "Wejście x₂", "Input x₂", min=-3.0, max=3.0, step=0.1),
            ),
        ),
        DemoSpec(
            "backprop",
            "Propagacja wsteczna krok po kroku (sieć 2–2–1)",
            "Backpropagation step by step (a 2–2–1 network)",
            "bp",
            "glossary.maths.backprop.backprop",
            "glossary.ui.demos.backprop:render",
            (
                _act("sigmoid"),
                Setting("x1", "float", 0.05, "Wejście x₁", "Input x₁", min=-2.0, max=2.0, step=0.05),
                Setting("x2", "float", 0.1, "Wejście x₂", "Input x₂", min=-2.0, max=2.0, step=0.05),
                Setting("target", "float", 0.01, "Cel t", "Target t", min=0.0, max=1.0, step=0.01),
                Setting(
                    "lr", "float", 0.5, "Współczynnik uczenia", "Learning rate", min=0.01, max=5.0, step=0.01
                ),
                Setting(
                    "seed",
                    "int",
                    0,
                    "Wagi startowe (0 = z podręcznika)",
                    "Start weights (0 = textbook)",
                    min=0,
                    max=10,
                    step=1,
                ),
            ),
        ),
        DemoSpec(
            "cross-entropy",
            "Entropia krzyżowa z logitów",
            "Cross-entropy from logits",
            "xent",
            "glossary.maths.cross_entropy.cross_entropy",
            "glossary.ui.demos.cross_entropy:render",
            (
                _logits(min_items=2),
                Setting(
                    "target", "int", 0, "Klasa docelowa (od 0)", "Target class (from 0)", min=0, max=4, step=1
                ),
                Setting(
                    "scale",
                    "float",
                    1.0,
                    "Mnożnik logitów",
                    "Logit multiplier",
                    min=1.0,
                    max=1000.0,
                    step=1.0,
                ),
                Setting(
                    "logit",
                    "float",
                    40.0,
                    "Logit (binarnie)",
                    "Logit (binary)",
                    min=-100.0,
                    max=100.0,
                    step=0.5,
                ),
                Setting("label", "choice", 0, "Etykieta y (binarnie)", "Label y (binary)", (0, 1)),
            ),
        ),
        DemoSpec(
            "init",
            "Inicjalizacja wag: rozrzut aktywacji przez warstwy",
            "Weight init: the spread of activations through the layers",
            "init",
            "glossary.maths.init_stats.spread",
            "glossary.ui.demos.init:render",
            (
                _act("relu"),
                Setting("init", "choice", "he", "Inicjalizacja", "Init", INITS),
                Setting("versus", "choice", "xavier", "Porównaj z", "Compare with", INITS),
                Setting("depth", "int", 20, "Liczba warstw", "Layers", min=1, max=50, step=1),
                Setting("width", "choice", 128, "Szerokość warstwy", "Layer width", WIDTHS),
            ),
            heavy=True,
        ),
        DemoSpec(
            "train",
            "Wytrenuj sam: mini CNN uczy się na żywo",
            "Train it yourself: the mini CNN learns live",
            "train",
            "glossary.cnn.live.train_live",
            "glossary.ui.demos.train:render",
            (
                Setting("network", "choice", "pooled", "Sieć", "Network", CNN_NETWORKS),
                Setting(
                    "activations",
                    "choices",
                    ["relu"],
                    "Funkcje aktywacji",
                    "Activations",
                    CNN_ACTIVATIONS,
                    max_items=4,
                    min_items=1,
                ),
                Setting("lr", "choice", 0.005, "Współczynnik uczenia", "Learning rate", TRAIN_LRS),
                Setting("epochs", "int", 2, "Epoki", "Epochs", min=1, max=5, step=1),
                Setting("size", "choice", "small", "Zbiór treningowy", "Training set", TRAIN_SIZES),
                Setting("seed", "int", 0, "Ziarno losowania", "Random seed", min=0, max=999, step=1),
            ),
            heavy=True,
        ),
    )
}


# -- blocks -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoBlock:
    """One ```` ```demo NAME ```` block as written: where it is and what it asks for."""

    name: str
    body: str
    line: int  # 1-based line of the opening fence in the file
    # validated, defaults filled in; follows from body and the page (so left out of == and hash)
    settings: Mapping[str, Any] = field(default_factory=dict, compare=False)
    known: bool = True  # False: no such demo (the page shows a short note instead)
    fallback_from: str | None = None  # the page's activation, when this demo cannot use it (it says so)


def is_demo_info(info: str) -> bool:
    """True for a fence info string that opens a demo block (``demo``, ``demo NAME``)."""
    return INFO.match(info.strip()) is not None


def block_name(info: str) -> str:
    match = INFO.match(info.strip())
    return (match.group("name") or "") if match else ""


def read_block(
    info: str, body: str, path: str, line: int, *, page_activation: str | None = None
) -> tuple[DemoBlock, list[Diagnostic]]:
    """Validate one block. ``line`` is the fence's 1-based line; the body starts on the next line.

    Returns the block with every setting filled in (block value, else the page's activation where the
    demo has an ``activation`` setting, else the registry default) and the diagnostics, each at the
    line of the offending setting. Never raises.
    """
    diags: list[Diagnostic] = []

    def report(severity: str, offset: int, message: str) -> None:
        diags.append(Diagnostic(path, line + offset, severity, message))  # type: ignore[arg-type]

    name = block_name(info)
    spec = DEMOS.get(name)
    if spec is None:
        close = difflib.get_close_matches(name, list(DEMOS), n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        what = f"unknown demo '{name}'" if name else "demo block without a name"
        report(
            "warning",
            0,
            f"{what}{hint}: use one of {', '.join(DEMOS)} (`python -m glossary demos` lists them)",
        )
        return DemoBlock(name, body, line, {}, known=False), diags

    values = spec.defaults()
    fallback_from = None
    if page_activation and spec.setting("activation") is not None:
        allowed = spec.setting("activation").choices  # type: ignore[union-attr]
        if page_activation in allowed:
            values["activation"] = page_activation
        else:
            fallback_from = page_activation
    if len(body) > MAX_BODY:
        report(
            "warning", 1, f"demo settings are {len(body):,} characters (at most {MAX_BODY:,}): defaults used"
        )
        return DemoBlock(name, body, line, values, fallback_from=fallback_from), diags
    raw: Any = {}
    if body.strip():
        try:
            raw = load_yaml(body)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            offset = 1 + (mark.line if mark is not None else 0)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            report("warning", offset, f"demo settings are not valid YAML ({problem}): defaults used")
            return DemoBlock(name, body, line, values, fallback_from=fallback_from), diags
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        report("warning", 1, "demo settings must be 'name: value' lines (a YAML mapping): defaults used")
        return DemoBlock(name, body, line, values, fallback_from=fallback_from), diags
    lines = body.split("\n")
    for key, value in raw.items():
        offset = 1 + _line_of(lines, str(key))
        setting = spec.setting(str(key))
        if setting is None:
            known = ", ".join(s.name for s in spec.settings) or "none"
            close = difflib.get_close_matches(str(key), [s.name for s in spec.settings], n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            report("warning", offset, f"demo '{name}' has no setting '{key}'{hint}; its settings: {known}")
            continue
        checked, message, severity = check_value(setting, value)
        if message:
            report(severity, offset, f"demo '{name}', setting '{key}': {message}")
        if checked is not None:
            values[setting.name] = checked
            if setting.name == "activation":
                fallback_from = None  # the author chose it
    return DemoBlock(name, body, line, values, fallback_from=fallback_from), diags


def _line_of(lines: Sequence[str], key: str) -> int:
    pattern = re.compile(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*:")
    return next((i for i, text in enumerate(lines) if pattern.match(text)), 0)


def check_value(setting: Setting, value: Any) -> tuple[Any, str, str]:
    """(value to use or None for the default, message or "", severity). Clamps numbers into range."""
    kind = setting.kind
    if kind == "bool":
        if isinstance(value, bool):
            return value, "", ""
        return None, f"expected true or false, got {value!r}: default used", "warning"
    if kind == "choice":
        if value in setting.choices and type(value) is not bool:
            return value, "", ""
        return None, f"{_short(value)} is not {setting.describe()}: default used", "warning"
    if kind == "choices":
        if not isinstance(value, list):
            value = [value]
        kept = [v for v in dict.fromkeys(map(_hashable, value)) if v in setting.choices]
        bad = [v for v in value if _hashable(v) not in setting.choices]
        message = ""
        if bad:
            message = f"{_short(bad)} not among {', '.join(map(str, setting.choices))} (ignored)"
        if len(kept) > setting.max_items:
            kept = kept[: setting.max_items]
            message = (message + "; " if message else "") + f"at most {setting.max_items} (the rest ignored)"
        return kept, message, "warning" if message else ""
    if kind in ("int", "float"):
        number = _number(value, integer=kind == "int")
        if number is None:
            return None, f"{_short(value)} is not {setting.describe()}: default used", "warning"
        clamped = _clamp(number, setting)
        if clamped != number:
            return (
                clamped,
                f"{_short(value)} is outside [{_num(setting.min)}, {_num(setting.max)}]: {clamped:g} used",
                "warning",
            )
        return clamped, "", ""
    if kind in ("floats", "range"):
        items = value if isinstance(value, list) else None
        low, high = (2, 2) if kind == "range" else (setting.min_items, setting.max_items)
        numbers = (
            [_number(v, integer=False) for v in items] if items is not None and len(items) <= 64 else None
        )
        if numbers is None or any(n is None for n in numbers) or not low <= len(numbers) <= high:
            return None, f"{_short(value)} is not {setting.describe()}: default used", "warning"
        clamped = [_clamp(n, setting) for n in numbers]  # type: ignore[arg-type]
        if kind == "range" and clamped[0] >= clamped[1]:
            return None, f"{_short(value)}: low must be below high: default used", "warning"
        if clamped != numbers:
            return (
                clamped,
                f"{_short(value)} is outside [{_num(setting.min)}, {_num(setting.max)}]: clamped",
                "warning",
            )
        return clamped, "", ""
    return None, f"unsupported setting kind {kind}", "warning"


def _hashable(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def _number(value: Any, *, integer: bool) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value):
        return None
    if integer:
        if float(value) != int(value) and abs(value) < 1e15:
            return None
        return int(max(min(value, 1e15), -1e15))
    return float(value)


def _clamp(number: float, setting: Setting) -> float:
    low = setting.min if setting.min is not None else number
    high = setting.max if setting.max is not None else number
    clamped = min(max(number, low), high)
    return type(number)(clamped)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def instance_keys(names: Sequence[str]) -> list[str]:
    """URL prefix of each block on a page, in order: the spec's key for the first instance of a demo,
    then key2, key3, … (stable for the same entry text; two instances never share a prefix)."""
    seen: dict[str, int] = {}
    return [next_instance_key(name, seen) for name in names]


def next_instance_key(name: str, seen: dict[str, int]) -> str:
    """The URL prefix of the next block named ``name`` on a page; ``seen`` counts the prefixes so far."""
    spec = DEMOS.get(name)
    base = spec.key if spec else re.sub(r"[^a-z0-9]", "", name.lower())[:12] or "demo"
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}{seen[base]}"


def as_table() -> list[dict[str, str]]:
    """One row per setting of every demo (the README's table, `python -m glossary demos`)."""
    rows = []
    for spec in DEMOS.values():
        if not spec.settings:
            rows.append({"demo": spec.name, "setting": "—", "default": "—", "allowed": "—"})
        for s in spec.settings:
            rows.append(
                {
                    "demo": spec.name,
                    "setting": s.name,
                    "default": _yaml_value(s.default),
                    "allowed": s.describe(),
                }
            )
    return rows


def _yaml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def markdown_table() -> str:
    """The README's table of demos and their settings (a test keeps the two equal)."""
    lines = ["| demo | title | setting | default | allowed |", "|---|---|---|---|---|"]
    for spec in DEMOS.values():
        first = f"`{spec.name}` | {spec.title_en}"
        if not spec.settings:
            lines.append(f"| {first} | — | — | — |")
        for i, s in enumerate(spec.settings):
            lead = first if i == 0 else " | "
            allowed = s.describe().replace("|", "\\|")
            lines.append(f"| {lead} | `{s.name}` | `{_yaml_value(s.default)}` | {allowed} |")
    return "\n".join(lines)
