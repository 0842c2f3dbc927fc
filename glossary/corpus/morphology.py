"""Polish inflection of the words of titles and aliases, from Morfeusz 2 and its SGJP dictionary.

A term's word matches every form of its own paradigm: ``rekurencyjna`` matches ``rekurencyjnej``,
``rekurencyjnymi`` …; ``sieć`` matches ``sieci``, ``siecią`` …. "Its own paradigm" is the lexeme *and*
the part of speech the dictionary gives the written word, so ``zanikający`` (an active participle of
``zanikać``) matches ``zanikającego`` but not the verb's ``zanika``, and a negated or graded form
(``niezanikający``, ``najgłębszy``) is not a form of the plain word. A word the dictionary does not know
(``ReLU``, ``konwolucyjna``) matches only itself: no suffix rules are guessed.

Only the words of titles and aliases are analysed (a few per entry), never the prose: prose is matched
by looking its folded words up in the forms computed here. Morfeusz loads in about 0.1 s, on the first
call, and every word's forms are memoised for the life of the process.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from glossary.corpus.text import fold

__all__ = ["forms", "lemmas"]

# Tag positions that inflect within one paradigm (number, case, gender, person, collectivity):
# they are dropped before two tags are compared. Everything else (part of speech, aspect,
# negation, degree) must agree.
_INFLECTING = frozenset(
    "sg pl nom gen dat acc inst loc voc m1 m2 m3 f n col ncol pt n1 n2 p1 p2 p3 pri sec ter".split()
)
_LOCK = threading.Lock()  # Morfeusz objects are not documented as thread-safe; Streamlit runs threads


@functools.cache
def _analyser() -> Any:
    import morfeusz2  # NOTE: imported on first use, so a process that matches nothing never loads it

    return morfeusz2.Morfeusz(expand_tags=False)


def _paradigm(tag: str) -> tuple[str, ...]:
    """``adj:sg:gen:f:pos`` -> ``("adj", "pos")``: what every form of one paradigm shares."""
    parts = tag.split(":")
    return (parts[0], *(p for p in parts[1:] if not _INFLECTING.issuperset(p.split("."))))


def _interpretations(word: str) -> list[tuple[str, str]]:
    """(lemma, tag) of each reading of ``word`` as one whole segment; [] when unknown."""
    with _LOCK:
        readings = _analyser().analyse(word)
    if any(start != 0 or end != 1 for start, end, _ in readings):
        return []  # read as several segments (``zrobiłem`` = ``zrobił`` + ``em``): not one word
    return [(lemma, tag) for _, _, (_, lemma, tag, *_) in readings if tag != "ign"]


@functools.lru_cache(maxsize=1 << 16)
def forms(word: str) -> frozenset[str]:
    """Folded forms of ``word`` (a word of a title or alias) in its own paradigm, ``word`` included.

    >>> sorted(forms("sieć"))
    ['siec', 'sieci', 'sieciach', 'sieciami', 'siecia', 'sieciom']
    """
    low = word.lower()
    out = {fold(low)}
    if not low.isalpha():
        return frozenset(out)  # digits, hyphens, symbols: not a dictionary word
    for lemma, tag in _interpretations(low):
        wanted = _paradigm(tag)
        with _LOCK:
            generated = _analyser().generate(lemma)
        out.update(fold(orth) for orth, _, gtag, *_ in generated if _paradigm(gtag) == wanted)
    return frozenset(out)


@functools.lru_cache(maxsize=1 << 16)
def lemmas(word: str) -> frozenset[str]:
    """The dictionary's lemmas of ``word`` (``sieci`` -> ``{"sieć"}``); empty for an unknown word."""
    low = word.lower()
    if not low.isalpha():
        return frozenset()
    return frozenset(lemma.split(":")[0] for lemma, _ in _interpretations(low))
