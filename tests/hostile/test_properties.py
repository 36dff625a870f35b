"""Property tests of the page and IATI parsers: whatever the text, they never crash, and a bad
record next to good ones never loses the good ones."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borderkg.graph.build import SourceInfo, build_document
from borderkg.loaders import iati
from borderkg.loaders.registry import LoadError, decode, pick_loader
from borderkg.loaders.text import html_to_text

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
SOURCE = SourceInfo(file_name="generated.txt", content_hash="0" * 16)
WORDS = st.sampled_from(["IOM", "Border", "Police", "of", "Moldova", "Ukraine", "the",
                         "European", "Union", "funded", "project", "2019", "USD", "1,000",
                         "(EUBAM)", "Ministry", "Interior", ".", ",", "\n", "\n\n", "Title:",
                         "Donor:", "Partners:", "—", "–", "é", "<b>", "</p>", "&amp;", "\x1b"])
PROSE = st.lists(WORDS, min_size=0, max_size=300).map(" ".join)
ANY_TEXT = st.one_of(PROSE, st.text(max_size=2000))


@SETTINGS
@given(ANY_TEXT)
def test_a_page_is_read_or_refused_never_crashes(text: str) -> None:
    try:
        page = decode(text.encode("utf-8"), path="generated.txt")
        document = pick_loader(page, path="generated.txt").parse(page)
    except LoadError:
        return
    built = build_document(document, SOURCE)
    assert all(isinstance(p.reason, str) for p in built.problems)


@SETTINGS
@given(ANY_TEXT)
def test_html_to_text_never_crashes(text: str) -> None:
    out = html_to_text(f"<html><body>{text}</body></html>")
    assert isinstance(out, str)


FIELD = st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                       blacklist_characters="\x00"), max_size=40)


def good(i: int) -> str:
    return (f"<iati-activity default-currency='EUR'><iati-identifier>XI-GOOD-{i}"
            "</iati-identifier><title><narrative>Border posts</narrative></title>"
            "<recipient-country code='MD' percentage='100'/><budget><period-start "
            "iso-date='2020-01-01'/><value value-date='2020-01-01'>1000</value></budget>"
            "</iati-activity>")


def bad(i: int, amount: str, day: str, share: str) -> str:
    return (f"<iati-activity><iati-identifier>XI-BAD-{i}</iati-identifier>"
            f"<activity-date type='2' iso-date={quoteattr(day)}/>"
            f"<recipient-country code='UA' percentage={quoteattr(share)}/>"
            f"<budget><value>{escape(amount)}</value></budget></iati-activity>")


def _legal(text: str) -> str:
    """Characters XML 1.0 can carry (others make the file, not the record, malformed)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20 and
                   not 0xFFFE <= ord(ch) <= 0xFFFF)


@SETTINGS
@given(st.lists(st.tuples(st.booleans(), FIELD, FIELD, FIELD), min_size=1, max_size=12))
def test_bad_iati_records_never_lose_the_good_ones(
        records: list[tuple[bool, str, str, str]]) -> None:
    body = "".join(good(i) if is_good else bad(i, _legal(a), _legal(d), _legal(s))
                   for i, (is_good, a, d, s) in enumerate(records))
    data = f"<iati-activities version='2.03'>{body}</iati-activities>".encode()
    parsed = list(iati.parse_activities(io.BytesIO(data)))
    read = {a.identifier for a in parsed if isinstance(a, iati.IatiActivity)}
    wanted = {f"XI-GOOD-{i}" for i, (is_good, *_) in enumerate(records) if is_good}
    assert wanted <= read
    for a in parsed:
        if isinstance(a, iati.IatiActivity):
            assert all(b.value.amount.is_finite() for b in a.budgets)
