"""The boundary between Streamlit and the content engine: where content lives, caching, language."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import streamlit as st

from glossary.corpus.library import Library, folder_state, load_library
from glossary.ui.i18n import normalize_lang

ROOT = Path(__file__).resolve().parents[2]
CONTENT_ENV = "GLOSSARY_CONTENT_DIR"

# The last library loaded per folder, handed to `load_library(previous=...)` so that only files whose
# state changed are parsed again. Shared by all sessions, like the cache itself.
_previous: dict[str, Library] = {}
_previous_lock = threading.Lock()


def content_dir() -> Path:
    """The content folder: ``$GLOSSARY_CONTENT_DIR`` or ``<repo>/content``."""
    configured = os.environ.get(CONTENT_ENV)
    return Path(configured).expanduser().resolve() if configured else ROOT / "content"


# NOTE: two entries, not more: the fingerprint changes with every edit and an older one does not come
# back (mtimes only grow), so an older library serves at most a session whose run straddled the change.
# With eight, a content folder edited often kept seven stale libraries alive (each with its own search
# index: +15 MB of live objects over a chaos run, measured with tracemalloc).
@st.cache_resource(max_entries=2, show_spinner=False)
def _load(folder: str, state: tuple) -> Library:
    # `state` is only the cache key: a new fingerprint (a file added, edited or removed) misses.
    del state
    with _previous_lock:
        previous = _previous.get(folder)
        if previous is not None and not Path(folder).is_dir():
            return previous  # the folder is gone (renamed, mid-checkout): keep serving what it had
        library = load_library(Path(folder), previous=previous)
        _previous[folder] = library
    return library


def get_library(folder: Path | None = None) -> Library:
    """The parsed library of ``folder`` (default: `content_dir`), re-parsed only when it changed.

    ``st.cache_resource`` rather than ``cache_data``: the library is never mutated after loading and
    copying it on every rerun would cost a page switch more than the whole page render.
    """
    path = (folder or content_dir()).resolve()
    return _load(str(path), folder_state(path))


def content_missing(folder: Path | None = None) -> bool:
    """True when the content folder is not there (the pages show its last loaded state)."""
    return not (folder or content_dir()).is_dir()


def current_lang() -> str:
    """The interface language chosen in the sidebar (bound to ``?lang=``); Polish by default."""
    return normalize_lang(st.session_state.get("lang"))


def link_suffix(lang: str) -> str:
    """Query string appended to in-app markdown links so a followed link keeps the language."""
    return "?lang=en" if lang == "en" else ""


def shown_path(path: str, folder: Path) -> str:
    """``path`` as an author knows it: relative to the content folder's parent (``content/relu.md``)."""
    try:
        return str(Path(path).resolve().relative_to(folder.resolve().parent))
    except (ValueError, OSError):
        return path
