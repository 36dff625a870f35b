"""Funding per country, donor and year from IATI transactions; conversion with given rates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from borderkg import run_query
from borderkg.graph.store import Store
from borderkg.queries import library, money
from tests.conftest import IATI


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
