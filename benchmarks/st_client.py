"""A minimal Streamlit client that speaks the frontend's websocket protocol (Streamlit 1.67).

It does what the browser's JavaScript does, without a browser: open ``/_stcore/stream`` with the
subprotocols ``["streamlit", <xsrf token or PLACEHOLDER_AUTH_TOKEN>]``, send a ``BackMsg`` whose
``rerun_script`` carries a ``ClientState`` (query string, page, widget states, fragment id, the hashes of
cached messages), then read ``ForwardMsg`` until ``script_finished``. It keeps the element tree the way
the frontend does (a full run replaces it, a fragment run replaces that fragment's elements), resolves
``ref_hash`` messages from its message cache, records the app's pages (``navigation`` / ``new_session``)
and the widgets it drew, so a benchmark can move a widget by key and a test can read the text shown.

Used by ``benchmarks/bench_load.py`` and by tests::

    async with Session(server.url) as s:
        run = await s.run(page="relu", query_string="lang=en")
        assert "ReLU" in s.text() and not s.exceptions()
        await s.set_widget("depth", 20)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM_PATH = "/_stcore/stream"
# What the 1.67 frontend sends when it has no XSRF cookie (getSessionTokens in the JS bundle).
PLACEHOLDER_TOKEN = "PLACEHOLDER_AUTH_TOKEN"
FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "finished",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile_error",
    ForwardMsg.FINISHED_EARLY_FOR_RERUN: "early_for_rerun",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment_finished",
}
# String fields that carry what a person reads, per element or block message.
_TEXT_FIELDS = ("label", "body", "code_text", "message", "content")


class ClientError(RuntimeError):
    """The server closed the connection, timed out or answered in a way the client cannot follow."""


@dataclass(frozen=True)
class Page:
    """One page of an ``st.navigation`` app (or the single page of a plain script)."""

    script_hash: str
    name: str
    url_pathname: str
    is_default: bool
    is_hidden: bool = False


@dataclass(frozen=True)
class Widget:
    """A widget as drawn in the last run: its element proto and the fragment it lives in."""

    id: str
    kind: str
    proto: Any
    fragment_id: str
    path: tuple[int, ...]

    @property
    def key(self) -> str | None:
        """The ``key=`` given in the script (parsed from the id the way Streamlit does), or None."""
        user_key = self.id.split("-", maxsplit=2)[-1]
        return None if not self.id.startswith("$$ID") or user_key == "None" else user_key

    @property
    def label(self) -> str:
        return getattr(self.proto, "label", "")

    @property
    def options(self) -> list[str]:
        opts = getattr(self.proto, "options", [])
        return [o.content if hasattr(o, "content") else str(o) for o in opts]

    @property
    def is_select_slider(self) -> bool:
        return self.kind == "slider" and len(self.proto.options) > 0


@dataclass
class Run:
    """What one rerun cost and how it ended."""

    status: str
    seconds: float
    first_message_seconds: float
    messages: int
    bytes: int
    page_not_found: str | None = None
    fragment_id: str = ""


@dataclass
class _Node:
    kind: str
    proto: Any
    fragment_id: str
    is_block: bool


@dataclass
class Session:
    """One browser tab's worth of Streamlit session, driven from asyncio."""

    base_url: str
    timeout: float = 60.0
    locale: str = "pl-PL"
    pages: list[Page] = field(default_factory=list, repr=False)
    page_script_hash: str = ""
    query_string: str = ""
    runs: list[Run] = field(default_factory=list, repr=False)
    # Every element of the last run in the order it arrived: (seconds since the run began, kind, text)
    arrivals: list[tuple[float, str, str]] = field(default_factory=list, repr=False)
    _ws: Any = field(default=None, repr=False)
    _nodes: dict[tuple[int, ...], _Node] = field(default_factory=dict, repr=False)
    _states: dict[str, WidgetState] = field(default_factory=dict, repr=False)
    _cache: dict[str, ForwardMsg] = field(default_factory=dict, repr=False)

    async def __aenter__(self) -> Session:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def connect(self) -> None:
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        url = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}{STREAM_PATH}"
        # Like Chrome: same-origin Origin header, permessage-deflate offered (Streamlit 1.67 declines it).
        connecting = websockets.connect(
            url,
            subprotocols=["streamlit", PLACEHOLDER_TOKEN],
            origin=f"{parts.scheme}://{parts.netloc}",
            max_size=None,
        )
        try:
            self._ws = await asyncio.wait_for(connecting, self.timeout)
        except (OSError, TimeoutError, websockets.InvalidHandshake) as exc:
            raise ClientError(f"cannot open {url}: {exc}") from exc

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    # ---- driving the app -------------------------------------------------------------------------------

    async def run(self, page: str | None = None, query_string: str | None = None) -> Run:
        """A full rerun, as on page load or navigation: ``page`` is a url pathname, page name or hash."""
        if query_string is not None:
            self.query_string = query_string.lstrip("?")
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        if page is not None:
            known = self.find_page(page)
            if known is not None:
                state.page_script_hash = known.script_hash
            else:  # first load by URL: the frontend sends the path segment as page_name
                state.page_name = page.strip("/")
        else:
            state.page_script_hash = self.page_script_hash
        return await self._rerun(back, fragment_id="")

    async def set_widget(self, key_or_id: str, value: Any) -> Run:
        """Move one widget as a person would; reruns its fragment if it is in one, else the page."""
        widget = self.widget(key_or_id)
        self._states[widget.id] = encode_widget_value(widget, value)
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.fragment_id = widget.fragment_id
        try:
            return await self._rerun(back, fragment_id=widget.fragment_id)
        finally:
            if widget.kind == "button":  # triggers are one-shot in the frontend too
                self._states.pop(widget.id, None)

    async def _rerun(self, back: BackMsg, fragment_id: str) -> Run:
        if self._ws is None:
            await self.connect()
        state = back.rerun_script
        state.widget_states.widgets.extend(self._states.values())
        state.cached_message_hashes.extend(self._cache)
        state.context_info.locale = self.locale
        state.context_info.timezone = "UTC"
        state.context_info.url = self.base_url
        start = time.perf_counter()
        await self._ws.send(back.SerializeToString())
        try:
            run = await asyncio.wait_for(self._read_run(start, fragment_id), self.timeout)
        except TimeoutError as exc:
            raise ClientError(f"no script_finished within {self.timeout}s") from exc
        except websockets.ConnectionClosed as exc:
            raise ClientError(f"server closed the websocket: {exc}") from exc
        self.runs.append(run)
        return run

    async def _read_run(self, start: float, fragment_id: str) -> Run:
        self.arrivals = []
        first = 0.0
        count = size = 0
        page_not_found: str | None = None
        touched: set[tuple[int, ...]] = set()
        full_run_started = False
        while True:
            raw = await self._ws.recv()
            if not first:
                first = time.perf_counter() - start
            count += 1
            size += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            msg = self._resolve(msg)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self._on_new_session(msg)
                if not fragment_id:
                    full_run_started = True
                    self._nodes.clear()
            elif kind == "navigation":
                self._on_pages(msg.navigation.app_pages)
                self.page_script_hash = msg.navigation.page_script_hash or self.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                page_not_found = msg.page_not_found.page_name or "?"
            elif kind == "delta":
                if not fragment_id and not full_run_started:
                    full_run_started = True
                    self._nodes.clear()
                path = tuple(msg.metadata.delta_path)
                touched.add(path)
                self._on_delta(path, msg)
                node = self._nodes.get(path)
                if node is not None and not node.is_block:
                    text = " ".join(_strings(node.proto))[:200]
                    self.arrivals.append((time.perf_counter() - start, node.kind, text))
            elif kind == "script_finished":
                status = FINISHED.get(msg.script_finished, str(msg.script_finished))
                if status == "early_for_rerun":
                    continue  # a newer run of ours follows
                if fragment_id:
                    self._drop_stale(fragment_id, touched)
                self._forget_missing_widgets()
                return Run(
                    status, time.perf_counter() - start, first, count, size, page_not_found, fragment_id
                )

    def _resolve(self, msg: ForwardMsg) -> ForwardMsg:
        if msg.WhichOneof("type") == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                raise ClientError(f"server referenced a message this client never cached: {msg.ref_hash}")
            full = ForwardMsg()
            full.CopyFrom(cached)
            full.metadata.CopyFrom(msg.metadata)
            return full
        if msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = msg
        return msg

    def _on_new_session(self, msg: ForwardMsg) -> None:
        new = msg.new_session
        if new.app_pages:
            self._on_pages(new.app_pages)
        self.page_script_hash = new.page_script_hash or self.page_script_hash

    def _on_pages(self, app_pages: Any) -> None:
        self.pages = [
            Page(p.page_script_hash, p.page_name, p.url_pathname, p.is_default, p.is_hidden)
            for p in app_pages
        ]

    def _on_delta(self, path: tuple[int, ...], msg: ForwardMsg) -> None:
        delta = msg.delta
        which = delta.WhichOneof("type")
        if which == "new_element":
            kind = delta.new_element.WhichOneof("type") or "empty"
            node = _Node(kind, getattr(delta.new_element, kind), delta.fragment_id, False)
        elif which == "add_block":
            kind = delta.add_block.WhichOneof("type") or "vertical"
            node = _Node(kind, delta.add_block, delta.fragment_id, True)
        else:  # transients (toasts, spinners) are not part of the page
            return
        # A new element at a path replaces that path and everything the old block held.
        if node.is_block or path in self._nodes:
            for old in [p for p in self._nodes if p[: len(path)] == path and p != path]:
                del self._nodes[old]
        self._nodes[path] = node

    def _drop_stale(self, fragment_id: str, touched: set[tuple[int, ...]]) -> None:
        for path in [p for p, n in self._nodes.items() if n.fragment_id == fragment_id and p not in touched]:
            del self._nodes[path]

    def _forget_missing_widgets(self) -> None:
        live = {w.id for w in self.widgets()}
        for wid in [w for w in self._states if w not in live]:
            del self._states[wid]

    # ---- reading what the page shows -----------------------------------------------------------------

    def find_page(self, page: str) -> Page | None:
        wanted = page.strip("/")
        for p in self.pages:
            if wanted in (p.url_pathname, p.name, p.script_hash):
                return p
        return None

    def current_page(self) -> Page | None:
        return next((p for p in self.pages if p.script_hash == self.page_script_hash), None)

    def elements(self) -> Iterator[tuple[tuple[int, ...], str, Any]]:
        """(delta path, element kind, element proto) in page order; blocks included."""
        for path in sorted(self._nodes):
            node = self._nodes[path]
            yield path, node.kind, node.proto

    def texts(self) -> list[str]:
        """Every piece of text a person could read (markdown, headings, labels, code, alerts...)."""
        out: list[str] = []
        for _, _, proto in self.elements():
            out.extend(_strings(proto))
        return out

    def text(self) -> str:
        return "\n".join(self.texts())

    def exceptions(self) -> list[str]:
        """Tracebacks shown to the user (``st.exception`` or an uncaught error)."""
        return [f"{p.type}: {p.message}" for _, kind, p in self.elements() if kind == "exception"]

    def alerts(self, kind: str = "error") -> list[str]:
        fmt = {"error": 1, "warning": 2, "info": 3, "success": 4}[kind]
        return [p.body for _, k, p in self.elements() if k == "alert" and p.format == fmt]

    def widgets(self) -> list[Widget]:
        found = []
        for path, node in sorted(self._nodes.items()):
            if not node.is_block and getattr(node.proto, "id", "") and hasattr(node.proto, "form_id"):
                found.append(Widget(node.proto.id, node.kind, node.proto, node.fragment_id, path))
        return found

    def widget(self, key_or_id: str) -> Widget:
        for w in self.widgets():
            if key_or_id in (w.id, w.key):
                return w
        known = ", ".join(sorted(w.key or w.id for w in self.widgets())) or "none"
        raise KeyError(f"no widget {key_or_id!r} on this page (widgets: {known})")

    def fingerprint(self) -> str:
        """A digest of the element tree: equal for two sessions that show the same thing."""
        import hashlib

        digest = hashlib.sha256()
        for path, kind, proto in self.elements():
            digest.update(repr(path).encode() + kind.encode())
            digest.update(proto.SerializeToString(deterministic=True))
        return digest.hexdigest()[:16]


def _strings(proto: Any) -> list[str]:
    """Readable strings of an element/block proto, one level of nested messages deep."""
    out: list[str] = []
    if proto.DESCRIPTOR.name == "Exception":
        return [f"{proto.type}: {proto.message}"]
    for desc, value in proto.ListFields():
        if desc.type == desc.TYPE_STRING and desc.name in _TEXT_FIELDS:
            values = value if desc.is_repeated else [value]
            out.extend(v for v in values if v)
        elif desc.type == desc.TYPE_MESSAGE and not desc.is_repeated:
            for sub, subvalue in value.ListFields():
                if sub.type == sub.TYPE_STRING and sub.name in _TEXT_FIELDS and not sub.is_repeated:
                    out.append(subvalue)
    if hasattr(proto, "options") and len(getattr(proto, "options", ())) and isinstance(proto.options[0], str):
        out.extend(proto.options)
    return out


def encode_widget_value(widget: Widget, value: Any) -> WidgetState:
    """The WidgetState the frontend would send for ``value`` (value types as in streamlit/elements)."""
    state = WidgetState(id=widget.id)
    kind = widget.kind
    if kind == "slider" and widget.is_select_slider:
        values = value if isinstance(value, list | tuple) else [value]
        state.string_array_value.data.extend(str(v) for v in values)
    elif kind == "slider":
        values = value if isinstance(value, list | tuple) else [value]
        state.double_array_value.data.extend(float(v) for v in values)
    elif kind == "number_input":
        state.double_value = float(value)
    elif kind in ("selectbox", "radio", "text_input", "text_area", "color_picker"):
        state.string_value = str(value)
    elif kind in ("multiselect", "button_group"):
        values = value if isinstance(value, list | tuple) else [value]
        state.string_array_value.data.extend(str(v) for v in values)
    elif kind == "checkbox":
        state.bool_value = bool(value)
    elif kind == "button":
        state.trigger_value = True
    else:
        raise ValueError(f"the client cannot set a {kind} widget ({widget.id})")
    return state


async def open_page(
    base_url: str, page: str | None = None, query_string: str = "", timeout: float = 60
) -> Session:
    """Connect, run one page and return the session (still connected; close it when done)."""
    session = Session(base_url, timeout=timeout)
    await session.connect()
    await session.run(page=page, query_string=query_string)
    return session
