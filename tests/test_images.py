"""Local images in entries: resolved under content/ only, image types only, size-capped, located
diagnostics; hostile paths never open a file outside the folder."""

from __future__ import annotations

import builtins
import os
import struct
import zlib
from pathlib import Path

import pytest

import glossary.corpus.render as render
from glossary.corpus.library import load_library
from glossary.corpus.render import ImageBlock, resolve_image, split_tables


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
        + chunk(b"IEND", b"")
    )


GOOD = {
    "obrazy/relu.png": png(),
    "obrazy/zdjecie.jpg": b"\xff\xd8\xff\xe0" + b"\0" * 20,
    "obrazy/anim.gif": b"GIF89a" + b"\0" * 20,
    "obrazy/nowy.webp": b"RIFF\0\0\0\0WEBPVP8 " + b"\0" * 20,
    "obrazy/wykres.svg": b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    for name, data in GOOD.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    (folder / "obrazy" / "udawany.png").write_text("to nie jest PNG", encoding="utf-8")
    (folder / "obrazy" / "notatka.md").write_text("# x", encoding="utf-8")
    with open(folder / "obrazy" / "ogromny.png", "wb") as fh:  # sparse: 6 MB on paper
        fh.write(png())
        fh.truncate(6 * 1024 * 1024)
    (tmp_path / "sekret.png").write_bytes(png())  # beside content/, never to be shown
    (folder / "obrazy" / "link.png").symlink_to(tmp_path / "sekret.png")
    (folder / "obrazy" / "etc.png").symlink_to("/etc/passwd")
    return folder


@pytest.mark.parametrize("src", sorted(GOOD))
def test_an_image_under_content_resolves_to_its_file(content: Path, src: str) -> None:
    path, problem = resolve_image(src, content)
    assert problem is None and path == (content / src).resolve()


HOSTILE = {
    "../sekret.png": "outside the content folder",
    "obrazy/../../sekret.png": "outside the content folder",
    "%2e%2e/sekret.png": "outside the content folder",
    "obrazy/link.png": "outside the content folder",  # a symlink leading out
    "obrazy/etc.png": "outside the content folder",
    "/etc/passwd": "not a path inside the content folder",
    "file:///etc/passwd": "not a path inside the content folder",
    "data:image/png;base64,iVBORw0KGgo=": "not a path inside the content folder",
    "javascript:alert(1)": "not a path inside the content folder",
    "obrazy/brak.png": "not found",
    "obrazy/notatka.md": "not an image file",
    "obrazy/udawany.png": "not a valid PNG file",
    "obrazy/ogromny.png": "over 5 MB",
    "obrazy/%00.png": "not a path inside the content folder",
    "": "not a path inside the content folder",
}


@pytest.mark.parametrize("src", sorted(HOSTILE))
def test_a_bad_image_is_refused_with_a_reason_and_nothing_outside_is_opened(
    content: Path, src: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def spy(file, *args, **kwargs):
        opened.append(os.path.realpath(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(render, "open", spy, raising=False)
    path, problem = resolve_image(src, content)
    assert path is None and problem is not None and HOSTILE[src] in problem, problem
    root = os.path.realpath(content)
    assert all(p.startswith(root + os.sep) for p in opened), opened


def test_split_tables_cuts_out_paragraphs_of_local_images_only() -> None:
    text = (
        "Tekst ![w zdaniu](a.png) zostaje tekstem.\n\n![Wykres ReLU](obrazy/relu.png)\n\n"
        "![z sieci](https://example.org/x.png)\n\n![a](a.png)\n![](b.svg)\n\n```\n![kod](c.png)\n```\n"
    )
    parts = split_tables(text)
    assert parts[0] == "Tekst ![w zdaniu](a.png) zostaje tekstem."
    assert parts[1] == ImageBlock("Wykres ReLU", "obrazy/relu.png")
    assert parts[2] == "![z sieci](https://example.org/x.png)"  # web images stay markdown
    assert parts[3:5] == [ImageBlock("a", "a.png"), ImageBlock("", "b.svg")]
    assert parts[5] == "```\n![kod](c.png)\n```"  # never inside code


def test_library_reports_each_bad_image_where_it_is(content: Path) -> None:
    (content / "relu.md").write_text(
        "---\ntitle: ReLU\n---\n\n## 🎯 Definicja\n\nReLU to funkcja.\n\n![Wykres ReLU](obrazy/relu.png)\n\n"
        "![](obrazy/wykres.svg)\n\n![Brak](obrazy/brak.png)\n\n![Ucieczka](../sekret.png)\n\n"
        "![Notatka](obrazy/notatka.md)\n\n```\n![W kodzie](nie/ma.png)\n```\n\n![Z sieci](https://example.org/a.png)\n",
        encoding="utf-8",
    )
    lib = load_library(content)
    assert "relu" in lib.entries  # warnings never stop an entry from loading
    found = sorted((d.line, d.severity, d.message.split(":")[0]) for d in lib.diagnostics)
    assert found == [
        (11, "warning", "image 'obrazy/wykres.svg' has no alt text"),
        (13, "warning", "image 'obrazy/brak.png' not found (paths are relative to the content folder)"),
        (15, "warning", "image '../sekret.png' is outside the content folder"),
        (17, "warning", "'obrazy/notatka.md' is not an image file (PNG, JPEG, GIF, WebP or SVG)"),
    ]
