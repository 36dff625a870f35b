"""IATI activities -> triples, in the same shapes as the page builder (projects,
participations with roles and shortcuts, money, countries), plus what IATI adds:
transactions, budget lines, shares of countries, regions and sectors, related activities,
locations. IATI codes become concepts of the IATI codelists (concept/iati-{codelist}/{code});
their labels come from the codelist files loaded with `borderkg ingest --codelists`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import XSD

from borderkg.extract.relevance import border_relevance
from borderkg.graph.build import (
    DERIVED_FROM,
    LABEL,
    PREF_LABEL,
    TYPE,
    StreamGraph,
    describe_org,
    write_participation,
    write_relevance,
)
from borderkg.loaders.records import (
    IatiActivity,
    IatiOrg,
    IatiShare,
    IatiValue,
    Narrative,
    Problem,
)
from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.reference import load_countries
from borderkg.resolve.names import organisation_resolver
from borderkg.textnorm import slugify

ROLES = {"1": "funding", "2": "accountable", "3": "extending", "4": "implementing"}
RELATED = {"1": BKG.parentActivity, "2": BKG.childActivity, "3": BKG.siblingActivity,
           "4": BKG.coFundedActivity, "5": BKG.thirdPartyActivity}
STATUS = {"1": "pipeline", "2": "implementation", "3": "finalisation", "4": "closed",
          "5": "cancelled", "6": "suspended"}
IOM_PREFIX = "XM-DAC-47066-"


# pyoxigraph literals, made directly: building rdflib literals (which parse and normalise
# their values) was most of the time of an IATI ingest.
_DATE = ox.NamedNode(str(XSD.date))
_DECIMAL = ox.NamedNode(str(XSD.decimal))
_BOOLEAN = ox.NamedNode(str(XSD.boolean))


def _lit(n: Narrative) -> ox.Literal:
    return ox.Literal(n.text, language=n.lang) if n.lang else ox.Literal(n.text)


def _str(value: str) -> ox.Literal:
    return ox.Literal(value)


def _decimal(value: Decimal) -> ox.Literal:
    return ox.Literal(format(value, "f"), datatype=_DECIMAL)  # xsd:decimal has no exponent


def _day(value: str | None) -> ox.Literal | None:
    if not value:
        return None
    value = value.strip()[:10]
    return ox.Literal(value, datatype=_DATE) if len(value) == 10 and value[4] == "-" else None


def iati_concept(codelist: str, code: str) -> URIRef:
    return iris.concept(f"iati-{codelist}", slugify(code, max_length=60))


def iom_project_id(a: IatiActivity) -> str | None:
    """The IOM project id an IOM activity carries at the end of its IATI identifier."""
    if a.identifier.upper().startswith(IOM_PREFIX):
        return a.identifier[len(IOM_PREFIX):]
    return None


def _relevance(g: StreamGraph, p: URIRef, a: IatiActivity) -> None:
    """The border-management tag, from the DAC 5-digit sectors of the activity (or of its
    transactions, where it names none) and the words of its titles and descriptions."""
    shares = a.sectors or tuple(s for t in a.transactions for s in t.sectors)
    codes = (s.code for s in shares if s.vocabulary in (None, "1"))
    texts = [("title", n.text) for n in a.titles]
    texts += [("description", n.text) for _, n in a.descriptions]
    write_relevance(g, p, border_relevance(codes, texts))


def build_activity(g: StreamGraph, a: IatiActivity) -> URIRef:
    """The triples of one activity, added to `g` (the graph of its file)."""
    key = iris.project_key(iati_identifier=a.identifier)
    p = iris.project(key)
    add = g.add
    add(p, TYPE, BKG.Project)
    add(p, BKG.mentionKey, _str(key))
    add(p, BKG.describedIn, g.source)
    add(p, BKG.iatiIdentifier, _str(a.identifier))
    if (iom := iom_project_id(a)) is not None:
        add(p, BKG.iomProjectId, _str(iom))
    for title in a.titles:
        add(p, BKG.title, _lit(title))
    if not a.titles:
        add(p, BKG.derivedLabel, _str(f"IATI activity {a.identifier}"))
    for kind, text in a.descriptions:
        add(p, BKG.beneficiaryGroup if kind == "3" else BKG.description, _lit(text))
    if a.status in STATUS:
        add(p, BKG.status, iris.concept("status", STATUS[a.status]))
    for code, prop in (("1", BKG.plannedStart), ("2", BKG.actualStart),
                       ("3", BKG.plannedEnd), ("4", BKG.actualEnd)):
        add(p, prop, _day(a.dates.get(code)))
    add(p, BKG.startDate, _day(a.dates.get("2") or a.dates.get("1")))
    add(p, BKG.endDate, _day(a.dates.get("4") or a.dates.get("3")))
    evidence = iris.evidence(str(g.source), str(p), "iati-activity", str(a.line))
    add(evidence, TYPE, BKG.Evidence)
    add(evidence, BKG.evidenceFor, p)
    add(evidence, BKG.sourceField, _str("iati-activity"))
    add(evidence, BKG.quote, _str(f"<iati-activity> {a.identifier} at line {a.line}"))
    add(evidence, DERIVED_FROM, g.source)
    if a.reporting_org is not None:
        org, _ = _org(g, a.reporting_org)
        if org is not None:
            add(p, BKG.reportedBy, org)
    recipients = tuple(s.code for s in a.countries if s.code in load_countries())
    for participant in a.participants:
        _participation(g, p, key, participant, recipients)
    _shares(g, p, key, "", a.countries, a.regions, a.sectors)
    _relevance(g, p, a)
    _budgets(g, p, key, a)
    for i, t in enumerate(a.transactions):
        node = iris.transaction(str(g.source), key, str(i))
        add(p, BKG.hasTransaction, node)
        add(node, TYPE, BKG.Transaction)
        add(node, BKG.transactionType, iati_concept("transaction-type", t.type))
        add(node, BKG.transactionDate, _day(t.date))
        add(node, BKG.hasValue, _money(g, key, f"transaction {i}", t.value))
        _parties(g, node, t.provider, t.receiver, recipients)
        own_place = () if a.countries or a.regions else (t.countries, t.regions)
        if (t.countries or t.regions) and not own_place:
            g.problems.append(_problem(key, f"transaction {i} names a recipient country or "
                                            "region as the activity does (IATI allows one or "
                                            "the other); the activity's are used"))
        if t.sectors and a.sectors:
            g.problems.append(_problem(key, f"transaction {i} names sectors as the activity "
                                            "does; the activity's are used"))
        _shares(g, node, key, f"transaction {i} ", *(own_place or ((), ())),
                () if a.sectors else t.sectors)
    for i, d in enumerate(a.planned_disbursements):
        node = iris.transaction(str(g.source), key, f"planned {i}")
        add(p, BKG.hasPlannedDisbursement, node)
        add(node, TYPE, BKG.PlannedDisbursement)
        value = _money(g, key, f"planned disbursement {i}", d.value)
        add(node, BKG.hasValue, value)
        add(value, BKG.periodStart, _day(d.period_start))
        add(value, BKG.periodEnd, _day(d.period_end))
        _parties(g, node, d.provider, d.receiver, recipients)
    for note in a.flagged_dates:
        add(p, BKG.flaggedDate, _str(note))
    for relation, related in a.related:
        if relation in RELATED:
            add(p, RELATED[relation], iris.project(iris.project_key(iati_identifier=related)))
    reporter = a.reporting_org.ref if a.reporting_org else None
    for other, id_type, owner in a.other_ids:
        add(p, BKG.otherIdentifier, _str(other))
        if id_type == "A1" and (owner or reporter) == IOM_PREFIX[:-1]:
            add(p, BKG.iomProjectId, _str(other))  # IOM's own project id
    if a.humanitarian is not None:
        add(p, BKG.humanitarian, ox.Literal(str(a.humanitarian).lower(), datatype=_BOOLEAN))
    if a.collaboration_type:
        add(p, BKG.collaborationType, iati_concept("collaboration-type", a.collaboration_type))
    for i, loc in enumerate(a.locations):
        node = iris.location(str(g.source), key, str(i))
        add(p, BKG.hasLocation, node)
        add(node, TYPE, BKG.Location)
        for name in loc.names:
            add(node, LABEL, _lit(name))
        add(node, BKG.locationRef, _str(loc.ref) if loc.ref else None)
        add(node, BKG.coordinates, _str(loc.point) if loc.point else None)
    return p


def _org(g: StreamGraph, record: IatiOrg, recipients: tuple[str, ...] = ()
         ) -> tuple[URIRef | None, str | None]:
    """The organisation an IATI element names, and the channel category it gave instead.
    One known only by its IATI identifier gets what this source says of it (name and type
    as written); the reference graph describes it once, from what most sources say."""
    ref, channel = organisation_resolver().resolve_iati(record.ref, record.name, record.type,
                                                        recipients=recipients)
    if ref is None:
        return None, channel
    if ref.method != "identifier":
        return describe_org(g, ref), channel
    org = iris.org(ref.key)
    g.add(org, BKG.iatiOrganisationId, _str(ref.iati or ""))
    g.add(org, BKG.describedIn, g.source)
    for name in record.names:
        g.add(org, BKG.asWritten, _str(name.text))
    if record.type:
        g.add(org, BKG.iatiOrganisationType, _str(record.type))
    return org, channel


def _parties(g: StreamGraph, node: URIRef, provider: IatiOrg | None, receiver: IatiOrg | None,
             recipients: tuple[str, ...]) -> None:
    """The provider and receiver organisations of a transaction or planned disbursement."""
    for record, prop in ((provider, BKG.providerOrganisation),
                         (receiver, BKG.receiverOrganisation)):
        if record is not None:
            org, _ = _org(g, record, recipients)
            if org is not None:
                g.add(node, prop, org)


def _participation(g: StreamGraph, p: URIRef, key: str, record: IatiOrg,
                   recipients: tuple[str, ...]) -> None:
    """A participating-org: an organisation in its role, or, where the file names a channel
    category ('Recipient Government', 'NGOs and civil society'), the category as a concept
    and no organisation."""
    role = ROLES.get(record.role or "")
    org, channel = _org(g, record, recipients)
    if role is None or (org is None and channel is None):
        g.problems.append(_problem(key, f"participating-org {record.ref or record.name!r} "
                                   f"with role {record.role!r} skipped"))
        return
    part = write_participation(
        g, p, key, role, org, written=record.name or record.ref or "",
        field="participating-org",
        quote=f"participating-org ref={record.ref or ''} role={record.role} "
              f"{record.name or ''}".strip(),
        channel=iati_concept("crs-channel", channel) if channel else None)
    if part is None:
        return
    g.add(part, BKG.activityId, _str(record.activity_id) if record.activity_id else None)
    g.add(part, BKG.iatiOrganisationType, _str(record.type) if record.type else None)
    g.add(part, BKG.dacChannelCode, _str(channel) if channel else None)


def _problem(key: str, reason: str) -> Problem:
    return Problem(f"iati-activity {key}", reason)


def implied_percentages(shares: Sequence[IatiShare]) -> list[Decimal | None]:
    """The percentage each share stands for where the source states none: what the stated
    ones leave of 100, split equally among the unstated (IATI asks for percentages when
    there are several; a lone country or sector stands for the whole). None where stated."""
    unstated = sum(s.percentage is None for s in shares)
    if not unstated:
        return [None] * len(shares)
    left = max(Decimal(0), Decimal(100) - sum(s.percentage or 0 for s in shares))
    each = (left / unstated).quantize(Decimal("0.0001"))
    return [each if s.percentage is None else None for s in shares]


def _shares(g: StreamGraph, subject: URIRef, key: str, prefix: str,
            countries: Sequence[IatiShare], regions: Sequence[IatiShare],
            sectors: Sequence[IatiShare]) -> None:
    """The country, region and sector shares of an activity or a transaction. Countries and
    regions together make up 100%, the sectors of each vocabulary another 100%."""
    geography = [*countries, *regions]
    for i, (share, implied) in enumerate(zip(geography, implied_percentages(geography),
                                             strict=True)):
        if i < len(countries):
            if share.code not in load_countries():
                g.problems.append(_problem(key, f"unknown recipient-country code "
                                                f"{share.code!r}"))
                continue
            target = iris.country(share.code)
            if not prefix:
                g.add(subject, BKG.coversCountry, target)
            _share(g, subject, key, prefix + "country", target, share, implied)
        else:
            target = iati_concept("region" if share.vocabulary == "1" else
                                  f"region-vocabulary-{share.vocabulary}", share.code)
            _share(g, subject, key, prefix + "region", target, share, implied,
                   own_labels=share.vocabulary != "1")
    for vocabulary in sorted({s.vocabulary or "1" for s in sectors}):
        group = [s for s in sectors if (s.vocabulary or "1") == vocabulary]
        official = {"1": "sector", "2": "sector-category"}.get(vocabulary)
        for share, implied in zip(group, implied_percentages(group), strict=True):
            concept = iati_concept(official or f"sector-vocabulary-{vocabulary}", share.code)
            if not prefix:
                g.add(subject, BKG.sector, concept)
            _share(g, subject, key, prefix + "sector", concept, share, implied,
                   own_labels=official is None)


def _share(g: StreamGraph, subject: URIRef, key: str, kind: str, target: URIRef,
           share: IatiShare, implied: Decimal | None, *, own_labels: bool = False) -> None:
    """A share node; a publisher's own vocabulary brings its labels with it."""
    node = iris.share(str(g.source), key, kind, str(target))
    g.add(subject, BKG.hasShare, node)
    g.add(node, TYPE, BKG.Share)
    g.add(node, BKG.shareOf, target)
    if share.percentage is not None:
        g.add(node, BKG.percentage, _decimal(share.percentage))
    if implied is not None:
        g.add(node, BKG.impliedPercentage, _decimal(implied))
    if own_labels:
        g.add(target, TYPE, BKG.IATICode)
        for name in share.names:
            g.add(target, PREF_LABEL, _lit(name))


def _money(g: StreamGraph, key: str, what: str, value: IatiValue) -> URIRef:
    node = iris.amount(str(g.source), key, what)
    g.add(node, TYPE, BKG.MonetaryAmount)
    g.add(node, BKG.amount, _decimal(value.amount))
    if value.currency:
        g.add(node, BKG.currency, _str(value.currency))
    g.add(node, BKG.valueDate, _day(value.value_date))
    return node


def _budgets(g: StreamGraph, p: URIRef, key: str, a: IatiActivity) -> None:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    original = [b for b in a.budgets if b.type in (None, "1", "Original")] or a.budgets
    for i, b in enumerate(a.budgets):
        node = _money(g, key, f"budget {i}", b.value)
        g.add(p, BKG.hasBudgetLine, node)
        g.add(node, BKG.periodStart, _day(b.period_start))
        g.add(node, BKG.periodEnd, _day(b.period_end))
        if b.type:
            g.add(node, BKG.budgetType, iati_concept("budget-type", b.type))
    for b in original:
        if b.value.currency:
            totals[b.value.currency] += b.value.amount
    for currency, amount in sorted(totals.items()):
        node = iris.amount(str(g.source), key, f"total {currency}")
        g.add(p, BKG.hasBudget, node)
        g.add(node, TYPE, BKG.MonetaryAmount)
        g.add(node, BKG.amount, _decimal(amount))
        g.add(node, BKG.currency, _str(currency))
        g.add(node, BKG.asWritten, _str(f"sum of {len(original)} IATI budget line(s)"))
