"""IATI organisation identifiers: one body per registration-agency family, categories and
placeholders never organisations (a regression test for each family seen in real files)."""

from __future__ import annotations

import pytest

from borderkg.reference.iati import category, family, is_placeholder
from borderkg.resolve.names import organisation_resolver


@pytest.mark.parametrize(("ref", "name", "key"), [
    ("XI-IATI-EC_INTPA", None, "dg-intpa"),
    ("XT-IATI-EC_INTPA", "European Development Fund", "dg-intpa"),
    ("N/A", "EC_INTPA", "dg-intpa"),                       # the ref in the name, ref N/A
    (None, "XI-IATI-EC_INTPA", "dg-intpa"),               # the ref as the name, no ref
    ("XI-IATI-EC_INTPA-2016/37882/0", None, "dg-intpa"),  # an activity id used as a ref
    ("XI-IATI-EC_DEVCO", None, "dg-intpa"),               # renamed: one body
    ("XI-IATI-EC_NEAR", None, "dg-near"), ("N/A", "EC_NEAR", "dg-near"),
    ("XI-IATI-EC_NEAR-2019/406-817/DEL", None, "dg-near"),
    ("XI-IATI-EC_FPI", None, "ec-fpi"), ("N/A", "EC_FPI", "ec-fpi"),
    ("GB-1", "DFID", "dfid"), ("GB-GOV-1", "Department for International Development", "dfid"),
    ("GB-01", "DFID", "dfid"), ("GB-1-201242-101", "DFID", "dfid"),
    ("GB-GOV-1", "UK - Foreign, Commonwealth and Development Office (FCDO)", "fcdo"),
    ("", "DfID - UK Aid", "dfid"),
    ("SE-0", "Swedish International Development Cooperation Agency (Sida)", "sida"),
    ("SE-6", None, "sida"), ("", "SIDA - Sweden", "sida"),
    ("N/A", "SWEDISH INTERNATIONAL DEVELOPMENTCOOPERATION AGENCY SIDA", "sida"),
    ("US-GOV-1", "U.S. Agency for International Development", "usaid"),
    ("", "USA (USAID) OFDA", "usaid"),
    ("N/A", "UNITED NATIONS DEVELOPMENT PROGRAMME", "undp"),
    (None, "Republique Du Benin*Republic Of Benin", "government-bj"),
])
def test_identifier_families_make_one_body(ref: str | None, name: str | None, key: str) -> None:
    org, _ = organisation_resolver().resolve_iati(ref, name, "10")
    assert org is not None and org.key == key, (ref, name, org)


@pytest.mark.parametrize(("ref", "name"), [
    ("12000", "Recipient Government"), ("N/A", "Recipient Government"),
    ("20000", "NON-GOVERNMENTAL ORGANISATIONS (NGOs) AND CIVIL SOCIETY"),
    ("41000", "United Nations agency, fund or commission (UN)"),
    ("N/A", "Other multilateral institution"), ("47000", None), ("N/A", "N/A"),
    ("N/A", "OTHER"), ("", "TBD"), ("XI-BRIDGE-null", None), ("", ""),
    ("", "USAID redacted this field in accordance with the exceptions outlined in the ADS"),
    ("N/A", "Private sector institution"),
])
def test_categories_and_placeholders_are_no_organisation(ref: str, name: str | None) -> None:
    org, _ = organisation_resolver().resolve_iati(ref, name, "10")
    assert org is None


def test_recipient_government_of_the_one_recipient_country() -> None:
    resolver = organisation_resolver()
    org, channel = resolver.resolve_iati("N/A", "Recipient Government", "10", recipients=("GE",))
    assert org is not None and org.key == "government-ge" and channel == "12000"
    org, _ = resolver.resolve_iati("N/A", "Recipient Government", "10",
                                   recipients=("GE", "AM"))
    assert org is None


def test_helpers() -> None:
    assert category("12000", None) is not None and category(None, "recipient government")
    assert category("41122", "UNICEF") is None  # a code of one body is a body
    assert family("XT-IATI-EC_INTPA") == "dg-intpa" and family("XM-DAC-41114") is None
    assert is_placeholder("N/A") and is_placeholder(None) and not is_placeholder("IOM")
