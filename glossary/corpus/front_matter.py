"""Reading an entry's YAML front matter, with a fast path for the usual simple header."""

from __future__ import annotations

import re
from typing import Any

import yaml

FRONT_MATTER_KEYS = ("title", "aliases", "tags", "lang", "activation", "related")

try:  # libyaml is ~20x faster than the pure-Python loader; both are "safe".
    _YAML_LOADER: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _YAML_LOADER = yaml.SafeLoader

_FM_LINE = re.compile(r"^([A-Za-z_][\w-]*):[ \t]+(.*?)[ \t]*$")
# A YAML plain scalar that can only be a string: starts with a letter, no indicator characters.
_FM_PLAIN = re.compile(r"^[^\W\d_][^:#\[\]{},\"'`|>&*!%@\\]*$")
_YAML_WORDS = frozenset(("yes", "no", "on", "off", "true", "false", "null", "y", "n"))


def _plain(value: str) -> bool:
    # isprintable(): no control characters or Unicode line breaks, which YAML treats specially
    return value.isprintable() and bool(_FM_PLAIN.match(value)) and value.lower() not in _YAML_WORDS


def simple_front_matter(text: str) -> dict[str, Any] | None:
    """Front matter made only of ``key: word words`` and ``key: [a, b]`` lines, read without YAML.

    PyYAML costs about a tenth of the whole load; this covers the usual entry and gives exactly
    what ``yaml.safe_load`` gives for it. Anything else returns None (then YAML reads it).
    """
    out: dict[str, Any] = {}
    for line in text.split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        m = _FM_LINE.match(line)
        # NOTE: str.strip() eats control characters (\x1c-\x1f) that YAML rejects: check the raw line
        if m is None or m.group(1) in out or not line.isprintable():
            return None
        key, value = m.groups()
        if value.startswith("[") and value.endswith("]"):
            inner = value[1:-1].strip()
            items = [item.strip() for item in inner.split(",")] if inner else []
            if not all(_plain(item) for item in items):
                return None
            out[key] = items
        elif _plain(value):
            out[key] = value
        else:
            return None
    return out


def load_front_matter(text: str) -> Any:
    """The data of the front matter ``text``: :func:`simple_front_matter`, else PyYAML (safe).

    Raises ``yaml.YAMLError`` for invalid YAML; blank front matter is ``{}``.
    """
    data = simple_front_matter(text)
    if data is None:
        data = yaml.load(text, Loader=_YAML_LOADER) if text.strip() else {}
    return data
