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

from glossary.corpus.text import fold

__all__ = ["forms", "lemmas"]

# Tag positions that inflect within one paradigm (number, case, gender, person, collectivity):
# they are dropped before two tags are compared. Everything else (part of speech, aspect,
# negation, degree) must agree.
_INFLECTING = frozenset(
    "sg pl nom gen dat acc inst loc voc m1 m2 m3 f n col ncol pt n1 n2 p1 p2 p3 pri sec ter".split()
)
_LONGEST_WORD = 64  # longer than any word of the dictionary; Morfeusz takes ~4 µs per letter
_LOCK = threading.Lock()  # Morfeusz objects are not documented as thread-safe; Streamlit runs threads


class _Dictionary:
    """Morfeusz's analyser and generator, read through its low-level objects: the convenience
    wrapper resolves a name and labels for every reading, which made a title word cost 2-3x more."""

    def __init__(self) -> None:
        import morfeusz2  # NOTE: imported on first use, so a process that matches nothing never loads it

        self._wrapper = morfeusz2.Morfeusz(expand_tags=False)  # owns the object below
        self._morfeusz = self._wrapper._morfeusz_obj
        self._ids = self._morfeusz.getIdResolver()
        self._paradigms: dict[int, tuple[str, ...]] = {}

    def paradigm(self, tag_id: int) -> tuple[str, ...]:
        """``adj:sg:gen:f:pos`` -> ``("adj", "pos")``: what every form of one paradigm shares."""
        found = self._paradigms.get(tag_id)
        if found is None:
            parts = self._ids.getTag(tag_id).split(":")
            found = (parts[0], *(p for p in parts[1:] if not _INFLECTING.issuperset(p.split("."))))
            self._paradigms[tag_id] = found
        return found

    def readings(self, word: str) -> list[tuple[str, tuple[str, ...]]]:
        """(lemma, paradigm) of each reading of ``word`` as one whole segment; [] when unknown."""
        with _LOCK:
            found = [
                (i.startNode, i.endNode, i.lemma, i.tagId, i.isIgn()) for i in self._morfeusz.analyse(word)
            ]
        if any(start != 0 or end != 1 for start, end, *_ in found):
            return []  # read as several segments (``zrobiłem`` = ``zrobił`` + ``em``): not one word
        return [(lemma, self.paradigm(tag)) for _, _, lemma, tag, ign in found if not ign]

    def generate(self, lemma: str) -> list[tuple[str, tuple[str, ...]]]:
        """(form, paradigm) of every form of ``lemma``."""
        with _LOCK:
            found = [(i.orth, i.tagId) for i in self._morfeusz.generate(lemma)]
        return [(orth, self.paradigm(tag)) for orth, tag in found]


@functools.cache
def _dictionary() -> _Dictionary:
    return _Dictionary()


@functools.lru_cache(maxsize=1 << 16)
def forms(word: str) -> frozenset[str]:
    """Folded forms of ``word`` (a word of a title or alias) in its own paradigm, ``word`` included.

    >>> sorted(forms("sieć"))
    ['siec', 'sieci', 'siecia', 'sieciach', 'sieciami', 'sieciom']
    """
    low = word.lower()
    out = {fold(low)}
    if not low.isalpha() or len(low) > _LONGEST_WORD:
        return frozenset(out)  # digits, hyphens, symbols, a 100,000-letter run: not a dictionary word
    dictionary = _dictionary()
    for lemma, paradigm in dictionary.readings(low):
        out.update(fold(orth) for orth, other in dictionary.generate(lemma) if other == paradigm)
    return frozenset(out)


@functools.lru_cache(maxsize=1 << 16)
def lemmas(word: str) -> frozenset[str]:
    """The dictionary's lemmas of ``word`` (``sieci`` -> ``{"sieć"}``); empty for an unknown word."""
    low = word.lower()
    if not low.isalpha() or len(low) > _LONGEST_WORD:
        return frozenset()
    return frozenset(lemma.split(":")[0] for lemma, _ in _dictionary().readings(low))
