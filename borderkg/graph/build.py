"""Records -> triples: the graph of one source document.

Every fact goes into the source's own named graph, with the text behind it (bkg:Evidence,
participation quotes). Names are resolved here: organisations found in the reference list are
described in the reference graph; organisations made by a pattern or left unresolved, and
country names that match nothing, are described in the source graph so that nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from borderkg.extract.relevance import RelevanceEvidence, border_relevance
from borderkg.loaders.records import (
    CountryMention,
    DateValue,
    Document,
    EventRecord,
    Money,
    OrgMention,
    Problem,
    ProjectRecord,
)
from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.ontology.vocab import kind_class, lookup_concept
from borderkg.reference.gazetteer import gazetteer
from borderkg.resolve.names import OrgRef, organisation_resolver
from borderkg.store import Triple
from borderkg.store.terms import named, nt_iri, nt_value
from borderkg.textnorm import slugify

DATATYPES = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}
DOCUMENT_CLASS = {"news-item": BKG.NewsItem, "iati-activity-file": BKG.ActivityFile}
EVENT_CLASS = {"meeting": BKG.Meeting, "field-visit": BKG.FieldVisit, "training": BKG.Training}
ROLE_SHORTCUT = {
    "funding": BKG.fundedBy, "accountable": BKG.accountableOrganisation,
    "extending": BKG.extendedBy, "implementing": BKG.implementedBy,
    "coordinator": BKG.coordinatedBy, "partner": BKG.hasPartner,
    "associate-partner": BKG.hasAssociatePartner, "beneficiary": BKG.hasBeneficiary,
    "host": BKG.hostedBy, "supporter": BKG.supportedBy, "participant": BKG.hasParticipant,
}
COUNTRY_PROPERTY = {"beneficiary": BKG.coversCountry, "mentioned": BKG.mentionsCountry,
                    "coordinating": BKG.mentionsCountry, "event": BKG.inCountry,
                    "participant": BKG.participantCountry}


# the terms of rdflib's namespaces that builders state on every page and activity, built once
# (each attribute access of an rdflib DefinedNamespace builds and checks a new URIRef)
TYPE, LABEL, PREF_LABEL, DERIVED_FROM = RDF.type, RDFS.label, SKOS.prefLabel, PROV.wasDerivedFrom
BORDER_MANAGEMENT = iris.concept("topic", "border-management")
MAX_LITERAL_CHARS = 100_000  # longer values (a runaway description) are cut and reported


@dataclass(frozen=True)
class SourceInfo:
    """What is known of a source file apart from its content."""

    file_name: str
    content_hash: str

    @property
    def iri(self) -> URIRef:
        return iris.source(self.file_name)


@dataclass
class BuiltGraph:
    """The triples of one source's graph and the problems met while building them."""

    source: URIRef
    triples: set[Triple] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    written: set[URIRef] = field(default_factory=set)  # participations written so far
    participants: set[Node] = field(default_factory=set)  # organisations taking part

    def add(self, s: Node, p: Node, o: Node | None) -> None:
        if o is not None and not (isinstance(o, Literal) and str(o) == ""):
            if isinstance(o, Literal) and len(o) > MAX_LITERAL_CHARS:
                self._cut(p, len(o))
                o = Literal(str(o)[:MAX_LITERAL_CHARS] + "…", lang=o.language,
                            datatype=o.datatype)
            self.triples.add((s, p, o))

    def _cut(self, p: Node, length: int) -> None:
        name = str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        self.problems.append(Problem(name, f"a value of {length:,} characters was cut to "
                                           f"{MAX_LITERAL_CHARS:,}"))

    def text(self, value: str) -> Node:
        """A plain string literal in the graph's own term type."""
        return Literal(value)

    def typed(self, lexical: str, datatype: URIRef) -> Node:
        """A typed literal in the graph's own term type, as written (an rdflib Literal
        would parse the value first)."""
        return Literal(lexical, datatype=datatype)

    def date(self, value: DateValue) -> Node:
        """A date as a typed literal whose datatype keeps the written precision."""
        return self.typed(value.value, DATATYPES[value.precision])


_PREDICATES: dict[Node, tuple[str, str]] = {}  # predicate -> (IRI, N-Triples): a few dozen


def _predicate(p: Node) -> tuple[str, str]:
    """A predicate's IRI and N-Triples form, the first time it is stated (StreamGraph.add
    finds it in _PREDICATES after that)."""
    iri = str(p)
    found = _PREDICATES[p] = (iri, nt_iri(iri))
    return found


class StreamGraph(BuiltGraph):
    """A BuiltGraph whose triples go straight to N-Triples, for the ingest (an IATI file's
    activities, a run's pages): each triple is written at once as a line (builders hand it
    pyoxigraph literals through `text`; a triple stated twice is one line), and the values of
    the predicates in `keep` are kept as strings (subject, predicate, object value) for the
    caller, so that no term object outlives its `add` (building rdflib terms for every triple
    and serialising them took a third of an IATI build and of a page's). Given a `graph`,
    the lines are N-Quads of that graph, ready for a bulk load."""

    def __init__(self, source: URIRef, keep: frozenset[str] = frozenset(),
                 graph: URIRef | None = None) -> None:
        super().__init__(source=source)
        self.lines: dict[str, None] = {}  # in the order written, each once
        self._end = f" {nt_iri(str(graph))} .\n" if graph is not None else " .\n"
        self.kept: list[tuple[str, str, str]] = []
        self._keep = keep
        self._subject: Node | None = None
        self._subject_value = self._subject_nt = ""

    def add(self, s: Node, p: Node, o: Node | ox.Literal | None) -> None:
        # the hot path of an IATI ingest: hundreds of calls per activity
        if o is None:
            return
        if type(o) is URIRef:  # most objects: classes, concepts, organisations, nodes
            value = str(o)
            obj = nt_iri(value)
        elif type(o) is ox.Literal:
            value = o.value  # read from Oxigraph once
            if not value:
                return
            if len(value) > MAX_LITERAL_CHARS:
                self._cut(p, len(value))
                value = value[:MAX_LITERAL_CHARS] + "…"
                o = ox.Literal(value, language=o.language) if o.language else \
                    ox.Literal(value, datatype=o.datatype)
            obj = str(o)  # N-Triples, as Oxigraph writes it
        elif isinstance(o, Literal):
            if not str(o):
                return
            if len(o) > MAX_LITERAL_CHARS:
                self._cut(p, len(o))
                o = Literal(str(o)[:MAX_LITERAL_CHARS] + "…", lang=o.language,
                            datatype=o.datatype)
            value, obj = nt_value(o)
        else:
            value, obj = nt_value(o)
        if s is not self._subject:  # builders state several facts of a subject in a row
            self._subject = s
            self._subject_value, self._subject_nt = nt_value(s)
        predicate, predicate_nt = _PREDICATES.get(p) or _predicate(p)
        self.lines[f"{self._subject_nt} {predicate_nt} {obj}{self._end}"] = None
        if predicate in self._keep:
            self.kept.append((self._subject_value, predicate, value))

    def text(self, value: str) -> ox.Literal:  # type: ignore[override]
        return ox.Literal(value)

    def typed(self, lexical: str, datatype: URIRef) -> ox.Literal:  # type: ignore[override]
        return ox.Literal(lexical, datatype=named(str(datatype)))

    def serialise(self) -> bytes:
        """The lines: N-Triples, or N-Quads of the graph given."""
        return "".join(self.lines).encode("utf-8")


def build_document(doc: Document, src: SourceInfo, into: BuiltGraph | None = None
                   ) -> BuiltGraph:
    """All triples for one source document (pure: no store involved), in a BuiltGraph of
    rdflib terms or in `into` (a StreamGraph of the source, for the ingest)."""
    g = into if into is not None else BuiltGraph(source=src.iri)
    s = src.iri
    g.add(s, TYPE, DOCUMENT_CLASS.get(doc.template, BKG.ProjectPage))
    g.add(s, BKG.fileName, g.text(src.file_name))
    g.add(s, BKG.contentHash, g.text(src.content_hash))
    g.add(s, BKG.template, g.text(doc.template))
    g.add(s, BKG.language, g.text(doc.language))
    if doc.title:
        g.add(s, BKG.title, g.text(doc.title))
    if doc.published:
        g.add(s, BKG.published, g.date(doc.published))
    g.problems += doc.problems
    project_iris: dict[str, URIRef] = {}
    for record in doc.projects:
        iri = _project(g, record)
        g.add(s, BKG.mentionsProject, iri)
        if record.title:
            project_iris[record.title] = iri
    for event in doc.events:
        _event(g, event, project_iris, doc)
    for money, sentence in doc.amounts:
        a = _money(g, money, "text")
        g.add(s, BKG.mentionsAmount, a)
        _evidence(g, a, "text", sentence)
    _mentions(g, doc.mentions, context_country(
        [c for r in doc.projects for c in r.countries] + [c for e in doc.events
                                                            for c in e.countries]))
    return g


def context_country(mentions: Iterable[CountryMention]) -> str | None:
    """The one country a project, event or source is about (its beneficiary, coverage or
    event countries), or None when it names none or several."""
    gaz = gazetteer()
    codes = {code for m in mentions if m.role in ("beneficiary", "event", "coordinating")
             and (code := gaz.lookup(m.name) or gaz.place_country(m.name)) is not None}
    return codes.pop() if len(codes) == 1 else None


def _mentions(g: BuiltGraph, mentions: Iterable[OrgMention], context: str | None) -> None:
    """Organisations the text names outside its projects and events; one that takes part in
    any of them in this source is not mentioned again."""
    resolver = organisation_resolver()
    done: set[URIRef] = set()
    for m in mentions:
        ref = resolver.resolve(m.name, context_country=context)
        o = describe_org(g, ref)
        if o in g.participants or o in done:
            continue
        done.add(o)
        node = iris.mention(str(g.source), str(o), m.role)
        g.add(g.source, BKG.mentionsOrganisation, o)
        g.add(g.source, BKG.hasMention, node)
        g.add(node, TYPE, BKG.OrganisationMention)
        g.add(node, BKG.mentionedOrganisation, o)
        g.add(node, BKG.mentionRole, iris.concept("role", m.role))
        g.add(node, BKG.evidenceFor, o)
        _named_by(g, node, written=m.name, field=m.field, quote=m.evidence, ref=ref)


def _named_by(g: BuiltGraph, node: URIRef, *, written: str, field: str, quote: str,
              ref: OrgRef | None) -> None:
    """How a source named the organisation of a participation or mention: the name as
    written, how it was resolved (when a name was resolved), the field and the text."""
    g.add(node, BKG.asWritten, g.text(written))
    if ref is not None:
        g.add(node, BKG.matchMethod, g.text(ref.method))
        g.add(node, BKG.matchScore, g.typed(f"{ref.score:.3f}", XSD.decimal))
    g.add(node, BKG.sourceField, g.text(field))
    g.add(node, BKG.quote, g.text(quote))
    g.add(node, DERIVED_FROM, g.source)


def mention_key(record: ProjectRecord) -> str:
    """The key of a source's description of a project (see iris.project_key)."""
    return iris.project_key(
        iom_project_id=record.identifiers.get("iom_project_id"),
        iati_identifier=record.identifiers.get("iati_identifier"),
        title=record.title, year=record.start_year,
        derived_label=record.derived_label,
    )


def _project(g: BuiltGraph, r: ProjectRecord) -> URIRef:
    key = mention_key(r)
    p = iris.project(key)
    g.add(p, TYPE, BKG.Project)
    g.add(p, BKG.mentionKey, g.text(key))
    g.add(p, BKG.describedIn, g.source)
    g.add(p, BKG.title, g.text(r.title) if r.title else None)
    g.add(p, BKG.derivedLabel, g.text(r.derived_label) if r.derived_label else None)
    g.add(p, BKG.acronym, g.text(r.acronym) if r.acronym else None)
    for name, prop in (("iom_project_id", BKG.iomProjectId), ("prima_id", BKG.primaId),
                       ("iati_identifier", BKG.iatiIdentifier)):
        if name in r.identifiers:
            g.add(p, prop, g.text(r.identifiers[name]))
    if r.start:
        g.add(p, BKG.startDate, g.date(r.start))
    if r.end:
        g.add(p, BKG.endDate, g.date(r.end))
    if r.duration_months is not None:
        g.add(p, BKG.durationMonths, g.typed(str(r.duration_months), XSD.integer))
    if r.funding_year:
        g.add(p, BKG.fundingYear, g.typed(r.funding_year, XSD.gYear))
    for value, scheme, prop in ((r.status, "status", BKG.status),
                                (r.project_type, "project-type", BKG.projectType),
                                (r.coverage, "coverage", BKG.coverage),
                                (r.region, "idf-region", BKG.coversRegion)):
        if value:
            code = lookup_concept(scheme, value)
            if code is None:
                g.problems.append(Problem(scheme, f"unknown {scheme} {value!r}; kept as written"))
                g.add(p, BKG.asWritten, g.text(value))
            else:
                g.add(p, prop, iris.concept(scheme, code))
    if r.budget:
        g.add(p, BKG.hasBudget, _money(g, r.budget, key))
    g.add(p, BKG.description, g.text(r.description) if r.description else None)
    for result in r.results:
        g.add(p, BKG.expectedResult, g.text(result))
    for group in r.beneficiary_groups:
        g.add(p, BKG.beneficiaryGroup, g.text(group))
    for fld, quote in sorted(r.evidence.items()):
        _evidence(g, p, fld, quote)
    texts = [("title", r.title or r.derived_label or ""), ("description", r.description or "")]
    write_relevance(g, p, border_relevance((), texts + [("results", x) for x in r.results]))
    _participations(g, p, key, r.organisations, context_country(r.countries))
    _countries(g, p, r.countries)
    return p


def _money(g: BuiltGraph, money: Money, key: str) -> URIRef:
    a = iris.amount(str(g.source), key, money.written)
    g.add(a, TYPE, BKG.MonetaryAmount)
    g.add(a, BKG.amount, g.typed(format(money.amount, "f"), XSD.decimal))
    g.add(a, BKG.currency, g.text(money.currency))
    g.add(a, BKG.asWritten, g.text(money.written))
    if money.equivalent is not None:
        g.add(a, BKG.equivalentAmount, _money(g, money.equivalent, key))
    return a


def _evidence(g: BuiltGraph, subject: URIRef, fld: str, quote: str) -> None:
    e = iris.evidence(str(g.source), str(subject), fld, quote)
    g.add(e, TYPE, BKG.Evidence)
    g.add(e, BKG.evidenceFor, subject)
    g.add(e, BKG.sourceField, g.text(fld))
    g.add(e, BKG.quote, g.text(quote))
    g.add(e, DERIVED_FROM, g.source)


def write_relevance(g: BuiltGraph, project: URIRef,
                    evidence: Sequence[RelevanceEvidence]) -> None:
    """The border-management tag of a project (or event) and the evidence for it (nothing
    without evidence). Both builders tag projects here."""
    if not evidence:
        return
    g.add(project, BKG.relevantTo, BORDER_MANAGEMENT)
    for e in evidence:
        node = iris.evidence(str(g.source), str(project), f"relevance: {e.field}", e.basis)
        g.add(project, BKG.relevanceEvidence, node)
        g.add(node, TYPE, BKG.Evidence)
        g.add(node, BKG.evidenceFor, project)
        g.add(node, BKG.sourceField, g.text(f"relevance: {e.field}"))
        g.add(node, BKG.relevanceBasis, g.text(e.basis))
        g.add(node, BKG.quote, g.text(e.quote))
        g.add(node, DERIVED_FROM, g.source)


def _participations(g: BuiltGraph, subject: URIRef, key: str,
                    mentions: Iterable[OrgMention], context: str | None) -> None:
    resolver = organisation_resolver()
    for m in mentions:
        ref = resolver.resolve(m.name, context_country=context)
        write_participation(g, subject, key, m.role, describe_org(g, ref), written=m.name,
                            field=m.field, quote=m.evidence, ref=ref)


def write_participation(g: BuiltGraph, subject: URIRef, key: str, role: str,
                        org: URIRef | None, *, written: str, field: str, quote: str,
                        ref: OrgRef | None = None, channel: URIRef | None = None
                        ) -> URIRef | None:
    """One organisation (or, where a source gave only a category, the category) in a role
    in a project or event, with how the source named it; the same body in the same role
    named twice in one source is one participation. Every builder writes participations
    here. Returns the participation, or None when it was written already."""
    part = iris.participation(str(g.source), key, role, str(org or channel))
    if part in g.written:
        return None
    g.written.add(part)
    g.add(subject, BKG.hasParticipation, part)
    g.add(part, TYPE, BKG.Participation)
    g.add(part, BKG.participant, org)
    g.add(part, BKG.channelCategory, channel)
    g.add(part, BKG.role, iris.concept("role", role))
    _named_by(g, part, written=written, field=field, quote=quote, ref=ref)
    if org is not None:
        g.add(subject, ROLE_SHORTCUT[role], org)
        g.participants.add(org)
    return part


def describe_org(g: BuiltGraph, ref: OrgRef) -> URIRef:
    """The IRI of a resolved organisation; entities outside the reference list are described
    in the source graph (and reported when unresolved)."""
    o = iris.org(ref.key)
    if ref.in_reference:
        return o
    g.add(o, TYPE, kind_class(ref.kind))
    g.add(o, PREF_LABEL, g.text(ref.label))
    g.add(o, BKG.organisationKind, iris.concept("org-kind", ref.kind))
    if ref.country:
        g.add(o, BKG.basedIn, iris.country(ref.country))
    if ref.parent:
        g.add(o, BKG.subOrganisationOf, iris.org(ref.parent))
    g.add(o, BKG.describedIn, g.source)
    if ref.unresolved:
        g.add(o, BKG.unresolved, g.typed("true", XSD.boolean))
        g.add(o, BKG.asWritten, g.text(ref.written))
    return o


def _countries(g: BuiltGraph, subject: URIRef, mentions: Iterable[CountryMention]) -> None:
    gaz = gazetteer()
    for m in mentions:
        code = gaz.lookup(m.name) or gaz.place_country(m.name)
        if code is None:
            u = iris.unresolved_name(str(g.source), m.field, m.name)
            g.add(u, TYPE, BKG.UnresolvedName)
            g.add(u, BKG.asWritten, g.text(m.name))
            g.add(u, BKG.sourceField, g.text(m.field))
            g.add(u, BKG.quote, g.text(m.evidence))
            g.add(u, BKG.evidenceFor, subject)
            g.add(u, BKG.describedIn, g.source)
            g.problems.append(Problem(m.field, f"unknown country {m.name!r}; kept as unresolved"))
            continue
        g.add(subject, COUNTRY_PROPERTY[m.role], iris.country(code))


def _event(g: BuiltGraph, e: EventRecord, projects: dict[str, URIRef], doc: Document) -> None:
    related = [mention_key(p) for p in doc.projects if p.title in e.related_projects]
    when = e.start.value if e.start else related[0] if related else iris.digest(str(g.source))[:8]
    key = f"{slugify(e.name, max_length=60)}-{when}"
    ev = iris.event(key)
    g.add(ev, TYPE, EVENT_CLASS.get(e.kind, BKG.Event))
    g.add(ev, LABEL, g.text(e.name))
    g.add(ev, BKG.describedIn, g.source)
    if e.start:
        g.add(ev, BKG.startDate, g.date(e.start))
    if e.end:
        g.add(ev, BKG.endDate, g.date(e.end))
    g.add(ev, BKG.placeName, g.text(e.place) if e.place else None)
    g.add(ev, BKG.description, g.text(e.description) if e.description else None)
    for title in e.related_projects:
        if title in projects:
            g.add(ev, BKG.relatedProject, projects[title])
    for fld, quote in sorted(e.evidence.items()):
        _evidence(g, ev, fld, quote)
    write_relevance(g, ev, border_relevance((), [("name", e.name),
                                                 ("description", e.description or "")]))
    _participations(g, ev, key, e.organisations, context_country(e.countries))
    _countries(g, ev, e.countries)
    resolver = organisation_resolver()
    for person in e.people:
        who = iris.person(person.name)
        g.add(ev, BKG.hasAttendee, who)
        g.add(who, TYPE, BKG.Person)
        g.add(who, LABEL, g.text(person.name))
        g.add(who, BKG.jobTitle, g.text(person.job_title) if person.job_title else None)
        if person.organisation:
            g.add(who, BKG.affiliation, describe_org(g, resolver.resolve(person.organisation)))
        _evidence(g, who, "person", person.evidence)
