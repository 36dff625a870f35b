"""IATI files in the graph: counts against the XML, organisations resolved to the same
entities as the pages, the IOM page / IATI join, codelist labels, and bad files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from borderkg.graph.export import export
from borderkg.graph.validate import validate
from borderkg.loaders.iati import ROLE_CODES, _code
from borderkg.pipeline.ingest import ingest
from borderkg.queries import library
from borderkg.reference.iati import category, is_placeholder
from borderkg.store import Store
from tests.conftest import DATA, IATI, PAGES, iati_codelists, need_shared

P = "PREFIX bkg: <https://w3id.org/borderkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "


@pytest.fixture(scope="module")
def iati_store() -> Iterator[Store]:
    store = Store.open("memory")
    report = ingest(store, [need_shared(IATI / "real"), PAGES / "idf_iom_dp2237.txt"],
                    codelists=iati_codelists())
    assert not report.failed
    yield store


def xml_activities() -> list[ET.Element]:
    return [a for f in sorted((IATI / "real").glob("*.xml"))
            for a in ET.parse(f).getroot().iter("iati-activity")]


def pairs(store: Store, query: str) -> set[tuple[str, str]]:
    return {(str(a), str(b)) for a, b in store.select(P + query).rows}


def listed(cell: str) -> set[str]:
    return {x.strip() for x in cell.split(" | ")}


def names_nothing(p: ET.Element) -> bool:
    """A participating-org of placeholders only ('N/A' and no name), not even a category."""
    texts = [*(n.text for n in p.findall("narrative")), p.text]
    return is_placeholder(p.get("ref")) and all(is_placeholder(t) for t in texts) and \
        not any(category(p.get("ref"), t) for t in texts)


def test_activities_roles_and_countries_match_the_xml(iati_store: Store) -> None:
    elements = xml_activities()
    ids = {e.findtext("iati-identifier", "").strip() for e in elements}
    got = {str(r[0]) for r in iati_store.select(P + "SELECT DISTINCT ?i WHERE { ?p bkg:iatiIdentifier ?i }").rows}
    assert got == ids
    roles = {(e.findtext("iati-identifier", "").strip(), _code(p.get("role"), ROLE_CODES))
             for e in elements for p in e.findall("participating-org")
             if not names_nothing(p)}
    role_codes = {"funding": "1", "accountable": "2", "extending": "3", "implementing": "4"}
    got_roles = {(i, role_codes[r.rsplit("/", 1)[1]]) for i, r in pairs(
        iati_store, "SELECT DISTINCT ?i ?r WHERE { GRAPH ?g { ?p bkg:iatiIdentifier ?i ; "
        "bkg:hasParticipation/bkg:role ?r } }")}  # the IATI graphs only, not the joined page
    assert got_roles == roles
    countries = {(e.findtext("iati-identifier", "").strip(), c.get("code", "").upper())
                 for e in elements for c in e.findall("recipient-country")}
    got_countries = {(i, c.rsplit("/", 1)[1]) for i, c in pairs(
        iati_store, "SELECT DISTINCT ?i ?c WHERE { ?p bkg:iatiIdentifier ?i ; bkg:coversCountry ?c }")}
    assert got_countries == countries


def test_budgets_and_transactions(iati_store: Store) -> None:
    rows = library.run(iati_store, library.load("projects"),
                       library.bind(library.load("projects"), {"project": "iom-dp-2237"})).dicts()
    (row,) = rows
    assert str(row["budget_amount"]) == "2750000.04" and str(row["budget_currency"]) == "USD"
    n = iati_store.select(P + "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?p bkg:hasTransaction ?t }")
    expected = sum(len(e.findall("transaction")) for e in xml_activities())
    assert int(str(n.rows[0][0])) <= expected and int(str(n.rows[0][0])) > expected * 0.9


def test_organisations_resolve_to_the_reference_entities(iati_store: Store) -> None:
    reporters = {str(r[0]) for r in iati_store.select(
        P + "SELECT DISTINCT ?o WHERE { ?p bkg:iatiIdentifier ?i ; bkg:reportedBy ?o "
        "FILTER(STRSTARTS(?i, 'XM-DAC-47066-')) }").rows}
    assert reporters == {"https://w3id.org/borderkg/id/org/iom"}
    near = iati_store.select(P + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p bkg:fundedBy|bkg:extendedBy "
                             "<https://w3id.org/borderkg/id/org/dg-near> }")
    assert int(str(near.rows[0][0])) > 50
    fake = iati_store.select(P + "SELECT ?o WHERE { ?x bkg:participant ?o FILTER(CONTAINS(STR(?o), '/org/iati-n-a') "
                             "|| REGEX(STR(?o), '/org/iati-[0-9]+$')) }")
    assert fake.rows == []  # N/A and channel codes are not organisations
    channels = iati_store.select(P + "SELECT (COUNT(*) AS ?n) WHERE { ?x bkg:dacChannelCode ?c }")
    assert int(str(channels.rows[0][0])) > 0


def test_one_node_per_body_and_no_category_is_an_organisation(iati_store: Store) -> None:
    rows = library.run(iati_store, library.load("organisations")).dicts()
    labels = [str(r["label"]) for r in rows]
    for body in ("DG INTPA", "DG NEAR", "Service for Foreign Policy Instruments",
                 "Department for International Development", "Sida", "USAID"):
        assert labels.count(body) == 1, body
    keys = {str(r["organisation"]).rsplit("/", 1)[1] for r in rows}
    assert not any("ec-intpa" in k or "ec-near" in k or "gb-1" in k or "gb-gov" in k
                   or k.startswith("iati-se-") for k in keys)
    for placeholder in ("Recipient Government", "N/A", "OTHER", "TBD", "XI-BRIDGE-null",
                     "Other multilateral institution", "Private sector institution",
                     "NON-GOVERNMENTAL ORGANISATIONS (NGOs) AND CIVIL SOCIETY",
                     "United Nations agency, fund or commission (UN)"):
        assert placeholder not in labels, placeholder
    assert not any("redacted" in label for label in labels)
    kept = iati_store.select(P + "SELECT (COUNT(*) AS ?n) WHERE { ?x bkg:channelCategory ?c }")
    assert int(str(kept.rows[0][0])) > 100  # the category stays on the participation


def test_most_central_organisations_are_real(iati_store: Store) -> None:
    from borderkg.network import projections as proj
    from borderkg.network.metrics import compute

    g = proj.organisations(proj.load_rows(iati_store))
    metrics = compute(g)
    top = sorted(metrics.nodes, key=lambda n: -metrics.nodes[n]["betweenness"])[:10]
    labels = {g.nodes[n]["label"] for n in top}
    assert {"DG INTPA", "IOM", "DG NEAR"} <= labels
    assert not any(word in label.lower() for label in labels
                   for word in ("government (", "recipient", "n/a", "other", "institution"))


def test_iom_page_and_iati_activity_are_one_project(iati_store: Store) -> None:
    q = library.load("projects")
    (row,) = library.run(iati_store, q, library.bind(q, {"project": "iom-dp-2237"})).dicts()
    assert str(row["identifiers"]) == "DP.2237 | XM-DAC-47066-DP.2237"
    assert str(row["sources"]) == "dportal-covid-2021_p118_IOM.xml | idf_iom_dp2237.txt"
    assert "Providing Essential Services to Respond to the COVID-19 Pandemic in Sudan" in str(row["title"])
    assert "Essential Services against COVID-19 in Sudan" in str(row["title"])
    assert str(row["countries"]) == "SD"
    assert "USAID" in listed(str(row["funders"]))  # one node, whatever the spelling
    merges = library.run(iati_store, library.load("match-candidates")).dicts()
    assert {str(r["rule"]) for r in merges if str(r["kind"]) == "merged"} == {"identifier"}


def test_iom_is_the_implementer_of_its_own_activities(iati_store: Store) -> None:
    q = library.load("projects")
    (row,) = library.run(iati_store, q, library.bind(q, {"project": "iati-xm-dac-47066-dp-2238"})).dicts()
    assert str(row["implementers"]) == "IOM"  # IOM is 'accountable' (role 2) in its files
    assert (str(row["start"]), str(row["end"]), str(row["countries"])) == \
        ("2020-08-01", "2021-07-31", "ID")  # actual start, else planned; planned end
    assert str(row["title"]) and str(row["identifiers"]) == "DP.2238 | XM-DAC-47066-DP.2238"


def test_codelist_labels(iati_store: Store) -> None:
    rows = iati_store.select(P + "SELECT ?l WHERE { <https://w3id.org/borderkg/id/concept/iati-transaction-type/3> "
                             "skos:prefLabel ?l FILTER(LANG(?l) = 'en') }")
    assert [str(r[0]) for r in rows.rows] == ["Disbursement"]
    sector = iati_store.select(P + "SELECT ?l WHERE { <https://w3id.org/borderkg/id/concept/iati-sector/15190> "
                               "skos:prefLabel ?l FILTER(LANG(?l) = 'en') }")
    assert sector.rows and "migration" in str(sector.rows[0][0]).lower()


def test_small_iati_graph_validates(tmp_path: Path) -> None:
    store = Store.open("memory")
    report = ingest(store, [DATA / "iati" / "malformed_activity.xml"])
    (f,) = report.files
    assert f.status == "added" and f.activities == 2 and len(f.problems) >= 2
    assert {p.line for p in f.problems if p.line} == {17, 20}
    result = validate(store)
    assert result.conforms, result.violations
    assert result.owl is None or result.owl.consistent, result.owl
    caritas = store.select(P + "SELECT ?c WHERE { ?x bkg:participant ?o ; bkg:role ?r . ?o skos:prefLabel ?c "
                           "FILTER(?r = <https://w3id.org/borderkg/id/concept/role/implementing>) }")
    assert [str(r[0]) for r in caritas.rows] == ["Caritas Moldova"]


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                  b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><iati-activities><iati-activity>'
                  b"<iati-identifier>&b;</iati-identifier></iati-activity></iati-activities>")


def test_bad_files_write_nothing(tmp_path: Path) -> None:
    store = Store.open("memory")
    ingest(store, [PAGES / "legacy.txt"])
    before = export(store, "nquads")
    (tmp_path / "bomb.xml").write_bytes(BILLION_LAUGHS)
    (tmp_path / "broken.xml").write_bytes(b"<iati-activities><iati-activity><iati-identifier>X"
                                          b"</iati-activity>")
    report = ingest(store, [tmp_path / "bomb.xml", tmp_path / "broken.xml"])
    reasons = {Path(f.path).name: f.error or "" for f in report.files}
    assert all(f.status == "failed" for f in report.files)
    assert "not allowed" in reasons["bomb.xml"] and "not well-formed" in reasons["broken.xml"]
    assert export(store, "nquads") == before
    assert not [g for g in store.graph_names() if "staging" in str(g)]


def activity_file(identifier: str, org_type: str, name: str) -> bytes:
    return (f"<iati-activities version='2.03'><iati-activity default-currency='EUR'>"
            f"<iati-identifier>{identifier}</iati-identifier>"
            f"<participating-org ref='XM-TEST-77' role='4' type='{org_type}'>"
            f"<narrative>{name}</narrative></participating-org>"
            f"<transaction><transaction-type code='4'/><value>-1500</value></transaction>"
            f"</iati-activity></iati-activities>").encode()


def test_publishers_who_disagree_make_one_organisation(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_bytes(activity_file("XI-A-1", "40", "Agency Seventy-Seven"))
    (tmp_path / "b.xml").write_bytes(activity_file("XI-B-1", "21", "Agency 77"))
    (tmp_path / "c.xml").write_bytes(activity_file("XI-C-1", "40", "Agency Seventy-Seven"))
    store = Store.open("memory")
    ingest(store, [tmp_path])
    rows = library.run(store, library.load("organisations")).dicts()
    (row,) = [r for r in rows if str(r["organisation"]).endswith("/org/iati-xm-test-77")]
    assert (str(row["label"]), str(row["kind"]), int(str(row["projects"]))) == \
        ("Agency Seventy-Seven", "international organisation", 3)  # what most sources say
    alt = store.select(P + "SELECT ?a WHERE { <https://w3id.org/borderkg/id/org/iati-xm-test-77> "
                       "skos:altLabel ?a }")
    assert [str(r[0]) for r in alt.rows] == ["Agency 77"]
    report = validate(store, owl=False)
    assert report.conforms, report.violations  # a negative transaction is valid


def test_planned_disbursements_and_placeholder_dates(tmp_path: Path) -> None:
    body = (b'<?xml version="1.0"?><iati-activities version="2.03"><iati-activity '
            b'default-currency="EUR"><iati-identifier>XM-TEST-1</iati-identifier>'
            b'<title><narrative>Border posts</narrative></title>'
            b'<activity-date type="1" iso-date="2050-12-31"/>'
            b'<activity-date type="3" iso-date="2021-06-30"/>'
            b'<planned-disbursement type="1"><period-start iso-date="2021-01-01"/>'
            b'<period-end iso-date="2021-12-31"/><value value-date="2021-01-01">1500</value>'
            b'</planned-disbursement></iati-activity></iati-activities>')
    (tmp_path / "a.xml").write_bytes(body)
    store = Store.open("memory")
    report = ingest(store, [tmp_path / "a.xml"], codelists=iati_codelists())
    assert not report.failed
    rows = store.select(P + "SELECT ?amount ?start ?flag ?begin WHERE { ?p bkg:hasPlannedDisbursement "
                        "?d . ?d a bkg:PlannedDisbursement ; bkg:hasValue ?v . ?v bkg:amount ?amount ; "
                        "bkg:periodStart ?start . ?p bkg:flaggedDate ?flag "
                        "OPTIONAL { ?p bkg:startDate ?begin } }").rows
    assert [(str(a), str(s)) for a, s, _, _ in rows] == [("1500", "2021-01-01")]
    assert "2050-12-31" in str(rows[0][2]) and rows[0][3] is None  # flagged, dates nothing


def test_relevance_from_dac_sectors_and_words_with_evidence(tmp_path: Path) -> None:
    def activity(ident: str, title: str, sectors: str) -> bytes:
        return (f'<iati-activity><iati-identifier>{ident}</iati-identifier><title><narrative>'
                f'{title}</narrative></title>{sectors}</iati-activity>').encode()

    body = (b'<?xml version="1.0"?><iati-activities version="2.03">'
            + activity("XM-T-1", "Forest management", '<sector code="31220"/>')
            + activity("XM-T-2", "Support to the ministry", '<sector vocabulary="1" code="15190"/>')
            + activity("XM-T-3", "Support to the ministry", '<sector vocabulary="2" code="15190"/>'
                       '<sector vocabulary="99" code="33120"/>')
            + activity("XM-T-4", "Appui aux douanes du Niger", "")
            + b"</iati-activities>")
    (tmp_path / "a.xml").write_bytes(body)
    store = Store.open("memory")
    assert not ingest(store, [tmp_path / "a.xml"], codelists=iati_codelists()).failed
    rows = store.select(P + "SELECT ?id ?basis ?field ?quote WHERE { ?p bkg:iatiIdentifier ?id ; "
                        "bkg:relevantTo ?t ; bkg:relevanceEvidence ?e . ?e bkg:relevanceBasis "
                        "?basis ; bkg:sourceField ?field ; bkg:quote ?quote ; "
                        "bkg:evidenceFor ?p } ORDER BY ?id").rows
    assert [tuple(map(str, r)) for r in rows] == [
        ("XM-T-2", "IATI sector 15190", "relevance: sector",
         "Facilitation of orderly, safe, regular and responsible migration and mobility"),
        ("XM-T-4", 'keyword "douanes" (fr)', "relevance: title", "Appui aux douanes du Niger"),
    ]
    listed = library.run(store, library.load("relevance")).value_dicts()
    assert [(r["field"], str(r["source"])) for r in listed] == [("sector", "a.xml"),
                                                                ("title", "a.xml")]
