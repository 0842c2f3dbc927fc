"""Command line for authors: ``python -m glossary check|parse|new|import|search|links|demos``."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from glossary.corpus.entry import Diagnostic
from glossary.corpus.library import load_library
from glossary.corpus.parse import parse_file, template, to_markdown
from glossary.corpus.text import slugify


def template_leftovers(text: str) -> list[tuple[int, str]]:
    """``(line, text)`` of each line still as ``python -m glossary new`` wrote it (placeholder prose;
    its code example and headings are not counted: real entries share those)."""
    sentinel = "\x00"
    markers: set[str] = set()
    for lang in ("pl", "en"):
        in_code = False
        for line in template(sentinel, lang).split("---", 2)[-1].splitlines():
            line = line.strip()
            if line.startswith("```"):
                in_code = not in_code
            if in_code or line.startswith(("#", "|", "```")):
                continue
            part = line.split(sentinel)[-1].strip()
            if len(part) >= 12:
                markers.add(part)
    return [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if any(marker in line for marker in markers)
    ]


def _check(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    single = target.is_file()
    folder = target.parent if single else target
    if not folder.is_dir():
        print(
            f"{target}: error: not a folder or a file (pass the content folder, e.g. `check content`, "
            "or one entry, e.g. `check content/relu.md`)",
            file=sys.stderr,
        )
        return 2
    lib = load_library(folder)
    diagnostics = list(lib.diagnostics)
    files = [target] if single else sorted(folder.glob("*.md"))
    if single:  # the file's own problems, its links checked against the folder it lives in
        diagnostics = [d for d in diagnostics if Path(d.path).resolve() == target.resolve()]
        if (
            target.resolve() not in {Path(d.path).resolve() for d in lib.diagnostics}
            and target.suffix != ".md"
        ):
            diagnostics = list(parse_file(target).diagnostics)
    for path in files:
        for line, text in template_leftovers(path.read_text(encoding="utf-8", errors="replace")):
            diagnostics.append(
                Diagnostic(str(path), line, "warning", f"template text left unchanged: {text[:60]!r}")
            )
    for diag in diagnostics:
        print(diag)
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = sum(d.severity == "warning" for d in diagnostics)
    hints = len(diagnostics) - errors - warnings
    loaded = "1 file" if single else f"{len(lib.entries)} entries loaded, {len(lib.failed)} failed"
    print(f"{loaded}; {errors} error(s), {warnings} warning(s), {hints} hint(s)")
    return 1 if errors or (args.strict and warnings) else 0  # NOTE: hints never fail, even --strict


def _parse(args: argparse.Namespace) -> int:
    entry = parse_file(args.file)
    if args.json:
        print(json.dumps(entry.to_json(), ensure_ascii=False, indent=2))
    else:
        print(f"{entry.slug}: {entry.title} ({entry.lang})")
        print(
            f"  key points: {len(entry.key_points)}, subsections: {len(entry.explanation)}, "
            f"sources: {len(entry.sources)}, scratchpad: {len(entry.scratchpad)}"
        )
    for diag in entry.diagnostics:
        print(diag, file=sys.stderr)
    return 1 if any(d.severity == "error" for d in entry.diagnostics) else 0


def _write_new(path: Path, text: str) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as fh:  # "x": never overwrite an entry
            fh.write(text)
    except FileExistsError:
        print(f"{path}: error: already exists; edit it, or remove it first", file=sys.stderr)
        return 1
    print(path)
    return 0


def _new(args: argparse.Namespace) -> int:
    slug = slugify(args.term)
    if not slug:
        print(f"error: cannot make a file name from {args.term!r}: use letters or digits", file=sys.stderr)
        return 2
    return _write_new(Path(args.dir) / f"{slug}.md", template(args.term, args.lang))


def _import(args: argparse.Namespace) -> int:
    source = Path(args.file)
    if source.is_dir():
        return _import_folder(source, Path(args.out))
    entry = parse_file(source)
    for diag in entry.diagnostics:
        print(diag, file=sys.stderr)
    if any(d.severity == "error" for d in entry.diagnostics):
        print(f"{args.file}: error: not imported (fix the errors above)", file=sys.stderr)
        return 1
    slug = slugify(entry.title) or entry.slug
    return _write_new(Path(args.out) / f"{slug}.md", to_markdown(entry))


NOTE_SUFFIXES = (".txt", ".md")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
MAX_IMAGE_BYTES = 5 * 1024 * 1024
_IMAGE_REF = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _notes(folder: Path) -> list[Path]:
    """Every note under ``folder`` (subfolders included; hidden files and folders, symlinks skipped)."""
    found = []
    for root, dirs, files in os.walk(folder):  # NOTE: os.walk does not follow symlinked folders
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if not name.startswith(".") and path.suffix.lower() in NOTE_SUFFIXES and not path.is_symlink():
                found.append(path)
    return found


def _copy_images(note: Path, folder: Path, text: str, out: Path) -> list[str]:
    """Copy the local images ``text`` refers to (relative to ``note``, inside ``folder``) into ``out``
    at the same relative path; problems as messages (nothing outside ``folder`` is read)."""
    problems = []
    for ref in dict.fromkeys(_IMAGE_REF.findall(text)):
        if re.match(r"^[a-zA-Z][\w+.-]*:", ref) or ref.startswith(("/", "\\")):
            continue  # a web address (or an absolute path, which the app never shows)
        source = (note.parent / ref).resolve()
        if not source.is_relative_to(folder.resolve()) or ".." in Path(ref).parts:
            problems.append(f"image '{ref}' is outside the imported folder: not copied")
            continue
        if source.suffix.lower() not in IMAGE_SUFFIXES:
            problems.append(f"'{ref}' is not an image (png, jpg, gif, webp, svg): not copied")
            continue
        if not source.is_file():
            problems.append(f"image '{ref}' not found: not copied")
            continue
        if source.stat().st_size > MAX_IMAGE_BYTES:
            problems.append(f"image '{ref}' is over {MAX_IMAGE_BYTES // 2**20} MB: not copied")
            continue
        target = out / ref
        if target.exists():
            if target.read_bytes() != source.read_bytes():
                problems.append(f"image '{target}' already exists and differs: not overwritten")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return problems


def _import_folder(folder: Path, out: Path) -> int:
    """Convert every note of ``folder`` into ``out``: one line per file, then a summary."""
    notes = _notes(folder)
    if not notes:
        print(f"{folder}: error: no notes (*.txt, *.md) in this folder", file=sys.stderr)
        return 1
    imported = skipped = failed = 0
    for note in notes:
        entry = parse_file(note)
        errors = [d for d in entry.diagnostics if d.severity == "error"]
        if errors:
            failed += 1
            print(f"{note}: failed: {errors[0].message}")
            continue
        slug = slugify(entry.title) or entry.slug
        target = out / f"{slug}.md"
        if target.exists():
            skipped += 1
            print(f"{note}: skipped: {target} already exists (never overwritten)")
            continue
        text = to_markdown(entry)
        out.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as fh:
            fh.write(text)
        imported += 1
        problems = _copy_images(note, folder, text, out)
        warnings = sum(d.severity == "warning" for d in entry.diagnostics)
        extra = f" ({warnings} warning(s): run check)" if warnings else ""
        print(f"{note} -> {target}{extra}" + "".join(f"; {p}" for p in problems))
    print(f"{len(notes)} note(s): {imported} imported, {skipped} skipped (already there), {failed} failed")
    return 1 if failed else 0


def _search(args: argparse.Namespace) -> int:
    lib = load_library(args.dir)
    hits = lib.search(args.query, limit=args.limit)
    if args.json:
        rows = [{"slug": h.slug, "title": h.title, "matched": h.field, "snippet": h.snippet} for h in hits]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for rank, h in enumerate(hits, start=1):
            print(f"{rank}. {h.slug}: {h.title} [{h.field}] {h.snippet}")
        if not hits:
            print(f"no entry matches {args.query!r}", file=sys.stderr)
    return 0 if hits else 1


def _links(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"{path}: error: no such file", file=sys.stderr)
        return 2
    lib = load_library(args.dir if args.dir is not None else path.parent)
    entry = parse_file(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    offset = 0
    if text.startswith("---\n"):  # the front matter is never linked: skip it, keep line numbers
        end = text.find("\n---", 3)
        if end != -1:
            offset = text.count("\n", 0, end + 4)
            text = text[end + 4 :]
    rows = [
        {"line": line + offset, "text": found, "target": slug, "kind": "link" if explicit else "mention"}
        for line, found, slug, explicit in lib.mentions(text, entry.slug)
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print(f"{path}:{row['line']}: {row['text']} -> /{row['target']} ({row['kind']})")
        print(f"{len(rows)} mention(s) of {len({r['target'] for r in rows})} entries")
    return 0


def _demos(args: argparse.Namespace) -> int:
    from glossary.corpus.demos import DEMOS, as_table

    if args.json:
        out = {
            name: {
                "title": {"pl": spec.title_pl, "en": spec.title_en},
                "core": spec.core,
                "settings": {
                    s.name: {
                        "kind": s.kind,
                        "default": s.default,
                        "allowed": s.describe(),
                        **({"choices": list(s.choices)} if s.choices else {}),
                        **({"min": s.min, "max": s.max} if s.min is not None else {}),
                        "label": {"pl": s.label_pl, "en": s.label_en},
                    }
                    for s in spec.settings
                },
            }
            for name, spec in DEMOS.items()
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    rows = as_table()
    widths = {col: max(len(col), *(len(r[col]) for r in rows)) for col in rows[0]}
    print("  ".join(col.ljust(widths[col]) for col in widths).rstrip())
    for row in rows:
        print("  ".join(row[col].ljust(widths[col]) for col in widths).rstrip())
    print(f"{len(DEMOS)} demos; place one with a fenced block: ```demo NAME``` and 'setting: value' lines")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m glossary", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="report problems in every entry of a folder, or in one entry file")
    p.add_argument("dir", nargs="?", default="content")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too (hints never fail)")
    p.set_defaults(run=_check)
    p = sub.add_parser("parse", help="parse one entry")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the parsed entry as JSON")
    p.set_defaults(run=_parse)
    p = sub.add_parser("new", help="write a template for a new entry")
    p.add_argument("term")
    p.add_argument("--dir", default="content")
    p.add_argument("--lang", default="pl", choices=("pl", "en"))
    p.set_defaults(run=_new)
    p = sub.add_parser(
        "import", help="convert an exported note, or every note of a folder, into canonical entries"
    )
    p.add_argument("file")
    p.add_argument("--out", default="content")
    p.set_defaults(run=_import)
    p = sub.add_parser("search", help="search the entries as the app does (ranked hits)")
    p.add_argument("query")
    p.add_argument("--dir", default="content")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true", help="print the hits as JSON")
    p.set_defaults(run=_search)
    p = sub.add_parser("links", help="list each mention of another entry in one entry (line, text, target)")
    p.add_argument("file")
    p.add_argument("--dir", default=None, help="the content folder (default: the file's folder)")
    p.add_argument("--json", action="store_true", help="print the mentions as JSON")
    p.set_defaults(run=_links)
    p = sub.add_parser("demos", help="list the demos a ```demo NAME``` block can place, with their settings")
    p.add_argument("--json", action="store_true", help="print the registry as JSON")
    p.set_defaults(run=_demos)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
