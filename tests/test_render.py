"""glossary.corpus.render: entry markdown made safe for st.markdown, checked by re-parsing the output."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from glossary.corpus.render import (
    clean_snippet,
    escape_text,
    in_app_slug,
    in_app_targets,
    plain_text,
    safe_href,
    safe_markdown,
)

# An independent reader of the output: GFM-ish CommonMark with raw HTML enabled, as a browser would
# see it if HTML were allowed. Whatever it finds as HTML or links is what could become active.
READER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def tokens(markdown: str):
    for tok in READER.parse(markdown):
        yield tok
        yield from tok.children or []


def html_tokens(markdown: str) -> list[str]:
    return [t.content for t in tokens(markdown) if t.type in ("html_inline", "html_block")]


def hrefs(markdown: str) -> list[str]:
    return [str(t.attrs["href"]) for t in tokens(markdown) if t.type == "link_open"]


def visible_text(markdown: str) -> str:
    return "".join(t.content for t in tokens(markdown) if t.type in ("text", "code_inline"))


HOSTILE = """Zwykły tekst <script>alert('x')</script> i dalej.

<img src=x onerror="alert(1)">

<div onclick="alert(2)">blok</div>

[kliknij](javascript:alert(3)) [dane](data:text/html,hi) [plik](file:///etc/passwd)
[wyżej](../sekret.md) <javascript:alert(4)> ![obraz](javascript:alert(5))
"""


def test_raw_html_is_inert_text():
    out = safe_markdown(HOSTILE)
    assert html_tokens(out) == []
    text = visible_text(out)
    for visible in ("<script>alert('x')</script>", '<img src=x onerror="alert(1)">', "<div", "blok"):
        assert visible in text


def test_only_web_and_in_app_links_survive():
    md = HOSTILE + "\n[ok](https://example.com/a_(b)) [hasło](relu.md) [strona](/tanh) [id](sigmoid)\n"
    out = safe_markdown(md)
    assert hrefs(out) == ["https://example.com/a_%28b%29", "/relu", "/tanh", "/sigmoid"]
    text = visible_text(out)
    for label in ("kliknij", "dane", "plik", "wyżej", "obraz", "ok", "hasło"):
        assert label in text


def test_link_suffix_only_on_in_app_links():
    out = safe_markdown("[a](/relu) [b](https://x.org/)", link_suffix="?lang=en")
    assert hrefs(out) == ["/relu?lang=en", "https://x.org/"]


def test_structure_survives():
    md = (
        "## Nagłówek\n\n- punkt `kod <b>`\n- drugi\n  1. zagnieżdżony\n\n"
        "| x | f(x) |\n|---|--:|\n| -1 | 0 |\n| 2 | a\\|b |\n\n"
        "```python\nprint('<b>')\n```\n\n> cytat\n\nWzór $x_i^2$ i *kursywa*."
    )
    out = safe_markdown(md)
    kinds = [t.type for t in READER.parse(out)]
    for kind in ("heading_open", "bullet_list_open", "ordered_list_open", "table_open", "fence"):
        assert kind in kinds
    assert "blockquote_open" in kinds and "em_open" in [t.type for t in tokens(out)]
    fence = next(t for t in READER.parse(out) if t.type == "fence")
    assert (fence.info, fence.content) == ("python", "print('<b>')\n")
    rows = [t for t in READER.parse(out) if t.type == "tr_open"]
    assert len(rows) == 3
    assert "$x_i^2$" in out  # maths is passed through untouched for KaTeX


def test_markdown_escapes_round_trip():
    md = r"\*nie kursywa\* 5 \< 6 a &amp; b, snake_case, 1995\. rok"
    out = safe_markdown(md)
    assert visible_text(out) == visible_text(md)
    assert "em_open" not in [t.type for t in tokens(out)]


@pytest.mark.parametrize(
    ("href", "slug"),
    [("/relu", "relu"), ("relu", "relu"), ("relu.md", "relu"), ("/", ""), ("../relu.md", None),
     ("/etc/passwd", None), ("https://x.org/relu", None), ("relu?x=1", None), ("Relu", None)],
)  # fmt: skip
def test_in_app_slug(href, slug):
    assert in_app_slug(href) == slug


@pytest.mark.parametrize(
    ("href", "expected"),
    [("https://a.org/x", "https://a.org/x"), ("HTTP://a.org", "HTTP://a.org"), ("javascript:x", None),
     ("mailto:a@b.c", None), ("//evil.org/x", None), ("http:///nohost", None), ("tanh.md", "/tanh")],
)  # fmt: skip
def test_safe_href(href, expected):
    assert safe_href(href) == expected


def test_in_app_targets_and_plain_text():
    md = "Zob. [ReLU](/relu), [x](https://a.org) i [tanh](tanh.md); `[nie](/link)`"
    assert in_app_targets(md) == ["relu", "tanh"]
    assert plain_text("**Gruby** tekst i [link](/relu)\n\n<b>x</b>") == "Gruby tekst i link <b>x</b>"


def test_escape_text_is_literal():
    raw = "*a* _b_ [c](d) <e> `f` $g$ ~~h~~ | & # \\"
    assert visible_text(escape_text(raw)) == raw


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from([*"ab <>/\"'=[]()*_`$#-|\n:!&;1.", "javascript:", "](", "http://x"])).map(
        "".join
    )
)
def test_any_text_becomes_safe(text):
    out = safe_markdown(text)
    for rendered in (out, safe_markdown(out)):
        assert html_tokens(rendered) == []
        assert all(h.startswith(("https://", "http://", "/")) for h in hrefs(rendered))


# NOTE: without emphasis delimiters: escaping one `*` of a run like `***a*` changes the run's length,
# and with it CommonMark's emphasis pairing, so idempotence holds only up to such pathological runs.
@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from([*"ab <>/\"'=[]()`$#-|\n:!&;1.", "javascript:", "](", "http://x"])).map("".join)
)
def test_safe_markdown_is_idempotent(text):
    out = safe_markdown(text)
    assert safe_markdown(out) == out


def test_pipe_inside_a_code_span_in_a_table_stays_in_its_cell():
    out = safe_markdown("| a | b |\n|---|---|\n| `x\\|y` | z |")
    cells = [t.content for t in tokens(out) if t.type == "code_inline"]
    assert cells == ["x|y"]
    assert len([t for t in READER.parse(out) if t.type == "td_open"]) == 2


def test_clean_snippet_drops_table_syntax_and_keeps_the_highlight():
    snippet = "| Problem | Skutek | |---|---| | **Zanikający** gradient | mały |"
    assert clean_snippet(snippet) == "Problem · Skutek · **Zanikający** gradient · mały"
    assert clean_snippet("…łagodzi **zanikający** gradient.") == "…łagodzi **zanikający** gradient."
