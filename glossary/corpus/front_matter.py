"""Reading an entry's YAML front matter with PyYAML's safe loader."""

from __future__ import annotations

from typing import Any

import yaml

FRONT_MATTER_KEYS = ("title", "aliases", "tags", "lang", "activation", "related")


def load_yaml(text: str) -> Any:
    """``text`` read by PyYAML's libyaml-based safe loader, with anchors and aliases refused.

    Raises ``yaml.YAMLError`` (a ``MarkedYAMLError`` with the line, for an anchor or alias) for invalid
    YAML; blank text is ``{}``. Entries never need anchors, and a few lines of nested aliases (the
    "billion laughs") load as shared references but expand to 9⁹ items the moment anything walks them.
    """
    if not text.strip():
        return {}
    if "&" in text or "*" in text:  # NOTE: libyaml's event scan is cheap; only texts that could hold one
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise yaml.MarkedYAMLError(
                    problem="YAML anchors and aliases (&name, *name) are not allowed",
                    problem_mark=event.start_mark,
                )
    # NOTE: CSafeLoader (libyaml) is ~20x faster than the pure-Python SafeLoader; the wheels ship it
    return yaml.load(text, Loader=yaml.CSafeLoader)


def load_front_matter(text: str) -> Any:
    """The data of the front matter ``text`` (see :func:`load_yaml`)."""
    return load_yaml(text)
