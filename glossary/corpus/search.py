"""An in-memory, copy-on-write search index over entries.

Why not SQLite FTS5: its unicode61 tokenizer does not fold ``ł``, it has no typo tolerance, a
connection cannot be pickled or shared between the immutable library snapshots a long-running
server keeps, and a reload would have to mutate a database an older snapshot still reads. A plain
inverted index of folded tokens does all of that in a few hundred lines:

* fields are tiers, ranked title > alias > key points > body, and the tier dominates the score;
* a query term matches a token exactly, in another inflected form (``funkcjami`` finds ``funkcja``:
  the caller passes the forms, see :mod:`glossary.corpus.morphology`), as a prefix, or with one typo
  (Damerau distance 1, found through a lazily built deletion index, as in SymSpell);
* :meth:`SearchIndex.update` returns a new index sharing every posting that did not change, so
  reloading after one edit costs about one entry's worth of work.

A posting is a sorted list of slugs, not a set: a fifth of the memory (measured on 1,000 entries;
the index is the largest thing a load keeps), built with appends, and the same list whether an index
was built fresh or updated.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import repeat

from glossary.corpus.entry import Entry
from glossary.corpus.text import fold, fold_aligned, fold_word

TIERS = ("title", "alias", "key_points", "body")
_TIER_WEIGHT = (1000.0, 100.0, 10.0, 1.0)
_EXACT, _INFLECTED, _PREFIX, _TYPO = 1.0, 0.9, 0.8, 0.5
_WORD = re.compile(r"\w\w+")
_ANY_WORD = re.compile(r"\w+")
_MAX_PREFIX_TOKENS = 400
_SNIPPET_RADIUS = 60


@dataclass(frozen=True)
class SearchHit:
    slug: str
    title: str
    field: str  # "title" | "alias" | "key_points" | "body"
    snippet: str  # text around the match, the match wrapped in **bold**
    score: float


def field_texts(entry: Entry) -> tuple[list[str], list[str], list[str], list[str]]:
    """The texts of each tier for ``entry`` (title, aliases, key points, body)."""
    body = [entry.definition, entry.explanation_intro]
    for section in entry.explanation:
        body += [section.heading, section.markdown]
    if entry.example is not None:
        body.append(entry.example.markdown)
        body += [block.code for block in entry.example.code]
    body += [f"{s.title} {s.url or ''}" for s in entry.sources]
    body += list(entry.scratchpad)
    body += list(entry.tags)
    for section in entry.extra_sections:
        body += [section.heading, section.markdown]
    return [entry.title], list(entry.aliases), list(entry.key_points), [t for t in body if t]


def fold_words(text: str) -> set[str]:
    """Folded distinct words (2+ characters) of ``text``; folds each distinct word once."""
    words = set(_WORD.findall(text.lower()))
    return set(map(fold_word, words))


# The distinct tokens of each tier (title, alias, key points, body) of one document. Tuples, not
# frozensets: a load keeps one per entry, and a tuple takes a quarter of a set's memory. Their order
# is the order of the set they were made from, the same whenever the same text is indexed.
DocTokens = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def doc_tokens(
    entry: Entry, key_point_words: set[str], body_words: set[str], key_points_extra: str, extra: str
) -> DocTokens:
    """Index tokens of each tier; a token appears only in its best tier.

    ``key_point_words``/``body_words`` are the folded words the library already cut the prose into
    (to find mentions), so the text is tokenised once; they are sets the caller hands over (they
    are updated in place). ``key_points_extra`` and ``extra`` are the rest of the searchable text
    (code, link texts, headings, sources).
    """
    title = fold_words(entry.title)
    alias = fold_words(" ".join(entry.aliases)) - title
    # one-character words and punctuation from the prose stay: harmless, and cheaper than a filter
    named = title | alias
    key_points = key_point_words
    key_points |= fold_words(key_points_extra)
    key_points -= named
    body = body_words
    body |= fold_words(extra + "\n" + " ".join(entry.tags))
    body -= named
    body -= key_points
    return tuple(title), tuple(alias), tuple(key_points), tuple(body)


def entry_tokens(entry: Entry) -> DocTokens:
    """:func:`doc_tokens` computed from the entry alone (its Markdown, code included)."""
    texts = field_texts(entry)
    return doc_tokens(entry, fold_words(" ".join(texts[2])), fold_words(" ".join(texts[3])), "", "")


def _within_one_edit(a: str, b: str) -> bool:
    """Damerau (optimal string alignment) distance between ``a`` and ``b`` is at most 1."""
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) <= 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class SearchIndex:
    """Inverted index: per tier, token -> sorted list of slugs. Never mutated once built."""

    def __init__(self) -> None:
        self.postings: tuple[dict[str, list[str]], ...] = ({}, {}, {}, {})
        self.vocab: list[str] = []  # sorted, all tiers
        self.doc_tokens: dict[str, DocTokens] = {}
        self._deletion_index: dict[str, AbstractSet[str]] | None = None

    # -- building ---------------------------------------------------------------------------------
    @classmethod
    def build(cls, docs: Mapping[str, DocTokens]) -> SearchIndex:
        """Index documents given as slug -> tokens per tier (see :func:`doc_tokens`)."""
        index = cls()
        order = sorted(docs)  # every posting comes out sorted
        index.doc_tokens = {slug: docs[slug] for slug in order}
        append, consume = list.append, deque(maxlen=0).extend
        mutable: list[dict[str, list[str]]] = []
        for tier in range(len(TIERS)):  # a tier at a time: one dict in the cache, not four
            post: defaultdict[str, list[str]] = defaultdict(list)
            slot = post.__getitem__
            for slug in order:
                # post[tok].append(slug) for every tok of the tier, run in C
                consume(map(append, map(slot, docs[slug][tier]), repeat(slug)))
            mutable.append(dict(post))
        # NOTE: the lists are never mutated after this point (update() copies what it changes)
        index.postings = tuple(mutable)
        index.vocab = sorted(set().union(*mutable))
        return index

    def update(self, removed: Iterable[str], added: Mapping[str, DocTokens]) -> SearchIndex:
        """A new index without the ``removed`` slugs and with ``added`` (re)indexed.

        The old index is left untouched: postings that change are replaced, never edited.
        """
        new = SearchIndex()
        new.doc_tokens = dict(self.doc_tokens)
        postings = [dict(p) for p in self.postings]
        changed: dict[tuple[int, str], list[str]] = {}

        def bucket(tier: int, tok: str) -> list[str]:
            key = (tier, tok)
            if key not in changed:
                changed[key] = list(postings[tier].get(tok, ()))
            return changed[key]

        empty: DocTokens = ((), (), (), ())
        for slug in dict.fromkeys([*removed, *added]):
            old = new.doc_tokens.pop(slug, None) or empty
            tokens = added.get(slug, empty)
            if slug in added:
                new.doc_tokens[slug] = tokens
            # only the tokens the slug gained or lost change a posting
            for tier, (was, now) in enumerate(zip(old, tokens, strict=True)):
                for tok in set(was).difference(now):
                    slugs = bucket(tier, tok)
                    i = bisect.bisect_left(slugs, slug)
                    if i < len(slugs) and slugs[i] == slug:
                        del slugs[i]
                for tok in set(now).difference(was):
                    slugs = bucket(tier, tok)
                    i = bisect.bisect_left(slugs, slug)
                    if i == len(slugs) or slugs[i] != slug:
                        slugs.insert(i, slug)
        touched: set[str] = set()
        for (tier, tok), slugs in changed.items():
            touched.add(tok)
            if slugs:
                postings[tier][tok] = slugs
            else:
                postings[tier].pop(tok, None)
        new.postings = tuple(postings)
        vocab = self.vocab
        gone = [t for t in touched if not any(t in p for p in postings)]
        fresh = [t for t in touched if not self._in_vocab(t) and any(t in p for p in postings)]
        if gone or fresh:
            vocab = list(vocab)
            for tok in gone:
                i = bisect.bisect_left(vocab, tok)
                if i < len(vocab) and vocab[i] == tok:
                    del vocab[i]
            for tok in fresh:
                bisect.insort(vocab, tok)
        new.vocab = vocab
        if self._deletion_index is not None:
            new._deletion_index = _patch_deletions(self._deletion_index, gone, fresh)
        return new

    def _in_vocab(self, tok: str) -> bool:
        i = bisect.bisect_left(self.vocab, tok)
        return i < len(self.vocab) and self.vocab[i] == tok

    def docs_with(self, token: str) -> frozenset[str]:
        """Slugs whose text (any tier) contains the folded ``token``."""
        return frozenset().union(*[post.get(token, ()) for post in self.postings])

    # -- querying ---------------------------------------------------------------------------------
    def _deletions_index(self) -> dict[str, AbstractSet[str]]:
        if self._deletion_index is None:
            index: defaultdict[str, set[str]] = defaultdict(set)
            for word in self.vocab:
                if len(word) >= 3:
                    for i in range(len(word)):
                        index[word[:i] + word[i + 1 :]].add(word)
            self._deletion_index = dict(index)  # type: ignore[assignment]
        return self._deletion_index

    def _expand(
        self, term: str, inflect: Callable[[str], AbstractSet[str]] | None = None
    ) -> tuple[set[str], set[str], set[str], set[str]]:
        """Vocabulary tokens matching ``term`` exactly, in another inflected form (``inflect(term)``),
        as a prefix, and with one typo."""
        vocab = self.vocab
        i = bisect.bisect_left(vocab, term)
        exact = {term} if i < len(vocab) and vocab[i] == term else set()
        inflected = {t for t in inflect(term) if self._in_vocab(t)} - exact if inflect else set()
        prefix: set[str] = set()
        if len(term) >= 2:
            j = i + len(exact)
            while j < len(vocab) and vocab[j].startswith(term) and len(prefix) < _MAX_PREFIX_TOKENS:
                prefix.add(vocab[j])
                j += 1
        typo: set[str] = set()
        if len(term) >= 4:
            dels = self._deletions_index()
            candidates: set[str] = set(dels.get(term, ()))
            for d in _deletions(term):
                candidates |= dels.get(d, frozenset())
                k = bisect.bisect_left(vocab, d)
                if k < len(vocab) and vocab[k] == d:
                    candidates.add(d)
            typo = {c for c in candidates if c != term and _within_one_edit(term, c)} - prefix
        return exact, inflected, prefix - inflected, typo - inflected

    def search(
        self,
        query: str,
        entries: Mapping[str, Entry],
        limit: int = 20,
        exact_slug: str | None = None,
        inflect: Callable[[str], AbstractSet[str]] | None = None,
    ) -> list[SearchHit]:
        """Best ``limit`` hits; ``exact_slug``: the entry whose title or alias is the whole query (in
        any form); ``inflect``: folded query word -> the other folded forms that count as it."""
        terms = _ANY_WORD.findall(fold(query))
        if not terms or limit <= 0:
            return []
        scores: dict[str, float] | None = None
        best_tier: dict[str, int] = {}
        matched: list[tuple[set[str], ...]] = []
        for term in terms:
            exact, inflected, prefix, typo = self._expand(term, inflect)
            matched.append((exact, inflected, prefix, typo))
            term_scores: dict[str, float] = {}
            qualities = ((_EXACT, exact), (_INFLECTED, inflected), (_PREFIX, prefix), (_TYPO, typo))
            for tier, post in enumerate(self.postings):
                for quality, tokens in qualities:
                    found = set().union(*[post[t] for t in tokens if t in post])
                    found.difference_update(term_scores)
                    if found:
                        # tiers dominate qualities, so the first weight a slug gets is its best
                        term_scores.update(dict.fromkeys(found, _TIER_WEIGHT[tier] * quality))
                        if scores is None:
                            best_tier.update(dict.fromkeys(found, tier))
            if scores is None:
                scores = term_scores
            else:
                scores = {s: v + term_scores[s] for s, v in scores.items() if s in term_scores}
            if not scores:
                return []
        assert scores is not None
        if exact_slug in scores:
            # the whole query is its name: above an entry whose title only holds the query's words in
            # their exact form (an inflected title word scores 100 less per word than an exact one)
            scores[exact_slug] += (_EXACT - _INFLECTED) * _TIER_WEIGHT[0] * len(terms) + 1.0
        ranked = heapq.nsmallest(limit, scores.items(), key=lambda kv: (-kv[1], kv[0]))
        first = set().union(*matched[0])
        hits = []
        for slug, score in ranked:
            entry = entries.get(slug)
            if entry is None:
                continue
            tier, snippet = _snippet(entry, first, best_tier.get(slug, 3))
            hits.append(SearchHit(slug, entry.title, TIERS[tier], snippet, round(score, 3)))
        return hits


def _patch_deletions(
    old: dict[str, AbstractSet[str]], gone: list[str], fresh: list[str]
) -> dict[str, AbstractSet[str]]:
    new = dict(old)
    for word in gone:
        if len(word) >= 3:
            for d in _deletions(word):
                rest = new.get(d, frozenset()) - {word}
                if rest:
                    new[d] = rest
                else:
                    new.pop(d, None)
    for word in fresh:
        if len(word) >= 3:
            for d in _deletions(word):
                new[d] = new.get(d, frozenset()) | {word}
    return new


def _snippet(entry: Entry, tokens: set[str], tier: int) -> tuple[int, str]:
    """The first text of ``tier`` (or a later tier) containing one of ``tokens``, around the match."""
    texts = field_texts(entry)
    for t in range(tier, len(texts)):
        for text in texts[t]:
            flat = " ".join(text.split())
            folded = fold_aligned(flat)
            for m in _WORD.finditer(folded):
                if m.group() in tokens:
                    a, b = m.start(), m.end()
                    lo = max(0, a - _SNIPPET_RADIUS)
                    hi = min(len(flat), b + _SNIPPET_RADIUS)
                    if lo > 0:
                        lo = flat.find(" ", lo, a) + 1 or lo
                    if hi < len(flat):
                        cut = flat.rfind(" ", b, hi)
                        hi = cut if cut > b else hi
                    prefix = "…" if lo > 0 else ""
                    suffix = "…" if hi < len(flat) else ""
                    return t, f"{prefix}{flat[lo:a]}**{flat[a:b]}**{flat[b:hi]}{suffix}"
    return tier, entry.title
