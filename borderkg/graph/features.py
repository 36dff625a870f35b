"""What the ingest needs to know of a source, read from its triples as the builder makes them:
the project-matching features of its projects and the reference entities it names.

Project matching compares every project mention with its identifiers, title, derived label,
start year, countries, organisations and description. For the sources of a run these are
collected here from the triples each page or activity gives, so that the ingest need not ask
the store for them afterwards (the `mention-features` query took a sixth of a large IATI
ingest). The result is what that query gives for the same graph: the last title and label
in string order (MAX), the earliest start (MIN), every identifier, country and organisation,
the first 400 characters of the first description in string order (MIN); one mention per
mention key. The entities are those the `used-entities` query gives: the country and
organisation IRIs that USED_PREDICATES point to (the reference graph describes exactly
these). Sources committed by an earlier run are read back with those queries
(`queried_mentions`); both paths make their mentions alike.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from rdflib.namespace import RDF

from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.resolve.projects import Mention, start_year

DESCRIPTION_CHARS = 400  # as the query's SUBSTR

_TYPE = str(RDF.type)
_PROJECT = str(BKG.Project)
_KEY, _TITLE, _LABEL, _START = (str(BKG.mentionKey), str(BKG.title), str(BKG.derivedLabel),
                                str(BKG.startDate))
_IDS = {str(BKG.iomProjectId), str(BKG.iatiIdentifier)}
_COUNTRY, _DESCRIPTION = str(BKG.coversCountry), str(BKG.description)
_PARTICIPATION, _PARTICIPANT = str(BKG.hasParticipation), str(BKG.participant)
# as the VALUES of queries/internal/used-entities.rq (a test checks that they agree)
USED_PREDICATES = frozenset(str(BKG[name]) for name in (
    "participant", "mentionedOrganisation", "affiliation", "reportedBy", "providerOrganisation",
    "receiverOrganisation", "basedIn", "subOrganisationOf", "coversCountry", "mentionsCountry",
    "inCountry", "participantCountry", "shareOf"))
_ENTITY_PREFIXES = (iris.BASE + "org/", iris.BASE + "country/")
PREDICATES = frozenset({_TYPE, _KEY, _TITLE, _LABEL, _START, _COUNTRY, _DESCRIPTION,
                        _PARTICIPATION, _PARTICIPANT, *_IDS}) | USED_PREDICATES

Values = Iterable[tuple[str, str, str]]


@dataclass(slots=True)
class ProjectFeatures:
    """What the triples seen so far say of one project. Values may repeat (a set of a few
    strings takes 216 bytes, a list 88): a file of a million activities holds one of these
    per activity until its end."""

    is_project: bool = False
    keys: list[str] = field(default_factory=list)
    title: str | None = None
    label: str | None = None
    start: str | None = None
    ids: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    description: str | None = None


@lru_cache(maxsize=1 << 16)
def _shared(values: frozenset[str]) -> frozenset[str]:
    """One object for equal sets of countries or organisations, which many mentions share."""
    return values


def _mention(graph: str, key: str, title: str | None, label: str | None, start: str | None,
             ids: Iterable[str], countries: Iterable[str], orgs: Iterable[str],
             description: str | None) -> Mention:
    """A mention; IRIs that many mentions share (graphs, countries, organisations) are
    interned, and so are equal sets of them: one object each, not one per mention."""
    return Mention(graph=sys.intern(graph), key=key, title=title or None, label=label or None,
                   start_year=start_year(start),
                   ids=frozenset(x for i in ids for x in i.split("|") if x),
                   countries=_shared(frozenset(sys.intern(c) for i in countries
                                               for c in i.split())),
                   orgs=_shared(frozenset(sys.intern(o) for i in orgs for o in i.split())),
                   description=description or None)


def queried_mentions(solutions: Iterable[ox.QuerySolution], keep: set[str]
                     ) -> Iterator[tuple[str, Mention]]:
    """(project IRI, mention) from the rows of the `mention-features` query, for the graphs
    kept, read as they stream (the rows of a million activities are never held at once)."""
    def text(term: object) -> str:
        return term.value if term is not None else ""  # type: ignore[attr-defined]

    for sol in solutions:
        graph = text(sol["graph"])
        if graph in keep:
            yield text(sol["project"]), _mention(
                graph, text(sol["key"]), text(sol["title"]), text(sol["label"]),
                text(sol["start"]) or None, [text(sol["ids"])], [text(sol["countries"])],
                [text(sol["orgs"])], text(sol["description"]))


def _max(a: str | None, b: str) -> str:
    return b if a is None or b > a else a


def _min(a: str | None, b: str) -> str:
    return b if a is None or b < a else a


class FeatureCollector:
    """The features of the projects of one source graph, and the reference entities it names,
    fed a unit (a page, an activity) of (subject, predicate, object) values at a time. A
    participation and its participant are joined within a unit, as the builder writes them
    together."""

    def __init__(self) -> None:
        self.projects: dict[str, ProjectFeatures] = {}
        self.used: set[str] = set()

    def add(self, triples: Values) -> None:
        parts: dict[str, list[str]] = {}
        participants: dict[str, list[str]] = {}
        for s, p, o in triples:
            if p in USED_PREDICATES and o.startswith(_ENTITY_PREFIXES):
                self.used.add(sys.intern(o))
            if p == _PARTICIPANT:
                participants.setdefault(s, []).append(o)
                continue
            if p == _TYPE:
                if o == _PROJECT:
                    self._of(s).is_project = True
            elif p == _KEY:
                self._of(s).keys.append(o)
            elif p == _TITLE:
                f = self._of(s)
                f.title = _max(f.title, o)
            elif p == _LABEL:
                f = self._of(s)
                f.label = _max(f.label, o)
            elif p == _START:
                f = self._of(s)
                f.start = _min(f.start, o)
            elif p in _IDS:
                self._of(s).ids.append(o)
            elif p == _COUNTRY:
                self._of(s).countries.append(o)
            elif p == _DESCRIPTION:
                f = self._of(s)
                f.description = _min(f.description, o[:DESCRIPTION_CHARS])
            elif p == _PARTICIPATION:
                parts.setdefault(s, []).append(o)
        for project, nodes in parts.items():
            orgs = self._of(project).orgs
            for node in nodes:
                orgs += participants.get(node, ())

    def _of(self, subject: str) -> ProjectFeatures:
        found = self.projects.get(subject)
        if found is None:
            found = self.projects[subject] = ProjectFeatures()
        return found

    def mentions(self, graph: str) -> list[tuple[str, Mention]]:
        """(project IRI, mention) for every mention key of every typed project. The collector
        is emptied as the mentions are made, so that a large file's features are not held
        twice."""
        out = []
        while self.projects:
            project, f = self.projects.popitem()
            if f.is_project:
                out += [(project, _mention(graph, key, f.title, f.label, f.start, f.ids,
                                           f.countries, f.orgs, f.description))
                        for key in dict.fromkeys(f.keys)]
        return out


@dataclass
class StagedFeatures:
    """What the sources staged in a run give: their mentions and the entities they name."""

    mentions: list[tuple[str, Mention]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def add(self, graph: str, collector: FeatureCollector) -> None:
        """A source (staged under `graph`) joins the run."""
        self.mentions += collector.mentions(graph)
        self.used |= collector.used


def in_matching_order(mentions: list[tuple[str, Mention]]) -> list[tuple[str, Mention]]:
    """Mentions in the order matching reads them (by graph, key, project: as the query's
    ORDER BY, with the project to break ties), so that the same sources give the same
    decisions however they were collected."""
    return sorted(mentions, key=lambda pm: (pm[1].graph, pm[1].key, pm[0]))
