"""Live demos placed in an entry's text by ```` ```demo NAME ```` blocks (registry: glossary.corpus.demos).

The entry page calls :meth:`DemoSlots.place` where a block stands in the text: that reserves an empty
slot in reading order and computes nothing. When the whole text has been sent, :meth:`DemoSlots.run`
fills the slots from the top down, so the definition reaches the reader before any demo computes and a
heavy demo further down never holds up the ones above it.

Each demo is an ``@st.fragment`` (moving a control reruns that demo, not the page) whose controls live
in the URL under its instance key (``grad_depth``; a second gradient demo on the page is ``grad2_…``),
with the block's settings as defaults, so a shared link reproduces what its sender saw. torch is
imported only when a CNN demo runs.
"""

from __future__ import annotations

import importlib
import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st
import yaml

from glossary.corpus.demos import (
    DEMOS,
    ELEMENTWISE,
    MAX_BLOCKS_PER_PAGE,
    VECTOR,
    DemoBlock,
    DemoSpec,
    next_instance_key,
    read_block,
)
from glossary.corpus.entry import Entry
from glossary.corpus.render import DemoFence, escape_text
from glossary.format import count_of, number
from glossary.ui.demos.widgets import act_title
from glossary.ui.i18n import STRINGS, t

log = logging.getLogger(__name__)

VECTOR_DEFAULTS = ("softmax", "cross-entropy")  # a softmax page: what fits a vector-valued activation
# A page's demos compute for at most this long in one run; later ones then wait behind a switch.
DEMO_SECONDS = float(os.environ.get("GLOSSARY_DEMO_SECONDS", "3") or 3)
FALLBACK_NOTES = {"cnn": "cnn_fallback", "gradient": "grad_not_hidden"}  # else "demo_fallback"


def demo_function(spec: DemoSpec) -> Callable[[Mapping[str, Any], str, str], None]:
    """The UI function named by ``spec.ui`` (``"module:function"``)."""
    module, _, name = spec.ui.partition(":")
    return getattr(importlib.import_module(module), name or "render")


def default_blocks(activation: str) -> list[DemoBlock]:
    """An activation page without blocks of its own: its curve (or softmax), gradient and CNN demos."""
    if activation in ELEMENTWISE:
        names = ["curve", "gradient", "cnn"]
    elif activation in VECTOR:
        names = list(VECTOR_DEFAULTS)
    else:
        return []
    blocks = []
    for name in names:
        if name in DEMOS:
            block, _ = read_block(f"demo {name}", "", "", 0, page_activation=activation)
            blocks.append(block)
    return blocks


@dataclass
class _Slot:
    placeholder: Any
    block: DemoBlock
    key: str


class DemoSlots:
    """The demos of one page: places reserved in reading order, filled after the text is out."""

    def __init__(self, entry: Entry, lang: str) -> None:
        self.entry, self.lang = entry, lang
        self._keys_seen: dict[str, int] = {}  # URL prefixes given so far (corpus.demos.next_instance_key)
        self.slots: list[_Slot] = []
        self.offered = 0  # demos past the budget offered behind a toggle
        self.cut = False  # demos past even that: not shown (the page says it was cut)

    def place(self, fence: DemoFence) -> None:
        """Reserve the place of one block (nothing is computed yet)."""
        block, _ = read_block(
            fence.info, fence.body, self.entry.path, 0, page_activation=self.entry.activation
        )
        self.place_block(block)

    def place_block(self, block: DemoBlock) -> None:
        if not block.known:
            st.caption(
                t("demo_unknown", self.lang, name=escape_text(block.name or "?"), known=", ".join(DEMOS))
            )
            return
        key = next_instance_key(block.name, self._keys_seen)
        if len(self.slots) >= MAX_BLOCKS_PER_PAGE:  # the page budget: later demos run on request only
            self.offered += 1
            if self.offered > MAX_BLOCKS_PER_PAGE:  # and only so many are offered
                self.cut = True
                return
            title = DEMOS[block.name].title(self.lang)
            demos = count_of(MAX_BLOCKS_PER_PAGE, self.lang, STRINGS["n_demos"])
            if not st.toggle(t("demo_open", self.lang, title=title, demos=demos), key=f"{key}_open"):
                return
        self.slots.append(_Slot(st.empty(), block, key))

    def _fallback_note(self, name: str, block: DemoBlock) -> str:
        page = block.fallback_from or ""
        page = act_title(page, self.lang) if page in ELEMENTWISE + VECTOR else escape_text(page)
        used = act_title(block.settings["activation"], self.lang)
        key = FALLBACK_NOTES.get(name, "demo_fallback")
        return t(key, self.lang, name=page, fallback=used, other=used)

    def run(self) -> None:
        """Compute and draw every reserved demo, top to bottom; a failing demo shows its error only.

        Once the page's demos have computed for ``DEMO_SECONDS`` (a cold server, many heavy blocks), the
        ones still waiting are offered behind a switch instead: one reader's page run stays bounded (the
        first demo always runs; each demo alone is bounded by its settings' ranges)."""
        deadline = time.monotonic() + DEMO_SECONDS
        for n, slot in enumerate(self.slots):
            spec = DEMOS[slot.block.name]
            with slot.placeholder.container(border=True, key=f"demo-{slot.key}"):
                st.markdown(f"### {spec.title(self.lang)}")
                if n and time.monotonic() > deadline:
                    seconds = number(DEMO_SECONDS, self.lang)
                    if not st.toggle(t("demo_paused", self.lang, seconds=seconds), key=f"{slot.key}_go"):
                        continue
                if slot.block.fallback_from:
                    st.caption(self._fallback_note(spec.name, slot.block))
                try:
                    demo_function(spec)(dict(slot.block.settings), slot.key, self.lang)
                except Exception as exc:  # one broken demo must not take the page down
                    log.exception("demo %s failed on %s", spec.name, self.entry.slug)
                    st.error(f"{spec.title(self.lang)}: {type(exc).__name__}: {escape_text(str(exc))}")


def block(name: str, page_activation: str | None = None, **settings: Any) -> DemoBlock:
    """A validated block as if written ```demo NAME``` with these settings (tests, benchmarks)."""
    body = yaml.safe_dump(settings) if settings else ""
    return read_block(f"demo {name}", body, "", 0, page_activation=page_activation)[0]


def show(blocks: Sequence[DemoBlock], lang: str, activation: str | None = None) -> None:
    """Place and run ``blocks`` right here, as a page would (tests and benchmarks)."""
    slots = DemoSlots(Entry(path="", slug="", title="", activation=activation), lang)
    for one in blocks:
        slots.place_block(one)
    slots.run()


def show_defaults(activation: str, lang: str) -> None:
    """What an activation page without blocks of its own shows."""
    show(default_blocks(activation), lang, activation)


GENERAL_SET = ("all-curves", "xor", "dead-relu")  # the seed page's blocks


def show_general(lang: str) -> None:
    show([block(name) for name in GENERAL_SET], lang)
