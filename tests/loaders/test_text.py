"""Dates and money in the forms of page-variants.md, with the written precision kept."""

from __future__ import annotations

from decimal import Decimal

import pytest

from borderkg.loaders.text import html_to_text, parse_date, parse_date_range, parse_money


@pytest.mark.parametrize(("written", "start", "end"), [
    ("15 Jun 2009 - 14 Jun 2011", ("2009-06-15", "day"), ("2011-06-14", "day")),
    ("June 2009 - May 2011", ("2009-06", "month"), ("2011-05", "month")),
    ("November 2018 - June 2020", ("2018-11", "month"), ("2020-06", "month")),
    ("Wednesday, November 1, 2017 to Sunday, March 1, 2020", ("2017-11-01", "day"),
     ("2020-03-01", "day")),
    ("(1 January 2020 – 31 December 2022 with possible extension)", ("2020-01-01", "day"),
     ("2022-12-31", "day")),
    ("2009 - 2011", ("2009", "year"), ("2011", "year")),
    ("05/06/2017", ("2017-06-05", "day"), ("2017-06-05", "day")),
    ("juin 2009 – mai 2011", ("2009-06", "month"), ("2011-05", "month")),
    ("du 1er mars 2018 au 28 février 2020", ("2018-03-01", "day"), ("2020-02-28", "day")),
    ("de enero de 2019 a diciembre de 2020", ("2019-01", "month"), ("2020-12", "month")),
    ("del 1 de enero de 2019 al 31 de diciembre de 2020", ("2019-01-01", "day"),
     ("2020-12-31", "day")),
    ("from 1st June 2018 to 31st May 2020", ("2018-06-01", "day"), ("2020-05-31", "day")),
    ("2019-2021", ("2019", "year"), ("2021", "year")),
])
def test_date_ranges_keep_precision(written: str, start: tuple[str, str],
                                    end: tuple[str, str]) -> None:
    s, e = parse_date_range(written)
    assert s is not None and e is not None
    assert (s.value, s.precision) == start
    assert (e.value, e.precision) == end


def test_day_range_without_year_takes_the_given_year() -> None:
    s, e = parse_date_range("13-14 June", default_year=2019)
    assert s is not None and e is not None
    assert (s.value, e.value) == ("2019-06-13", "2019-06-14")
    assert parse_date("13 June") is None  # no year written, none given


def test_unreadable_dates() -> None:
    assert parse_date("sometime soon") is None
    assert parse_date_range("sometime soon") == (None, None)


@pytest.mark.parametrize(("written", "amount", "currency", "equivalent"), [
    ("EUR 3,552,000", "3552000", "EUR", None),
    ("4,750,000 euros", "4750000", "EUR", None),
    ("€7.2 million", "7200000", "EUR", None),
    ("1.7 million EUR", "1700000", "EUR", None),
    ("C$500,000 (USD 510,000)", "500000", "CAD", ("510000", "USD")),
    ("£300,000 (USD 462,000)", "300000", "GBP", ("462000", "USD")),
    ("220 million Japanese yen (approximately USD 2 million)", "220000000", "JPY",
     ("2000000", "USD")),
    ("EUR 1.25 million (GEL 3.5 million)", "1250000", "EUR", ("3500000", "GEL")),
    ("170,900 KM", "170900", "BAM", None),
    ("1,425, 000 USD", "1425000", "USD", None),
])
def test_money(written: str, amount: str, currency: str,
               equivalent: tuple[str, str] | None) -> None:
    money = parse_money(written)
    assert money is not None
    assert money.amount == Decimal(amount) and money.currency == currency
    assert money.written == written
    if equivalent is None:
        assert money.equivalent is None
    else:
        assert money.equivalent is not None
        assert (money.equivalent.amount, money.equivalent.currency) == \
            (Decimal(equivalent[0]), equivalent[1])


def test_money_currency_from_label_and_unreadable_amounts() -> None:
    money = parse_money("64200.00", currency="USD")
    assert money is not None and money.amount == Decimal("64200.00") and money.currency == "USD"
    assert parse_money("64200.00") is None  # no currency anywhere
    assert parse_money("a lot of money") is None


def test_html_to_text_drops_scripts_and_keeps_blocks() -> None:
    text = html_to_text("<html><head><script>alert(1)</script><style>p{}</style></head>"
                        "<body><h1>Title</h1><ul><li>Start Date</li><li>2001</li></ul>"
                        "<p>One &amp; two</p></body></html>")
    lines = text.splitlines()
    assert lines == ["Title", "• Start Date", "• 2001", "One & two"]
    assert "alert" not in text


@pytest.mark.parametrize("written", [
    "15 Jun 2009", "Wednesday, November 1, 2017", "June 2009", "1 de enero de 2019",
    "05/06/2017", "28 février 2020", "enero de 2019", "Sept. 2018", "14 June 2011",
    "31 December 2022", "March 1, 2020", "1 mars 2018", "diciembre de 2020",
])
def test_common_forms_read_without_dateparser_agree_with_it(written: str,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    from borderkg.loaders import text

    fast = parse_date(written)
    monkeypatch.setattr(text, "_fast_date", lambda *_: False)
    assert fast == parse_date(written)
