"""Text helpers for Polish/English content: folding, slugs, Polish alphabetical order.

``fold`` is the one normalisation every comparison uses (search, aliases, section names):
lowercase, diacritics removed, and ``ł`` -> ``l`` (Unicode does not decompose ``ł``, so
NFD alone leaves it alone, as it does in SQLite's unicode61 tokenizer).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from itertools import chain

_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Letters that carry a stroke rather than a combining mark: NFD keeps them as they are.
_STROKED = {"ł": "l", "đ": "d", "ø": "o", "ħ": "h", "ı": "i", "ŧ": "t", "ƚ": "l"}
_STROKED_RE = re.compile("[" + "".join(_STROKED) + "]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")

# Polish alphabet; letters not listed here sort after their base letter.
_POLISH = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_RANK = {c: i for i, c in enumerate(_POLISH)}
_POLISH_LETTERS = frozenset("ĄĆĘŁŃÓŚŹŻ")


def _fold_decomposed(low: str) -> str:
    """:func:`fold` of the lowercase, non-ASCII ``low`` the general way (NFD, marks dropped)."""
    out = _COMBINING.sub("", unicodedata.normalize("NFD", low)).replace("ł", "l")
    # str.translate is slow (a dict lookup per character); the other stroked letters are rare
    return _STROKED_RE.sub(lambda m: _STROKED[m.group()], out) if _STROKED_RE.search(out) else out


def _latin_letters() -> dict[int, str]:
    """Code point -> folded letter for the lowercase Latin letters (U+00C0-U+024F) that fold to one
    ASCII letter on their own: a base letter plus marks :func:`fold` drops (``ą``, ``é``), or a
    stroked letter (``ł``). Each decomposes to a base letter first, so in any word they fold one by
    one, and a short word of them and ASCII folds with ``str.translate`` alone.
    """
    table = {}
    for code in range(0xC0, 0x250):
        c = chr(code)
        nfd = unicodedata.normalize("NFD", c)
        folded = _fold_decomposed(c)
        one_by_one = nfd == c or (nfd[0].isascii() and not _COMBINING.sub("", nfd[1:]))
        if c.lower() == c and one_by_one and len(folded) == 1 and folded.isascii() and folded.isalpha():
            table[code] = folded
    return table


_LATIN = _latin_letters()
_SHORT = 64  # translate costs a dict lookup per character: only words and names take that path


def fold(s: str) -> str:
    """Lowercase ``s`` and strip diacritics (``Łódź`` -> ``lodz``).

    For Latin text the result has the same length as ``s``, so positions found in the folded
    string are positions in the original (see :func:`fold_aligned` for the guarantee).
    """
    low = s.lower()
    if low.isascii():
        return low
    if len(low) <= _SHORT:
        quick = low.translate(_LATIN)  # NOTE: equals _fold_decomposed(low) when it is all ASCII
        if quick.isascii():
            return quick
    return _fold_decomposed(low)


def fold_aligned(s: str) -> str:
    """:func:`fold`, guaranteed to return a string of the same length as ``s``."""
    folded = fold(s)
    if len(folded) == len(s):
        return folded
    out = []
    for c in s:
        f = fold(c)
        out.append(f if len(f) == 1 else c)
    return "".join(out)


def slugify(s: str) -> str:
    """ASCII slug: ``Funkcja aktywacji`` -> ``funkcja-aktywacji``, ``Łańcuch`` -> ``lancuch``."""
    return _NON_SLUG.sub("-", fold(s)).strip("-")


def _char_rank(c: str) -> tuple[int, int]:
    if c in _RANK:
        return (100 + _RANK[c] * 2, 0)
    if c.isdigit():
        return (10 + int(c) if c.isascii() else 20, 0)
    base = fold(c)
    if len(base) == 1 and base in _RANK:
        return (100 + _RANK[base] * 2, 1)
    if c.isspace() or not c.isalnum():
        return (0, min(ord(c), 0xFFFF))
    return (1000, min(ord(c), 0xFFFF))


_PRIMARY: dict[str, str] = {}
_SECONDARY: dict[str, str] = {}


def _learn(c: str) -> str:
    primary, secondary = _char_rank(c)
    _SECONDARY[c] = chr(0x30 + secondary) if secondary < 2 else chr(0x100 + secondary)
    _PRIMARY[c] = chr(0x100 + primary)
    return _PRIMARY[c]


def sort_key(s: str) -> tuple[str, str, str]:
    """Key for Polish alphabetical order: Ą after A, Ł after L, Ś after S, Ź and Ż after Z.

    Letters compare first (accents of non-Polish letters ignored), then those accents, then case.
    """
    low = s.lower()
    primary = "".join([_PRIMARY.get(c) or _learn(c) for c in low])
    secondary = "".join([_SECONDARY[c] for c in low])
    return (primary, secondary, s)


def letter(s: str) -> str:
    """The index letter of a title: ``Ł`` for ``Łek``, ``A`` for ``Adam``, ``#`` for ``2D``."""
    for c in s.strip():
        if not c.isalnum():
            continue
        up = c.upper()
        if up in _POLISH_LETTERS:
            return up
        if c.isalpha():
            base = fold(c).upper()
            return base if len(base) == 1 else up
        return "#"
    return "#"


# -- section names -------------------------------------------------------------------------------
# kind -> (Polish display name, English display name, emoji, other accepted names...)
SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "definition": ("Definicja", "Definition", "🎯"),
    "key_points": ("Kluczowe punkty", "Key points", "🔑"),
    "explanation": ("Szczegółowe wyjaśnienie", "Detailed explanation", "📚"),
    "example": ("Przykład zastosowania", "Example", "💡", "Przykład", "Przykłady", "Examples"),
    "sources": ("Źródła", "Sources", "📌", "References", "Bibliografia"),
    "scratchpad": ("Brudnopis", "Scratchpad", "👽", "Notes", "Notatki"),
}
KIND_ORDER = tuple(SECTION_NAMES)
_EMOJI_KIND = {names[2]: kind for kind, names in SECTION_NAMES.items()}
_NAME_KIND = {
    fold(name): kind for kind, names in SECTION_NAMES.items() for name in (names[0], names[1], *names[3:])
}
_VARIATION = re.compile("[\ufe0f\ufe0e\u200d]")
_EDGE_PUNCT = " \t:.-–—#*_"


@functools.lru_cache(maxsize=4096)
def split_emoji(heading: str) -> tuple[str, str]:
    """``"🎯 Definicja"`` -> ``("🎯", "Definicja")``; the emoji part is "" when there is none."""
    s = _VARIATION.sub("", heading).strip()
    i = 0
    while i < len(s) and not (s[i].isalnum() or s[i] in "([{\"'`„“"):
        i += 1
    return s[:i].strip(), s[i:].strip(_EDGE_PUNCT)


@functools.lru_cache(maxsize=4096)
def classify(heading: str) -> str | None:
    """Section kind of a heading (``"definition"``, ...), or None for an unknown section.

    Names compare case- and diacritic-insensitively, in Polish or English; the emoji alone also
    identifies the section. A recognised name wins over a conflicting emoji.
    """
    emoji, name = split_emoji(heading)
    kind = _NAME_KIND.get(fold(name))
    if kind is None and emoji:
        kind = next((k for e, k in _EMOJI_KIND.items() if e in emoji), None)
    return kind


def known_names() -> dict[str, str]:
    """Folded accepted section name -> display name (for "did you mean" hints)."""
    out: dict[str, str] = {}
    for names in SECTION_NAMES.values():
        for name in (names[0], names[1], *names[3:]):
            out[fold(name)] = name
    return out


def is_emoji(ch: str) -> bool:
    """True for pictographic characters that start the seed's bare-line headings."""
    o = ord(ch)
    return 0x1F000 <= o <= 0x1FAFF or 0x2600 <= o <= 0x27BF or 0x2B00 <= o <= 0x2BFF


class _FoldCache(dict):
    """word -> fold(word), filled on demand; ``map(cache.__getitem__, words)`` runs in C on hits."""

    def __missing__(self, word: str) -> str:
        if len(self) > 500_000:
            self.clear()
        folded = self[word] = word if word.isascii() and word.islower() else fold(word)
        return folded


_WORD_CACHE = _FoldCache()
fold_word = _WORD_CACHE.__getitem__  # :func:`fold` of one word, memoised

TOKEN = re.compile(r"\w+|[^\w\s-]")  # words and the punctuation that separates mentions
_find_tokens = TOKEN.findall


class _ChunkTokens(dict):
    """A run of non-space characters of lowercase text -> its folded :data:`TOKEN` tokens."""

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        if len(self) > 500_000:
            self.clear()
        # a run of letters and digits is one token; only the others (model., f(x)) need the regex
        tokens = (fold_word(chunk),) if chunk.isalnum() else tuple(map(fold_word, _find_tokens(chunk)))
        self[chunk] = tokens
        return tokens


_CHUNK_TOKENS = _ChunkTokens()


def fold_tokens(text: str) -> list[str]:
    """``[fold_word(t) for t in TOKEN.findall(text.lower())]``: the folded words and punctuation
    marks of ``text`` in order (spaces and hyphens dropped), with no Python code per word.

    A token never spans whitespace (``str.split`` and ``\\s`` agree on what that is), so the text
    is split on whitespace and each run of other characters is looked up in a memo of its tokens:
    prose repeats its words (and ``word.``, ``word,``), so most runs are hits.
    """
    return list(chain.from_iterable(map(_CHUNK_TOKENS.__getitem__, text.lower().split())))
