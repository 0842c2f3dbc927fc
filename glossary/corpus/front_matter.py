"""Reading an entry's YAML front matter with PyYAML's safe loader."""

from __future__ import annotations

from typing import Any

import yaml

FRONT_MATTER_KEYS = ("title", "aliases", "tags", "lang", "activation", "related")


def load_front_matter(text: str) -> Any:
    """The data of the front matter ``text``, read by PyYAML's libyaml-based safe loader.

    Raises ``yaml.YAMLError`` for invalid YAML; blank front matter is ``{}``.
    """
    # NOTE: CSafeLoader (libyaml) is ~20x faster than the pure-Python SafeLoader; the wheels ship it
    return yaml.load(text, Loader=yaml.CSafeLoader) if text.strip() else {}
