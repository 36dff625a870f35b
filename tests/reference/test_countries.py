"""Countries from ISO 3166-1/-3 with names from pycountry's translations, aliases, successors."""

from __future__ import annotations

import gettext
import xml.etree.ElementTree as ET

import pycountry
import pytest

from borderkg.reference import load_countries
from borderkg.reference.gazetteer import gazetteer
from tests.conftest import IATI, need_shared


def test_every_iso_country_and_former_state() -> None:
    countries = load_countries()
    assert {c.alpha_2 for c in pycountry.countries} <= set(countries)
    assert {h.alpha_4 for h in pycountry.historic_countries} <= set(countries)
    assert countries["CSXX"].former and countries["CSXX"].valid_until == "2006-09-26"


def test_names_come_from_pycountry_translations() -> None:
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    es = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    for code in ("DE", "KM", "BZ", "IR"):
        c = load_countries()[code]
        name = pycountry.countries.get(alpha_2=code).name
        assert c.names["fr"] == fr.gettext(name) and c.names["es"] == es.gettext(name)


def test_successors_exist() -> None:
    countries = load_countries()
    assert countries["CSXX"].successors == ("RS", "ME")
    assert countries["YUCS"].successors == ("CSXX",)
    assert countries["BUMM"].successors == ("MM",)
    for c in countries.values():
        for s in c.successors:
            assert s in countries, (c.code, s)


@pytest.mark.parametrize(("written", "code"), [
    ("Kosovo under UNSCR No 1244", "XK"), ("Kosovo*", "XK"), ("UNSC 1244 Kosovo", "XK"),
    ("The former Yugoslav Republic of Macedonia", "MK"), ("FYROM", "MK"),
    ("North Macedonia", "MK"), ("Turkey", "TR"), ("Türkiye", "TR"),
    ("Serbia and Montenegro", "CSXX"), ("Serbia & Montenegro", "CSXX"),
    ("Bosnia & Herzegovina", "BA"), ("BiH", "BA"), ("Republic of Moldova", "MD"),
    ("Iran (République islamique d’)", "IR"), ("Comores", "KM"), ("Belice", "BZ"),
])
def test_aliases(written: str, code: str) -> None:
    assert gazetteer().lookup(written) == code


def test_space_separated_lists_need_the_gazetteer() -> None:
    assert gazetteer().codes("Albania Croatia Serbia Montenegro") == ["AL", "HR", "RS", "ME"]
    assert gazetteer().codes("Palau Samoa Solomon Islands") == ["PW", "WS", "SB"]
    assert gazetteer().codes("Belice Costa Rica El Salvador") == ["BZ", "CR", "SV"]
    found, leftovers = gazetteer().scan("Western Balkan States (Albania) and Atlantis")
    assert [m.code for m in found] == ["AL"] and leftovers == ["atlantis"]


def test_kosovo_code_is_the_one_iati_uses() -> None:
    root = ET.parse(need_shared(IATI / "codelists" / "Country.xml")).getroot()
    codes = {item.findtext("code") for item in root.iter("codelist-item")}
    assert "XK" in codes
    assert load_countries()["XK"].user_assigned
