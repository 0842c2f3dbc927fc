"""A folder of entries: slugs, aliases, links, backlinks, search, and cheap reloads.

A :class:`Library` is a snapshot: nothing in it changes after :func:`load_library` returns, so a
long-running server can keep an old one while it builds the next. Passing ``previous`` re-parses
only the files whose size or modification time changed and shares everything else (parsed
entries, search postings, mention sets) with the previous snapshot. A file that parsed before and
now has an error (caught half-written, cut mid-character, front matter cut) keeps its last good
version in the new snapshot, listed in ``Library.stale`` with the errors of the file as it is now.
"""

from __future__ import annotations

import difflib
import functools
import gc
import os
import re
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import compress, count, islice
from pathlib import Path

from glossary.corpus.entry import Diagnostic, Entry
from glossary.corpus.morphology import forms
from glossary.corpus.parse import ParseResult, read_and_parse
from glossary.corpus.render import is_web_url, resolve_image
from glossary.corpus.search import DocTokens, SearchHit, SearchIndex, doc_tokens
from glossary.corpus.terminology import folder_diagnostics as house_rules
from glossary.corpus.terminology import rules_stamp
from glossary.corpus.text import TOKEN, fold, fold_aligned, fold_tokens, sort_key

__all__ = ["Library", "SearchHit", "folder_state", "load_library"]

# Addresses the app's own pages use; an entry file with one of these names would be hidden by the page.
RESERVED_SLUGS: dict[str, str] = {"dodaj-haslo": "add an entry", "stan-tresci": "content health"}
_WORD = re.compile(r"\w+")
# Query words looked up in the dictionary: the first few, of a plausible length (a query can be a
# 10,000-character URL parameter).
_MORPH_QUERY_WORDS, _MORPH_WORD_CHARS = 8, 40
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_IMAGE = re.compile(r'!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)')
_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(/([^)\s#?]+)[^)]*\)")  # an in-app link: [text](/slug)
# Spans of a line that are never auto-linked: code, links, images, autolinks/HTML, URLs, maths.
_PROTECTED = re.compile(
    r"(`+).+?\1|!?\[[^\]]*\]\([^)]*\)|!?\[[^\]]*\]\[[^\]]*\]|<[^>\n]+>|\b[a-zA-Z][\w+.-]*://\S+|\$[^$\n]+\$"
)


# Titles and aliases are folded on every (re)load: memoise them.
_name_key = functools.lru_cache(maxsize=1 << 16)(fold)
_title_key = functools.lru_cache(maxsize=1 << 16)(sort_key)


@functools.lru_cache(maxsize=1 << 16)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(map(fold, _WORD.findall(name)))


@dataclass(frozen=True)
class _Record:
    size: int
    mtime_ns: int
    result: ParseResult
    notes: tuple[Diagnostic, ...] = ()  # the library's own findings on this file (aliases, images)
    # The errors of the file as it is now on disk, when ``result`` is its last version that parsed
    # (a file caught half-written: truncated, cut mid-character, front matter cut). Empty otherwise.
    stale: tuple[Diagnostic, ...] = ()


def _scan(folder: Path) -> list[tuple[str, int, int]]:
    out = []
    try:
        with os.scandir(folder) as it:
            for item in it:
                name = item.name
                if name.startswith(".") or not name.endswith(".md"):
                    continue
                try:
                    if not item.is_file():
                        continue
                    st = item.stat()
                except OSError:
                    continue
                out.append((name, st.st_size, st.st_mtime_ns))
    except OSError:
        return []
    out.sort()
    return out


def folder_state(folder: str | os.PathLike[str]) -> tuple:
    """A cheap fingerprint of the folder (names, sizes, mtimes, and the rules file's) to key a cache on."""
    return (str(folder), tuple(_scan(Path(folder))), rules_stamp(folder))


class TermMatcher:
    """Finds mentions of titles/aliases in text: whole words, longest match first, folded, inflected.

    ``terms`` maps a term's folded words to its slug; ``variants`` maps a term word to the folded
    forms that count as that word (its inflected forms, see :mod:`glossary.corpus.morphology`); a word
    always counts as itself. A multi-word term matches only as a whole phrase, each word in some form
    of its own, in order. Text is cut into words and single punctuation marks; spaces and hyphens are
    skipped, so a term matches across ``"leaky ReLU"`` or ``"leaky-ReLU"`` but not ``"leaky, ReLU"``.
    """

    def __init__(
        self, terms: dict[tuple[str, ...], str], variants: Mapping[str, AbstractSet[str]] | None = None
    ) -> None:
        self.terms = terms
        self.variants = dict(variants or {})
        term_words = {w for words in terms for w in words}
        # folded form -> the term words it is a form of; the word itself first (exact before inflected)
        ids: dict[str, list[str]] = {w: [w] for w in term_words}
        for word in sorted(term_words):
            for form in self.variants.get(word, ()):
                if form != word:
                    ids.setdefault(form, []).append(word)
        self.ids = {form: tuple(words) for form, words in ids.items()}
        self.singles = {words[0]: slug for words, slug in terms.items() if len(words) == 1}
        by_pair: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
        for words, slug in terms.items():
            if len(words) > 1:
                by_pair.setdefault(words[:2], []).append((words, slug))
        for cands in by_pair.values():
            cands.sort(key=lambda c: -len(c[0]))
        self.by_pair = by_pair
        firsts = {pair[0] for pair in by_pair}
        # forms that can start a multi-word mention; form -> the one-word term it is (exact first)
        self.firsts = frozenset(f for f, ws in self.ids.items() if not firsts.isdisjoint(ws))
        self.single_of: dict[str, str] = {}
        for form, ws in self.ids.items():
            slug = next((self.singles[w] for w in ws if w in self.singles), None)
            if slug is not None:
                self.single_of[form] = slug
        self.starts = self.firsts | self.single_of.keys()  # the forms a mention can start with

    def inflections(self, form: str) -> set[str]:
        """Every form of the term words ``form`` is a form of (``form`` itself excluded)."""
        out: set[str] = set()
        for word in self.ids.get(form, ()):
            out.add(word)
            out |= self.variants.get(word, set())
        out.discard(form)
        return out

    def _match_at(self, words: list[str], i: int) -> tuple[int, str] | None:
        """(size, slug) of the term whose words start at ``words[i]``, or None: the longest; among
        those, the one whose words are written exactly, earliest first (then alphabetical)."""
        ids = self.ids
        firsts = ids.get(words[i], ())
        if i + 1 < len(words) and (seconds := ids.get(words[i + 1])):
            n = len(words)
            best: tuple[int, str] | None = None
            best_key: tuple | None = None
            for a in firsts:
                for b in seconds:
                    for term, slug in self.by_pair.get((a, b), ()):
                        size = len(term)
                        if best is not None and size < best[0]:
                            break
                        if i + size <= n and all(
                            term[k] in ids.get(words[i + k], ()) for k in range(2, size)
                        ):
                            key = (-size, [(words[i + k] != t, t) for k, t in enumerate(term)])
                            if best_key is None or key < best_key:
                                best, best_key = (size, slug), key
            if best is not None:
                return best
        slug = self.single_of.get(words[i])
        return None if slug is None else (1, slug)

    def _scan(self, words: list[str], starts: AbstractSet[str]) -> Iterator[tuple[int, int, str]]:
        """(first word index, last word index, slug) of each non-overlapping mention."""
        after = 0  # mentions do not overlap
        for i in compress(count(), map(starts.__contains__, words)):
            if i < after:
                continue
            match = self._match_at(words, i)
            if match is not None:
                yield i, i + match[0] - 1, match[1]
                after = i + match[0]

    def mentioned(self, words: list[str], *vocab: AbstractSet[str]) -> set[str]:
        """Slugs mentioned in prose cut into folded ``words``; ``vocab``: the distinct words of
        ``words``, as one set or split across several (those of the key points and of the rest).

        The same non-overlapping, longest-first mentions as :meth:`find`, with the per-word work
        done in C: only the positions of words that can start a term are visited (``compress``),
        and a multi-word term is looked up by the pair of words it starts with.
        """
        starts = set().union(*[self.starts & v for v in vocab])
        if starts.isdisjoint(self.firsts):  # only one-word terms: nothing longer can overlap them
            return {self.single_of[w] for w in starts}
        return {slug for _, _, slug in self._scan(words, starts)}

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, slug) of each mention in ``text``, left to right, not overlapping."""
        folded = fold_aligned(text)
        spans = [(m.start(), m.end()) for m in TOKEN.finditer(folded)]
        words = [folded[a:b] for a, b in spans]
        if self.starts.isdisjoint(words):
            return
        for i, j, slug in self._scan(words, self.starts):
            yield spans[i][0], spans[j][1], slug


def _segments(markdown: str) -> Iterator[tuple[bool, str]]:
    """Split markdown into (linkable, text) pieces; code, links, headings are not linkable."""
    fence: str | None = None
    for line in markdown.split("\n"):
        m = _FENCE.match(line)
        if fence is not None:
            if (
                m
                and m.group(1)[0] == fence[0]
                and len(m.group(1)) >= len(fence)
                and not line.strip().strip(fence[0])
            ):
                fence = None
            yield False, line + "\n"
            continue
        if m:
            fence = m.group(1)
            yield False, line + "\n"
            continue
        if _HEADING.match(line):
            yield False, line + "\n"
            continue
        pos = 0
        for p in _PROTECTED.finditer(line):
            if p.start() > pos:
                yield True, line[pos : p.start()]
            yield False, p.group()
            pos = p.end()
        yield True, line[pos:] + "\n"


class Library:
    """The glossary loaded from a folder; see :func:`load_library`."""

    folder: Path
    entries: dict[str, Entry]
    failed: dict[str, tuple[Diagnostic, ...]]
    diagnostics: tuple[Diagnostic, ...]
    links: dict[str, frozenset[str]]
    backlinks: dict[str, frozenset[str]]
    stale: dict[str, tuple[Diagnostic, ...]]

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entries = {}
        self.failed = {}
        self.stale = {}  # slug -> errors of its file now, while its last good version is served
        self.diagnostics = ()
        self.links = {}
        self.backlinks = {}
        self._records: dict[str, _Record] = {}
        self._keys: dict[str, str] = {}
        self._matcher = TermMatcher({})
        self._mentions: dict[str, frozenset[str]] = {}
        self._index = SearchIndex()
        self._sorted: list[str] = []

    def __repr__(self) -> str:
        return f"Library({str(self.folder)!r}, {len(self.entries)} entries, {len(self.failed)} failed)"

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, slug: object) -> bool:
        return slug in self.entries

    def resolve(self, text: str) -> str | None:
        """The slug of the entry whose slug, title or alias is ``text`` (folded), or None."""
        if text in self.entries:
            return text
        key = fold(text.strip().removeprefix("/").removesuffix(".md"))
        return self._keys.get(key) or self._keys.get(key.replace("-", " "))

    def related(self, slug: str) -> tuple[str, ...]:
        """Front-matter ``related`` slugs of ``slug`` that exist."""
        entry = self.entries.get(slug)
        return () if entry is None else self.related_of(entry)

    def related_of(self, entry: Entry) -> tuple[str, ...]:
        """Front-matter ``related`` slugs of ``entry`` that exist; the entry need not be in the library
        (the "Dodaj hasło" preview of a pasted one)."""
        out = []
        for r in entry.related:
            target = self.resolve(r)
            if target and target != entry.slug and target not in out:
                out.append(target)
        return tuple(out)

    def sorted_slugs(self) -> list[str]:
        """Slugs in Polish alphabetical order of their titles."""
        return list(self._sorted)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Ranked hits for ``query`` (title > alias > key points > body), each with a snippet.

        A query word matches the other forms of a title's or alias's word (``funkcjami straty`` finds
        "Funkcja straty"), and of its own paradigm when the dictionary knows it; the exact form ranks
        above another form, which ranks above a prefix or a typo.
        """
        exact = self._keys.get(fold(query).strip())
        words = _WORD.findall(query[: _MORPH_QUERY_WORDS * (_MORPH_WORD_CHARS + 1)])[:_MORPH_QUERY_WORDS]
        stripped = query.strip()
        if exact is None and len(stripped) <= _MORPH_QUERY_WORDS * (_MORPH_WORD_CHARS + 1):
            whole = list(self._matcher.find(stripped))  # is the whole query one term, in another form?
            if len(whole) == 1 and whole[0][:2] == (0, len(stripped)):
                exact = whole[0][2]
        written = {fold(w): w for w in words if len(w) <= _MORPH_WORD_CHARS}
        matcher = self._matcher

        def inflect(term: str) -> set[str]:
            out = matcher.inflections(term)
            if term in written:
                out |= forms(written[term]) - {term}
            return out

        return self._index.search(query, self.entries, limit, exact, inflect)

    def suggest(self, text: str, n: int = 5) -> list[str]:
        """Slugs that ``text`` (an unknown slug, title or alias) probably meant."""
        key = fold(text.strip().removeprefix("/").removesuffix(".md")).replace("-", " ")
        if not key:
            return []
        candidates = {slug.replace("-", " "): slug for slug in self.entries}
        candidates.update(self._keys)
        out: list[str] = []
        for match in difflib.get_close_matches(key, list(candidates), n=n * 3, cutoff=0.6):
            slug = candidates[match]
            if slug not in out:
                out.append(slug)
        if len(out) < n:
            for hit in self.search(text, limit=n):
                if hit.slug not in out:
                    out.append(hit.slug)
        return out[:n]

    def mentions(self, markdown: str, current_slug: str | None = None) -> list[tuple[int, str, str, bool]]:
        """(line, text, target slug, explicit) of every mention of another entry in ``markdown``: its
        ``[text](/slug)`` links (explicit) and the titles and aliases :meth:`linkify` would link, in
        any inflected form, in the same places (never in code, maths, URLs, headings)."""
        out: list[tuple[int, str, str, bool]] = []
        line = 1
        for linkable, piece in _segments(markdown):
            if linkable:
                for start, end, slug in self._matcher.find(piece):
                    if slug != current_slug and slug in self.entries:
                        out.append((line, piece[start:end], slug, False))
            else:
                for m in _LINK.finditer(piece):
                    target = self.resolve(m.group(2))
                    if target is not None and target != current_slug:
                        out.append((line, m.group(1), target, True))
            line += piece.endswith("\n")
        return out

    def linkify(self, markdown: str, current_slug: str | None = None) -> str:
        """Link the first mention of every other entry's title/alias as ``[text](/slug)``.

        Whole words only, longest match first, case- and diacritic-insensitive; never inside code
        spans, fences, headings, existing links or URLs; the entry itself is not linked.
        """
        done: set[str] = {current_slug} if current_slug else set()
        out: list[str] = []
        for linkable, piece in _segments(markdown):
            if not linkable:
                out.append(piece)
                continue
            pos = 0
            for start, end, slug in self._matcher.find(piece):
                if slug in done or slug not in self.entries:
                    continue
                done.add(slug)
                out.append(piece[pos:start])
                out.append(f"[{piece[start:end]}](/{slug})")
                pos = end
            out.append(piece[pos:])
        return "".join(out)[:-1]  # every line got a "\n", the last one too


def load_library(folder: str | os.PathLike[str], previous: Library | None = None) -> Library:
    """Load every ``*.md`` file of ``folder`` (hidden files ignored).

    Files with errors are in ``.failed`` (keyed by the file-stem slug); the others load. With
    ``previous`` (a library of the same folder), unchanged files are not re-parsed.
    """
    # NOTE: the cyclic GC is paused while loading: the parse allocates many objects that survive,
    # which makes CPython run full collections over and over (about a fifth of the load time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(folder), previous)
    finally:
        if enabled:
            gc.enable()


def _load(path: Path, previous: Library | None) -> Library:
    lib = Library(path)
    old_records = previous._records if previous is not None and previous.folder == path else {}
    records: dict[str, _Record] = {}
    prefix = str(path / "_")[:-1]  # str(path / name) without building a Path per file
    for name, size, mtime in _scan(path):
        rec = old_records.get(name)
        if rec is None or rec.size != size or rec.mtime_ns != mtime:
            result = read_and_parse(prefix + name)
            errors = tuple(d for d in result.entry.diagnostics if d.severity == "error")
            if errors and rec is not None and not _has_error(rec.result.entry):
                rec = _Record(size, mtime, rec.result, rec.notes, errors)  # keep serving the last good one
            else:
                rec = _Record(size, mtime, result, _file_notes(result.entry, str(path)))
        records[name] = rec
    lib._records = records
    diags: list[Diagnostic] = []
    owners: dict[str, tuple[str, str]] = {}  # folded title/alias -> (slug, path)
    results: dict[str, ParseResult] = {}
    for rec in records.values():
        entry = rec.result.entry
        if rec.stale:
            lib.stale[entry.slug] = rec.stale
        diags.extend(rec.stale or entry.diagnostics)
        if any(d.severity == "error" for d in entry.diagnostics):
            lib.failed[entry.slug] = entry.diagnostics
            continue
        clash = _clash(entry, lib.entries, owners)
        if clash is not None:
            diags.append(clash)
            lib.failed[entry.slug] = (*entry.diagnostics, clash)
            continue
        lib.entries[entry.slug] = entry
        results[entry.slug] = rec.result
        diags.extend(rec.notes)
        for key in (_name_key(entry.title), *(_name_key(a) for a in entry.aliases)):
            owners.setdefault(key, (entry.slug, entry.path))
    keys = {_name_key(slug): slug for slug in lib.entries}
    keys.update({k: slug for k, (slug, _) in owners.items()})
    lib._keys = keys
    lib._sorted = sorted(lib.entries, key=lambda s: _title_key(lib.entries[s].title))
    _index_and_link(lib, previous if old_records else None, results, diags)
    diags.extend(house_rules(path, [(rec.result.entry.path, rec.mtime_ns) for rec in records.values()]))
    lib.diagnostics = tuple(sorted(diags, key=lambda d: (d.path, d.line, d.severity, d.message)))
    return lib


def _has_error(entry: Entry) -> bool:
    return any(d.severity == "error" for d in entry.diagnostics)


def inflected_form_of(name: str, base: str) -> bool:
    """True when ``name`` is ``base`` with some words in another inflected form (and nothing else)."""
    words, base_words = _name_forms(name), _name_forms(base)
    return (
        len(words) == len(base_words)
        and words != base_words
        and [w for w, _ in words] != [w for w, _ in base_words]
        and all(w in found for (w, _), (_, found) in zip(words, base_words, strict=True))
    )


def _inflection_hints(path: str, title: str, aliases: tuple[str, ...]) -> tuple[Diagnostic, ...]:
    """A hint for each alias that is only an inflected form of the title or of an earlier alias (or
    the same once case and diacritics are ignored): the app matches all of those already."""
    out = []
    names = [title]
    for alias in aliases:
        same = next((n for n in names if _name_words(alias) == _name_words(n)), None)
        base = same or next((n for n in names if inflected_form_of(alias, n)), None)
        if base is None:
            names.append(alias)
            continue
        if same:
            message = f"alias '{alias}' is only another spelling of '{base}' (case, diacritics, hyphens)"
        else:
            message = (
                f"alias '{alias}' is only an inflected form of '{base}' "
                "(mentions and searches match every case form already)"
            )
        out.append(Diagnostic(path, _alias_line(path, alias), "hint", f"{message}: remove it from 'aliases'"))
    return tuple(out)


def _file_notes(entry: Entry, folder: str) -> tuple[Diagnostic, ...]:
    """Hints on aliases and warnings on images of one freshly parsed file (kept with its record)."""
    if any(d.severity == "error" for d in entry.diagnostics):
        return ()
    notes = _inflection_hints(entry.path, entry.title, entry.aliases) if entry.aliases else ()
    texts = [entry.definition, entry.explanation_intro, *entry.key_points, *entry.scratchpad]
    texts += [section.markdown for section in (*entry.explanation, *entry.extra_sections)]
    texts.append(entry.example.markdown if entry.example is not None else "")
    if "![" in "".join(texts):
        notes += _image_diagnostics(entry.path, folder)
    return notes


def _image_diagnostics(path: str, folder: str) -> tuple[Diagnostic, ...]:
    """A warning for each image of the file at ``path`` without alt text, and for each local one
    that will not show (missing, outside ``folder``, not an image, too large)."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return ()
    out = []
    line = 1
    for linkable, piece in _segments(text):
        image = None if linkable or piece.endswith("\n") else _IMAGE.fullmatch(piece)
        if image is not None:
            alt, src = image.group(1), image.group(2)
            if not alt.strip():
                message = f"image '{src}' has no alt text: say what it shows, as in ![Wykres ReLU]({src})"
                out.append(Diagnostic(path, line, "warning", message))
            if not is_web_url(src):
                problem = resolve_image(src, folder)[1]
                if problem is not None:
                    out.append(Diagnostic(path, line, "warning", problem))
        line += piece.endswith("\n")
    return tuple(out)


def _alias_line(path: str, alias: str) -> int:
    """The front-matter line that lists ``alias`` (else the ``aliases:`` line, else 1)."""
    try:
        with open(path, encoding="utf-8") as fh:
            head = fh.read(64 * 1024).split("\n")
    except (OSError, UnicodeDecodeError):
        return 1
    if not head or head[0].strip() != "---":
        return 1
    fallback = 1
    for number, line in enumerate(head[1:], start=2):
        if line.strip() == "---":
            break
        if line.lstrip().startswith("aliases:"):
            fallback = number
        if re.search(rf"(^|[\[,\s'\"-]){re.escape(alias)}($|[\],\s'\"])", line):
            return number
    return fallback


def _clash(entry: Entry, entries: dict[str, Entry], owners: dict[str, tuple[str, str]]) -> Diagnostic | None:
    if entry.slug in RESERVED_SLUGS:
        return Diagnostic(
            entry.path,
            1,
            "error",
            f"the address /{entry.slug} belongs to the app's own page ({RESERVED_SLUGS[entry.slug]}); "
            "rename the file",
        )
    other = entries.get(entry.slug)
    if other is not None:
        return Diagnostic(
            entry.path,
            1,
            "error",
            f"duplicate slug '{entry.slug}': {entry.path} and {other.path} name the same entry; "
            "rename one file",
        )
    for name in (entry.title, *entry.aliases):
        owner = owners.get(_name_key(name))
        if owner is not None and owner[0] != entry.slug:
            return Diagnostic(
                entry.path,
                1,
                "error",
                f"duplicate title or alias '{name}': {entry.path} and {owner[1]} both use it; "
                "remove it from one of them",
            )
    return None


@functools.lru_cache(maxsize=1 << 16)
def _name_forms(name: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(folded word, its inflected forms) for each word of a title or alias."""
    return tuple((fold(word), forms(word)) for word in _WORD.findall(name))


def _terms(entries: dict[str, Entry]) -> tuple[dict[tuple[str, ...], str], dict[str, frozenset[str]]]:
    """Folded words of every title and alias -> slug, and each such word -> its inflected forms."""
    terms: dict[tuple[str, ...], str] = {}
    variants: dict[str, frozenset[str]] = {}
    for slug, entry in entries.items():
        for name in (entry.title, *entry.aliases):
            words = _name_words(name)
            if words:
                terms.setdefault(words, slug)
                for folded, found in _name_forms(name):
                    known = variants.setdefault(folded, found)
                    if known is not found:  # one folded word written two ways (sieć, siec)
                        variants[folded] = known | found
    return terms, variants


def _analyse(entry: Entry, result: ParseResult, matcher: TermMatcher) -> tuple[DocTokens, frozenset[str]]:
    """Search tokens and mentioned slugs of one entry, from one tokenisation of its prose."""
    # One tokenisation of both texts; the NUL token between them stops a mention across the seam.
    words = fold_tokens(f"{result.key_points_prose}\n\0\n{result.prose}")
    seam = words.index("\0")
    kp_words = set(islice(words, seam))
    body_words = set(islice(words, seam + 1, None))
    found = matcher.mentioned(words, kp_words, body_words)
    found.discard(entry.slug)
    return doc_tokens(entry, kp_words, body_words, result.key_points_extra, result.extra), frozenset(found)


def _index_and_link(
    lib: Library, previous: Library | None, results: dict[str, ParseResult], diags: list[Diagnostic]
) -> None:
    entries = lib.entries
    terms, variants = _terms(entries)
    if previous is None:
        lib._matcher = TermMatcher(terms, variants)
        docs: dict[str, DocTokens] = {}
        mentions: dict[str, frozenset[str]] = {}
        for slug, entry in entries.items():
            docs[slug], mentions[slug] = _analyse(entry, results[slug], lib._matcher)
        lib._index = SearchIndex.build(docs)
    else:
        prev_entries = previous.entries
        changed = {s for s, e in entries.items() if prev_entries.get(s) is not e}
        removed = [s for s in prev_entries if s not in entries or s in changed]
        same = terms == previous._matcher.terms and variants == previous._matcher.variants
        lib._matcher = previous._matcher if same else TermMatcher(terms, variants)
        mentions = {s: m for s, m in previous._mentions.items() if s in entries and s not in changed}
        docs = {}
        for slug in changed:
            docs[slug], mentions[slug] = _analyse(entries[slug], results[slug], lib._matcher)
        lib._index = previous._index.update(removed, docs)
        if lib._matcher is not previous._matcher:
            old_terms = previous._matcher.terms
            old_variants = previous._matcher.variants
            delta = {w for w, s in terms.items() if old_terms.get(w) != s}
            delta |= {w for w, s in old_terms.items() if terms.get(w) != s}
            delta |= {w for w in terms if any(variants.get(x) != old_variants.get(x) for x in w)}
            rescan: set[str] = set()
            for words in delta:  # only entries containing a form of the first word can gain or lose one
                first = words[0]
                for form in variants.get(first, {first}) | old_variants.get(first, {first}):
                    rescan |= lib._index.docs_with(form) if len(form) > 1 else set(entries)
            for slug in rescan - changed:
                if slug in entries:
                    mentions[slug] = _analyse(entries[slug], results[slug], lib._matcher)[1]
    lib._mentions = mentions

    links: dict[str, frozenset[str]] = {}
    for slug, entry in entries.items():
        explicit = set()
        for target, line in results[slug].links:
            resolved = lib.resolve(target)
            if resolved is None:
                hint = lib.suggest(target, 1)
                did = f" (did you mean '/{hint[0]}'?)" if hint else ""
                diags.append(
                    Diagnostic(
                        entry.path,
                        line,
                        "warning",
                        f"link to a missing entry '{target}'{did}: fix the link or create it",
                    )
                )
            elif resolved != slug:
                explicit.add(resolved)
        for r in entry.related:
            if lib.resolve(r) is None:
                diags.append(
                    Diagnostic(
                        entry.path,
                        1,
                        "warning",
                        f"related entry '{r}' does not exist: fix the slug in 'related'",
                    )
                )
        links[slug] = frozenset(explicit | mentions.get(slug, frozenset()))
    lib.links = links
    back: dict[str, set[str]] = {slug: set() for slug in entries}
    for slug, targets in links.items():
        for target in targets:
            back[target].add(slug)
    lib.backlinks = {slug: frozenset(s) for slug, s in back.items()}
