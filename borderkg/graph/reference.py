"""The reference graph: descriptions of the countries and reference organisations in use.

It is rebuilt from the reference data for exactly the entities that the source graphs name
(plus their parents and successors), so it never depends on the order of ingestion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.ontology.vocab import kind_class
from borderkg.reference import load_countries, load_organisations
from borderkg.reference.wikidata import country_item, organisation_item
from borderkg.resolve.names import iati_kind
from borderkg.store import Triple

_COUNTRY = iris.BASE + "country/"
_ORG = iris.BASE + "org/"


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date if len(value) == 10 else XSD.gYear)


def country_triples(code: str) -> set[Triple]:
    """What the reference data says of one country or former state."""
    c = load_countries()[code]
    s = iris.country(code)
    out: set[Triple] = {(s, RDF.type, BKG.FormerCountry if c.former else BKG.Country)}
    for lang, name in c.names.items():
        out.add((s, SKOS.prefLabel, Literal(name, lang=lang)))
    for alias in c.aliases:
        if alias not in c.names.values():
            out.add((s, SKOS.altLabel, Literal(alias)))
    if c.former:
        out.add((s, BKG.iso3166Part3Code, Literal(code)))
    else:
        out.add((s, BKG.isoAlpha2, Literal(code)))
    if c.alpha3:
        out.add((s, BKG.isoAlpha3, Literal(c.alpha3)))
    if c.numeric:
        out.add((s, BKG.isoNumeric, Literal(c.numeric)))
    if c.user_assigned:
        out.add((s, BKG.userAssignedCode, Literal(True)))
    if c.valid_until:
        out.add((s, BKG.validUntil, _date(c.valid_until)))
    for succ in c.successors:
        out.add((s, BKG.succeededBy, iris.country(succ)))
    if (item := country_item(code)) is not None:
        out.add((s, SKOS.exactMatch, iris.wikidata(item)))
    return out


def organisation_triples(key: str) -> set[Triple]:
    """What the reference data says of one organisation."""
    e = load_organisations()[key]
    s = iris.org(key)
    out: set[Triple] = {
        (s, RDF.type, kind_class(e.kind)),
        (s, SKOS.prefLabel, Literal(e.name)),
        (s, BKG.organisationKind, iris.concept("org-kind", e.kind)),
    }
    for lang, name in e.names.items():
        out.add((s, SKOS.altLabel, Literal(name, lang=lang)))
    for alias in e.aliases:
        out.add((s, SKOS.altLabel, Literal(alias)))
    for acronym in e.acronyms:
        out.add((s, BKG.acronym, Literal(acronym)))
    if e.country:
        out.add((s, BKG.basedIn, iris.country(e.country)))
    if e.parent:
        out.add((s, BKG.subOrganisationOf, iris.org(e.parent)))
    if e.iati:
        out.add((s, BKG.iatiOrganisationId, Literal(e.iati)))
    if e.successor:
        out.add((s, BKG.successorOrganisation, iris.org(e.successor)))
    if (item := organisation_item(key)) is not None:
        out.add((s, SKOS.exactMatch, iris.wikidata(item)))
    for dated in e.dated_names:
        node = iris.dated_name(key, dated.full or dated.name)
        out |= {(s, BKG.hasDatedName, node), (node, RDF.type, BKG.DatedName),
                (node, RDFS.label, Literal(dated.name))}
        if dated.full:
            out.add((node, SKOS.altLabel, Literal(dated.full)))
        if dated.start:
            out.add((node, BKG.validFrom, _date(dated.start)))
        if dated.end:
            out.add((node, BKG.validUntil, _date(dated.end)))
    return out


def reference_triples(used: Iterable[str]) -> set[Triple]:
    """The reference graph for the entities in use, closed over parents and successors."""
    countries = load_countries()
    orgs = load_organisations()
    used = set(used)
    codes = {u[len(_COUNTRY):] for u in used if u.startswith(_COUNTRY)}
    # Former states whose successors are in use, so that a query can place a project in the
    # state of its time (a 2001 project in Serbia and in Montenegro: Serbia and Montenegro).
    used |= {str(iris.country(c.code)) for c in countries.values()
             if c.former and codes & set(c.successors)}
    todo = sorted(used)
    done: set[str] = set()
    out: set[Triple] = set()
    while todo:
        iri = todo.pop()
        if iri in done:
            continue
        done.add(iri)
        if iri.startswith(_COUNTRY) and iri[len(_COUNTRY):] in countries:
            triples = country_triples(iri[len(_COUNTRY):])
        elif iri.startswith(_ORG) and iri[len(_ORG):] in orgs:
            triples = organisation_triples(iri[len(_ORG):])
        else:
            continue
        out |= triples
        todo += [str(o) for _, p, o in triples
                 if p in (BKG.subOrganisationOf, BKG.basedIn, BKG.succeededBy,
                          BKG.successorOrganisation)]
    return out



def identified_organisation_triples(rows: Iterable[Mapping[str, object]]) -> set[Triple]:
    """Organisations known only by an IATI identifier, each described once: the name and the
    IATI organisation type that most sources give (ties: the first in order), the other
    names as alternative labels."""
    names: dict[str, dict[str, int]] = {}
    types: dict[str, dict[str, int]] = {}
    ids: dict[str, str] = {}
    for r in rows:
        org = str(r["organisation"])
        ids[org] = str(r["identifier"])
        count = int(str(r["sources"]))
        if r.get("name") is not None:
            bucket = names.setdefault(org, {})
            bucket[str(r["name"])] = bucket.get(str(r["name"]), 0) + count
        if r.get("type") is not None:
            bucket = types.setdefault(org, {})
            bucket[str(r["type"])] = bucket.get(str(r["type"]), 0) + count
    out: set[Triple] = set()
    for org, identifier in sorted(ids.items()):
        s = URIRef(org)
        written = names.get(org, {})
        label = _most(written) or identifier
        kind = iati_kind(_most(types.get(org, {})))
        out |= {(s, RDF.type, kind_class(kind)), (s, SKOS.prefLabel, Literal(label)),
                (s, BKG.organisationKind, iris.concept("org-kind", kind)),
                (s, BKG.iatiOrganisationId, Literal(identifier))}
        out |= {(s, SKOS.altLabel, Literal(n)) for n in written if n != label}
    return out


def _most(counts: dict[str, int]) -> str | None:
    """The value given most often; ties go to the first in sort order."""
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None
