"""A synthetic BorderKG graph of N projects in the shape the builder produces (one named graph
per source of ten projects, participations with roles and the text that named them, budgets,
countries, evidence for the title and the budget, a reference graph), for measuring stores and
queries at sizes the real sources do not reach yet."""

from __future__ import annotations

import random
from collections.abc import Iterator

from borderkg.ontology import iris
from borderkg.reference import load_countries

BKG = "https://w3id.org/borderkg/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV_USED = "<http://www.w3.org/ns/prov#used>"
DERIVED_FROM = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
ROLES = ["funding", "implementing", "partner", "beneficiary", "associate-partner", "coordinator"]
SHORTCUT = {"funding": "fundedBy", "implementing": "implementedBy", "partner": "hasPartner",
            "beneficiary": "hasBeneficiary", "associate-partner": "hasAssociatePartner",
            "coordinator": "coordinatedBy"}
KINDS = ["border-guard", "customs-service", "police-service", "international-organisation",
         "eu-agency", "national-government", "ngo"]
KIND_CLASS = {"border-guard": "BorderGuard", "customs-service": "CustomsService",
              "police-service": "PoliceService", "international-organisation":
              "InternationalOrganisation", "eu-agency": "EUAgency",
              "national-government": "NationalGovernment", "ngo": "NGO"}


def _lit(value: str, datatype: str | None = None) -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"' + (f"^^<{XSD}{datatype}>" if datatype else "")


def _b(term: str) -> str:
    return f"<{BKG}{term}>"


def synthetic_nquads(n_projects: int, *, seed: int = 7) -> Iterator[str]:
    """N-Quads lines of a synthetic graph (deterministic for a seed)."""
    rng = random.Random(seed)
    codes = sorted(c for c, v in load_countries().items() if not v.former)
    n_orgs = max(20, n_projects // 20)
    orgs = [f"org-{i:06d}" for i in range(n_orgs)]
    ref = f"<{iris.REFERENCE_GRAPH}>"
    log = f"<{iris.INGEST_LOG_GRAPH}>"
    for i, key in enumerate(orgs):
        o = f"<{iris.org(key)}>"
        kind = KINDS[i % len(KINDS)]
        yield f"{o} {RDF_TYPE} {_b(KIND_CLASS[kind])} {ref} ."
        yield f"{o} {PREF} {_lit(f'Organisation {i}')} {ref} ."
        yield f"{o} {_b('organisationKind')} <{iris.concept('org-kind', kind)}> {ref} ."
        yield f"{o} {_b('basedIn')} <{iris.country(rng.choice(codes))}> {ref} ."
    for code in codes:
        yield f"<{iris.country(code)}> {PREF} {_lit(load_countries()[code].name)}@en {ref} ."
    for n in range(n_projects):
        src = f"<{iris.source(f'synthetic-{n // 10:06d}.txt')}>"
        if n % 10 == 0:
            yield f"{src} {RDF_TYPE} {_b('ProjectPage')} {src} ."
            yield f"{src} {_b('fileName')} {_lit(f'synthetic-{n // 10:06d}.txt')} {src} ."
            # the ingest log records the source: a committed graph, which readers see
            yield f"<{iris.ingest(src[1:-1], 'synthetic')}> {PROV_USED} {src} {log} ."
        key = f"synthetic-project-{n:07d}"
        p = f"<{iris.project(key)}>"
        start = rng.randint(2000, 2024)
        yield f"{p} {RDF_TYPE} {_b('Project')} {src} ."
        yield f"{p} {_b('mentionKey')} {_lit(key)} {src} ."
        yield f"{p} {_b('describedIn')} {src} {src} ."
        yield f"{p} {_b('title')} {_lit(f'Border cooperation project {n}')} {src} ."
        yield f"{p} {_b('startDate')} {_lit(str(start), 'gYear')} {src} ."
        yield f"{p} {_b('endDate')} {_lit(str(start + rng.randint(0, 4)), 'gYear')} {src} ."
        yield f"{p} {_b('status')} <{iris.concept('status', 'closed')}> {src} ."
        amount = f"<{iris.amount(src, key, 'budget')}>"
        yield f"{p} {_b('hasBudget')} {amount} {src} ."
        money = rng.randint(10, 5000) * 1000
        yield f"{amount} {_b('amount')} {_lit(str(money), 'decimal')} {src} ."
        yield f"{amount} {_b('currency')} {_lit(rng.choice(['EUR', 'USD']))} {src} ."
        # evidence as the page builder writes it: the field and the text behind a fact
        title = f"Border cooperation project {n}"
        for fld, quote in (("title", title), ("budget", f"Budget: {money:,}")):
            e = f"<{iris.evidence(src[1:-1], p[1:-1], fld, quote)}>"
            yield f"{e} {RDF_TYPE} {_b('Evidence')} {src} ."
            yield f"{e} {_b('evidenceFor')} {p} {src} ."
            yield f"{e} {_b('sourceField')} {_lit(fld)} {src} ."
            yield f"{e} {_b('quote')} {_lit(quote)} {src} ."
            yield f"{e} {DERIVED_FROM} {src} {src} ."
        for code in rng.sample(codes, rng.randint(1, 3)):
            yield f"{p} {_b('coversCountry')} <{iris.country(code)}> {src} ."
        for k in range(rng.randint(3, 5)):
            role = ROLES[k % len(ROLES)]
            j = rng.randrange(len(orgs))  # as rng.choice(orgs) draws it
            org = f"<{iris.org(orgs[j])}>"
            part = f"<{iris.participation(src, key, role, org)}>"
            yield f"{p} {_b('hasParticipation')} {part} {src} ."
            yield f"{part} {_b('participant')} {org} {src} ."
            yield f"{part} {_b('role')} <{iris.concept('role', role)}> {src} ."
            yield f"{part} {RDF_TYPE} {_b('Participation')} {src} ."
            written = f"Organisation {j}"
            yield f"{part} {_b('asWritten')} {_lit(written)} {src} ."
            yield f"{part} {_b('sourceField')} {_lit(role)} {src} ."
            yield f"{part} {_b('quote')} {_lit(f'{role.capitalize()}: {written}')} {src} ."
            yield f"{part} {DERIVED_FROM} {src} {src} ."
            yield f"{p} {_b(SHORTCUT[role])} {org} {src} ."
