"""The websocket load client (benchmarks/st_client.py) against real ``streamlit run`` servers."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import run_async

from benchmarks.st_client import ClientError, Session, open_page

ROOT = Path(__file__).resolve().parent.parent

# A two-page st.navigation app with a fragment, a query parameter, a button that raises and a shared
# dict that leaks between sessions on purpose (st.cache_resource is one object for every session).
NAV_APP = """
import streamlit as st

@st.cache_resource
def shared() -> dict:
    return {}

def home():
    st.title("Home page")
    st.write("who:", st.query_params.get("who", "nobody"))
    name = st.text_input("Name", key="name")
    st.write(f"hello {name}")

@st.fragment
def demo():
    depth = st.slider("Depth", 1, 100, 10, key="depth")
    kind = st.selectbox("Kind", ["a", "b", "c"], key="kind")
    st.write(f"depth={depth} kind={kind}")
    width = st.select_slider("Width", [8, 16, 32, 64], 16, key="width")
    span = st.slider("Span", -5.0, 5.0, (-1.0, 1.0), 0.5, key="span")
    shown = st.multiselect("Shown", ["relu", "tanh", "gelu"], ["relu"], key="shown")
    mode = st.segmented_control("Mode", ["fast", "exact"], default="fast", key="mode")
    on = st.toggle("On", key="on")
    radio = st.radio("Radio", ["x", "y"], key="radio")
    st.write(f"width={width} span={span} shown={shown} mode={mode} on={on} radio={radio}")

def other():
    st.header("Other page")
    st.write(f"runs of this page: {st.session_state.setdefault('n', 0)}")
    st.session_state.n += 1
    demo()
    st.number_input(
        "Leaky", 0, 1000, 0, key="leaky",
        on_change=lambda: shared().update(last=st.session_state.leaky),
    )
    st.write(f"last leaky value: {shared().get('last', 0)}")
    if st.button("Boom", key="boom"):
        raise ValueError("boom pressed")

st.navigation([
    st.Page(home, title="Home", url_path="home", default=True),
    st.Page(other, title="Other", url_path="other"),
]).run()
"""


@pytest.fixture
def nav_server(make_server, tmp_path: Path):
    script = tmp_path / "nav_app.py"
    script.write_text(textwrap.dedent(NAV_APP), encoding="utf-8")
    return make_server(script=script)


def test_hello_app_session_reads_text_and_page(make_server) -> None:
    server = make_server(script=ROOT / "benchmarks" / "hello_app.py")

    async def scenario() -> None:
        session = await open_page(server.url)
        try:
            run = session.runs[-1]
            assert run.status == "finished"
            assert session.texts() == ["Hello"]
            assert [p.url_pathname for p in session.pages] == [""]
            assert session.exceptions() == []
            assert run.messages >= 3 and run.bytes > 0 and 0 < run.first_message_seconds <= run.seconds
            again = await session.run()
            assert again.status == "finished" and session.texts() == ["Hello"]
        finally:
            await session.close()

    run_async(scenario())


def test_navigation_fragments_widgets_and_errors(nav_server) -> None:
    async def scenario() -> None:
        async with Session(nav_server.url) as s:
            await s.run(query_string="who=me")
            assert {p.url_pathname for p in s.pages} == {"", "other"}  # the default page lives at /
            assert s.current_page().name == "Home"
            assert "who: me" in s.texts()

            await s.set_widget("name", "Ala")
            assert "hello Ala" in s.texts()

            await s.run(page="other")
            assert s.current_page().url_pathname == "other"
            assert s.query_string == "who=me"  # kept across navigation, as the frontend does
            assert {w.key for w in s.widgets()} == {
                *("depth", "kind", "width", "span", "shown", "mode", "on", "radio", "leaky", "boom")
            }
            assert s.widget("depth").fragment_id and not s.widget("boom").fragment_id

            run = await s.set_widget("depth", 42)
            assert run.status == "fragment_finished"
            assert "depth=42 kind=a" in s.texts()
            assert "runs of this page: 0" in s.texts()  # the page outside the fragment did not rerun
            assert "Other page" in s.texts()  # and what it drew is still shown
            await s.set_widget("kind", "c")
            assert "depth=42 kind=c" in s.texts()
            for key, value in [("width", 64), ("span", (-2.5, 3.0)), ("shown", ["tanh", "gelu"]),
                               ("mode", "exact"), ("on", True), ("radio", "y")]:  # fmt: skip
                run = await s.set_widget(key, value)
                assert run.status == "fragment_finished" and s.exceptions() == [], key
            assert "width=64 span=(-2.5, 3.0) shown=['tanh', 'gelu'] mode=exact on=True radio=y" in s.texts()

            await s.set_widget("boom", True)
            assert s.exceptions() == ["ValueError: boom pressed"]
            await s.run()
            assert s.exceptions() == []  # a trigger fires once

            run = await s.run(page="no-such-page")
            assert run.page_not_found
            assert s.current_page().name == "Home"  # Streamlit falls back to the default page
            with pytest.raises(KeyError, match="widgets: name"):
                s.widget("depth")

    run_async(scenario())


def test_fingerprint_detects_state_shared_between_sessions(nav_server) -> None:
    """Two sessions set their own value on the leaky widget; the lone reference shows what should be seen."""

    async def scenario() -> None:
        async with Session(nav_server.url) as a, Session(nav_server.url) as b:
            await a.run(page="other")
            await b.run(page="other")
            await a.set_widget("depth", 30)
            await b.set_widget("depth", 70)
            await a.run()
            await b.run()
            assert "depth=30 kind=a" in a.texts() and "depth=70 kind=a" in b.texts()  # per-session state

            await a.set_widget("leaky", 5)
            await b.set_widget("leaky", 9)
            await a.run()
            assert "last leaky value: 9" in a.texts()  # the app leaks on purpose ...
            async with Session(nav_server.url) as lone:
                await lone.run(page="other")
                await lone.set_widget("depth", 30)
                await lone.set_widget("leaky", 5)
                lone_text = lone.texts()
                assert lone.fingerprint() != a.fingerprint()  # ... and the digest comparison sees it
            assert "last leaky value: 5" in lone_text

    run_async(scenario())


def test_closed_server_is_a_client_error(make_server) -> None:
    server = make_server(script=ROOT / "benchmarks" / "hello_app.py")
    url = server.url
    server.process.terminate()
    server.process.wait(10)
    with pytest.raises(ClientError):
        run_async(open_page(url, timeout=5))


@pytest.mark.slow
def test_app_opens_every_page(app_server) -> None:
    """The real app: every page listed in its navigation runs to the end without a traceback."""

    async def scenario() -> None:
        async with Session(app_server.url, timeout=180) as s:
            run = await s.run()
            assert run.status == "finished"
            assert s.pages, "the app sent no page list"
            for page in s.pages:
                if page.is_hidden:
                    continue
                run = await s.run(page=page.url_pathname)
                assert run.status == "finished", page
                assert not run.page_not_found, page
                assert s.exceptions() == [], page
                assert s.text().strip(), f"/{page.url_pathname} shows no text"

    run_async(scenario())
