"""Cross-source project matching: which source descriptions ('mentions') are one project.

Rules, in order: a shared identifier (IOM project id, IATI identifier, or an IOM IATI
identifier that ends with the page's project id) merges; similar titles with the same start
year and overlapping countries merge; a likely but unsure match (say, a page with no title
whose countries, organisations and description agree with a titled mention elsewhere) is
recorded as a candidate with its score, not merged. A curator's merge or veto overrides both.
The result depends only on the set of mentions, never on the order they arrived in.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from borderkg.textnorm import normalise_name

TITLE_MERGE = 90.0
CANDIDATE_SCORE = 0.6
IOM_IATI_PREFIX = "XM-DAC-47066-"


@dataclass(frozen=True, slots=True)  # slots: a million of them are held for one pass
class Mention:
    """One source's description of a project, with what matching compares."""

    graph: str
    key: str
    title: str | None = None
    label: str | None = None
    start_year: str | None = None
    ids: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    orgs: frozenset[str] = frozenset()
    description: str | None = None

    def id_tokens(self) -> set[str]:
        """Identifiers in comparable form; an IOM IATI identifier also gives its project id."""
        tokens = {i.strip().upper() for i in self.ids if i.strip()}
        tokens |= {t[len(IOM_IATI_PREFIX):] for t in tokens if t.startswith(IOM_IATI_PREFIX)}
        return tokens


@dataclass(frozen=True)
class Decision:
    """A match decision: 'merged', 'candidate' or 'vetoed', with its rule and score."""

    decision: str
    rule: str
    score: float
    keys: tuple[str, ...]


@dataclass
class Resolution:
    """Canonical key of every mention key, and the decisions that led there."""

    canonical: dict[str, str] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)


def _priority(key: str) -> tuple[int, str]:
    return (0 if key.startswith("iom-") else 1 if key.startswith("iati-") else 2, key)


class _Clusters:
    def __init__(self, keys: Iterable[str], vetoes: set[frozenset[str]]) -> None:
        self.parent = {k: k for k in keys}
        self.vetoes = vetoes

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def members(self, root: str) -> list[str]:
        return [k for k in self.parent if self.find(k) == root]

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.vetoes:
            left, right = self.members(ra), self.members(rb)
            if any(frozenset((x, y)) in self.vetoes for x in left for y in right):
                return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _text(m: Mention) -> str:
    return normalise_name(" ".join(x for x in (m.title, m.description and m.description[:400])
                                   if x))


def title_match(a: Mention, b: Mention) -> float | None:
    """Score of the title + dates + countries rule, or None when the rule does not apply."""
    if not (a.title and b.title):
        return None
    # the cheap conditions first: most pairs a block gives fail on dates or countries
    if a.start_year and b.start_year and a.start_year != b.start_year:
        return None
    if a.countries and b.countries and _jaccard(a.countries, b.countries) < 0.5:
        return None
    sim = fuzz.token_set_ratio(normalise_name(a.title), normalise_name(b.title),
                               score_cutoff=TITLE_MERGE)
    if sim < TITLE_MERGE:
        return None
    countries = _jaccard(a.countries, b.countries) if a.countries and b.countries else 0.5
    years = 1.0 if a.start_year and a.start_year == b.start_year else 0.5
    return round((sim / 100 + countries + years) / 3, 3)


def candidate_score(a: Mention, b: Mention) -> float:
    """How likely two mentions are one project when no rule merged them (0 to 1)."""
    countries = _jaccard(a.countries, b.countries)
    if countries < 0.5:
        return 0.0
    orgs = _overlap(a.orgs, b.orgs)
    text = fuzz.token_set_ratio(_text(a), _text(b)) / 100
    return round(0.4 * countries + 0.3 * orgs + 0.3 * text, 3)


RARE_TOKENS = 3  # blocking: pairs compared share two of a mention's three rarest words
SHARED_RARE = 2


def _words(text: str | None) -> frozenset[str]:
    return frozenset(w for w in normalise_name(text or "").split() if len(w) > 2)


def _rarest(words: frozenset[str], df: Counter[str], k: int = RARE_TOKENS) -> list[str]:
    return sorted(words, key=lambda w: (df[w], w))[:k]


def _title_pairs(ms: list[Mention]) -> Iterator[tuple[int, int]]:
    """Pairs (i, j) the title rule compares, i without identifiers: titles that share two of
    the rarest words of the first (its only one, if it has one), with compatible start years.
    Blocking on (word, start year) makes the rule grow with the number of mentions, not its
    square; two titles within the merge threshold share their rare words, so no merge is lost
    in practice. Two shared words, not one: a title's third-rarest word is often a common one
    ('Moldova', 'Security'), whose block grows with the corpus (at 10,000 pages one shared
    word gave 46 comparisons a title, nearly all of them failing). Only the
    words that some blocking key uses are indexed, and no mention's words are kept: a file of
    a million identified activities needs no index at all."""
    open_ = [i for i, m in enumerate(ms) if m.title and not m.id_tokens()]
    if not open_:
        return  # pairs of identified mentions are decided by their identifiers
    df: Counter[str] = Counter(w for m in ms for w in _words(m.title))
    keys = {i: _rarest(_words(ms[i].title), df) for i in open_}
    wanted = {w for ws in keys.values() for w in ws}
    # a title with a start year meets titles of its year and titles without one; a title
    # without a start year meets every title
    by_year: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    by_word: dict[str, list[int]] = defaultdict(list)
    for j, m in enumerate(ms):
        for w in _words(m.title) & wanted:
            by_year[(w, m.start_year)].append(j)
            by_word[w].append(j)
    for i in open_:  # in order, each i's partners sorted: the pairs in sorted order
        year = ms[i].start_year
        shared: Counter[int] = Counter()
        for w in keys[i]:
            shared.update(by_word[w] if not year else
                          (*by_year.get((w, year), ()), *by_year.get((w, None), ())))
        need = min(SHARED_RARE, len(keys[i]))
        yield from ((i, j) for j in sorted(j for j, n in shared.items() if n >= need and j != i))


def _candidate_pairs(ms: list[Mention]) -> list[tuple[int, int]]:
    """Pairs a candidate needs: an incomplete side (no title or no start year; complete
    descriptions that no rule merged are different projects), another source, a shared
    country, and a shared organisation or one of the incomplete side's rarest words (without
    either, the similarity cannot reach the candidate score). One pass over all mentions."""
    incomplete = [i for i, m in enumerate(ms) if not (m.title and m.start_year)]
    if not incomplete:
        return []
    texts = [_words(_text(m)) for m in ms]
    df: Counter[str] = Counter(w for ws in texts for w in ws)
    by_word: dict[str, list[int]] = defaultdict(list)
    by_org: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in incomplete:
        for w in _rarest(texts[i], df, 5):
            by_word[w].append(i)
        for c in ms[i].countries:
            for o in ms[i].orgs:
                by_org[(c, o)].append(i)
    pairs: set[tuple[int, int]] = set()
    for j, b in enumerate(ms):
        hits = {i for w in texts[j] & by_word.keys() for i in by_word[w]}
        hits |= {i for c in b.countries for o in b.orgs for i in by_org.get((c, o), ())}
        for i in hits:
            a = ms[i]
            if i != j and a.graph != b.graph and a.countries & b.countries:
                pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def resolve_projects(mentions: Iterable[Mention], *,
                     merges: Iterable[tuple[str, str]] = (),
                     vetoes: Iterable[tuple[str, str]] = ()) -> Resolution:
    """Cluster mentions into projects (see the module docstring)."""
    ms = sorted(mentions, key=lambda m: (m.key, m.graph))
    by_key = {m.key: m for m in ms}
    veto_set = {frozenset(v) for v in vetoes if v[0] in by_key and v[1] in by_key}
    clusters = _Clusters(by_key, veto_set)
    result = Resolution()

    def join(rule: str, score: float, a: str, b: str) -> None:
        keys = tuple(sorted((a, b)))
        ok = clusters.union(a, b)
        result.decisions.append(Decision("merged" if ok else "vetoed", rule, score, keys))

    for left, right in sorted(tuple(sorted(p)) for p in merges):
        if left in by_key and right in by_key:
            join("curation", 1.0, left, right)
    by_id: dict[str, list[str]] = defaultdict(list)
    for m in ms:
        for token in sorted(m.id_tokens()):
            by_id[token].append(m.key)
    for token in sorted(by_id):
        keys = sorted(set(by_id[token]))
        for other in keys[1:]:
            if clusters.find(keys[0]) != clusters.find(other):
                join("identifier", 1.0, keys[0], other)
    for i, j in _title_pairs(ms):
        a, b = ms[i], ms[j]
        if a.graph == b.graph or clusters.find(a.key) == clusters.find(b.key):
            continue
        score = title_match(a, b)
        if score is not None:
            join("title+dates+countries", score, *sorted((a.key, b.key)))
    for i, j in _candidate_pairs(ms):
        a, b = ms[i], ms[j]
        if clusters.find(a.key) == clusters.find(b.key) or (a.id_tokens() and b.id_tokens()):
            continue  # one project already, or two different identifiers: two projects
        score = candidate_score(a, b)
        if score >= CANDIDATE_SCORE:
            result.decisions.append(Decision("candidate", "similarity", score,
                                             (min(a.key, b.key), max(a.key, b.key))))
    groups: dict[str, list[str]] = defaultdict(list)
    for key in by_key:
        groups[clusters.find(key)].append(key)
    for members in groups.values():
        canonical = min(members, key=_priority)
        result.canonical.update((k, canonical) for k in members)
    result.decisions.sort(key=lambda d: (d.decision, d.rule, d.keys))
    return result


_YEAR = re.compile(r"^(\d{4})")


def start_year(value: str | None) -> str | None:
    """The year of an xsd:date, gYearMonth or gYear lexical form."""
    m = _YEAR.match(value or "")
    return m.group(1) if m else None
