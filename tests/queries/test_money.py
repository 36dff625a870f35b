"""Funding per country, donor and year from IATI transactions; conversion with given rates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from borderkg import run_query
from borderkg.queries import library, money
from borderkg.store import Store
from tests.conftest import IATI, iati_codelists


def _disbursed_by_hand(country: str) -> dict[int, Decimal]:
    """Disbursements (type 3) to a country per year, straight from the real XML files."""
    totals: dict[int, Decimal] = {}
    for path in sorted((IATI / "real").glob("*.xml")):
        for act in etree.parse(str(path)).iter("iati-activity"):
            shares = {c.get("code"): c.get("percentage") for c in act.findall("recipient-country")}
            if country not in shares:
                continue
            share = Decimal(shares[country] or "100") / 100
            for t in act.findall("transaction"):
                if t.find("transaction-type").get("code") != "3":
                    continue
                year = int(t.find("transaction-date").get("iso-date")[:4])
                amount = Decimal(t.findtext("value").strip()) * share
                totals[year] = totals.get(year, Decimal(0)) + amount
    return totals


@pytest.mark.parametrize("country", ["UA", "MD"])
def test_disbursements_per_year_match_the_files(seeds_iati_store: Store, country: str) -> None:
    rows = run_query(seeds_iati_store, "funding-by-country-year", country=country,
                     flow="disbursement").to_dataframe()
    assert not rows.empty and set(rows["flow"]) == {"disbursement"}
    assert set(rows["currency"]) == {"EUR"}
    by_year = rows.groupby("year")["amount"].sum().to_dict()
    expected = _disbursed_by_hand(country)
    assert by_year.keys() == expected.keys()
    for year, total in expected.items():
        assert by_year[year] == pytest.approx(float(total), rel=1e-9)


def test_donors_named_by_label_and_kinds_of_flow_kept_apart(seeds_iati_store: Store) -> None:
    rows = run_query(seeds_iati_store, "funding-by-country-year", country="UA").value_dicts()
    flows = {r["flow"] for r in rows}
    assert {"disbursement", "planned disbursement", "incoming commitment"} <= flows
    near = run_query(seeds_iati_store, "funding-by-country-year", country="UA",
                     donor="DG NEAR").value_dicts()
    assert near and {r["donor_label"] for r in near} == {"DG NEAR"}
    assert len(near) < len(rows)


def test_conversion_only_with_given_rates(seeds_iati_store: Store, tmp_path: Path) -> None:
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,to,date,rate,source\nUSD,EUR,2021-01-04,0.8\n"
                     "USD,EUR,2021-12-31,0.9,ECB\n", encoding="utf-8")
    rows = run_query(seeds_iati_store, "funding-by-country-year", country="UA")
    out = money.convert(rows, money.read_rates(rates)).value_dicts()
    usd = [r for r in out if r["currency"] == "USD"]
    assert usd
    for r in usd:
        if r["year"] == "2021":
            assert Decimal(r["converted"] or "") == (Decimal(r["amount"] or "") *
                                                     Decimal("0.85")).quantize(Decimal("0.01"))
            assert "mean of 2 rates dated 2021" in (r["conversion"] or "")
        else:
            assert r["converted"] is None and "no USD->EUR rate" in (r["conversion"] or "")
    assert all(r["conversion"] == "same currency" for r in out if r["currency"] == "EUR")


def test_bad_rates_are_reported_with_the_line(tmp_path: Path) -> None:
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,to,date,rate\nUSD,EUR,2021,abc\n", encoding="utf-8")
    with pytest.raises(money.RatesError, match="line 2"):
        money.read_rates(rates)


def test_organisation_parameters_by_key_name_or_acronym() -> None:
    query = library.load("partners-of-organisation")
    keys = {str(library.bind(query, {"organisation": v})["organisation"])
            for v in ("frontex", "Frontex", "European Border and Coast Guard Agency")}
    assert keys == {"https://w3id.org/borderkg/id/org/frontex"}


def test_rows_as_dataframe_and_html(seeds_iati_store: Store) -> None:
    rows = run_query(seeds_iati_store, "partner-services")
    df = rows.to_dataframe()
    assert list(df.columns) == rows.variables
    assert isinstance(df["countries"].iloc[0], list)
    assert df["projects"].dtype.kind == "i"
    html = rows._repr_html_()
    assert html.startswith("<table>") and "<script" not in html


def _dac_shares(elements: list[etree._Element]) -> dict[str, Decimal]:
    """DAC 5-digit sector -> share of 1, with the unstated ones splitting what is left."""
    dac = [s for s in elements if s.get("vocabulary") in (None, "1")]
    stated = sum(Decimal(s.get("percentage")) for s in dac if s.get("percentage"))
    unstated = [s for s in dac if not s.get("percentage")]
    rest = max(Decimal(0), 100 - stated) / len(unstated) if unstated else Decimal(0)
    return {s.get("code"): Decimal(s.get("percentage") or rest) / 100 for s in dac}


def _sector_disbursed_by_hand(sector: str) -> dict[tuple[int, str], Decimal]:
    totals: dict[tuple[int, str], Decimal] = {}
    for path in sorted((IATI / "real").glob("*.xml")):
        for act in etree.parse(str(path)).iter("iati-activity"):
            own = _dac_shares(act.findall("sector"))
            for t in act.findall("transaction"):
                if t.find("transaction-type").get("code") != "3":
                    continue
                share = own.get(sector) if own else _dac_shares(t.findall("sector")).get(sector)
                if not share:
                    continue
                value = t.find("value")
                key = (int(t.find("transaction-date").get("iso-date")[:4]),
                       value.get("currency") or act.get("default-currency"))
                totals[key] = totals.get(key, Decimal(0)) + Decimal(value.text.strip()) * share
    return totals


def test_disbursements_per_sector_match_the_files(seeds_iati_store: Store) -> None:
    rows = run_query(seeds_iati_store, "funding-by-sector-year", sector="15190",
                     flow="disbursement").value_dicts()
    assert rows and {r["sector"] for r in rows} == {"15190"}
    assert {r["sector_label"] for r in rows} != {None}  # labels from the codelists
    got: dict[tuple[int, str], Decimal] = {}
    for r in rows:
        key = (int(r["year"]), str(r["currency"]))
        got[key] = got.get(key, Decimal(0)) + Decimal(str(r["amount"]))
    expected = _sector_disbursed_by_hand("15190")
    assert got.keys() == expected.keys()
    for key, total in expected.items():
        assert float(got[key]) == pytest.approx(float(total), rel=1e-9)


def test_a_donor_named_in_several_sources_counts_its_money_once(tmp_path: Path) -> None:
    def activity(ident: str, money: str) -> bytes:
        return (f'<?xml version="1.0"?><iati-activities version="2.03"><iati-activity '
                f'default-currency="EUR"><iati-identifier>{ident}</iati-identifier>'
                f'<participating-org role="1"><narrative>Fondation Imaginaire pour les '
                f'Frontières</narrative></participating-org><recipient-country code="UA"/>'
                f'<sector code="15190"/><activity-date type="2" iso-date="2021-01-01"/>'
                f'{money}</iati-activity></iati-activities>').encode()

    money_xml = ('<budget><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>'
                 '<value value-date="2021-01-01">1000</value></budget><transaction>'
                 '<transaction-type code="3"/><transaction-date iso-date="2021-03-01"/>'
                 '<value value-date="2021-03-01">100</value><provider-org><narrative>Fondation '
                 'Imaginaire pour les Frontières</narrative></provider-org></transaction>')
    (tmp_path / "a.xml").write_bytes(activity("XM-T-A", money_xml))
    (tmp_path / "b.xml").write_bytes(activity("XM-T-B", ""))
    store = Store.open("memory")
    from borderkg.pipeline.ingest import ingest

    assert not ingest(store, [tmp_path], codelists=iati_codelists()).failed
    labels = store.select("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?g WHERE "
                          "{ GRAPH ?g { ?o skos:prefLabel 'Fondation Imaginaire pour les "
                          "Frontières' } }").rows
    assert len(labels) == 2  # the trap: the same label in two graphs
    for name, column in (("funding-by-country-year", "amount"),
                         ("funding-by-sector-year", "amount"),
                         ("budgets-by-donor-year", "total")):
        rows = run_query(store, name).value_dicts()
        assert [Decimal(str(r[column])) for r in rows] == [
            Decimal(1000 if column == "total" else 100)], name
