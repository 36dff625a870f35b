"""Organisation names to entities: exact, alias, acronym, pattern, fuzzy, then new."""

from __future__ import annotations

import pytest

from borderkg.resolve.names import guess_kind, organisation_resolver


@pytest.mark.parametrize(("written", "key", "method"), [
    ("Frontex", "frontex", "exact"),
    ("European Border and Coast Guard Agency", "frontex", "alias"),
    ("Polish Border Guards", "polish-border-guard", "alias"),
    ("the Government of Netherlands", "government-nl", "alias"),
    ("Border Guard Service of Ukraine", "ukraine-state-border-guard-service", "alias"),
    ("National Criminal Police Sweden", "sweden-national-criminal-police", "exact"),
    ("Hungarian Ministry of Agriculture & Rural Development/Department of food chain control",
     "hungary-food-chain-control", "exact"),
    ("The European Border Assistance Mission to Moldova and Ukraine (EUBAM)", "eubam", "alias"),
    ("International Organization for Migration (IOM), Mission in Ukraine", "iom-mission-ua",
     "pattern"),
    ("IOM Mission in Hungary", "iom-mission-hu", "alias"),
    ("Organisation internationale pour les migrations", "iom", "alias"),
    ("OIM", "iom", "exact"),
    ("European Commision", "european-commission", "fuzzy"),
])
def test_resolution(written: str, key: str, method: str) -> None:
    ref = organisation_resolver().resolve(written)
    assert (ref.key, ref.method) == (key, method)
    assert ref.in_reference


def test_acronym_trap_is_case_sensitive() -> None:
    ref = organisation_resolver().resolve("IoM")  # Immigration of Mongolia, not IOM
    assert ref.method == "new" and ref.key != "iom" and ref.unresolved


def test_patterns_make_typed_entities_outside_the_reference_list() -> None:
    office = organisation_resolver().resolve("IOM Mission in Georgia")
    assert (office.key, office.kind, office.country, office.parent, office.in_reference) == \
        ("iom-mission-ge", "country-office", "GE", "iom", False)
    government = organisation_resolver().resolve("Government of Burkina Faso")
    assert (government.key, government.kind, government.label) == \
        ("government-bf", "national-government", "Government of Burkina Faso")


def test_a_donor_named_by_its_country_is_its_government() -> None:
    ref = organisation_resolver().resolve("United States")
    assert (ref.key, ref.kind, ref.method) == ("government-us", "national-government", "pattern")
    assert organisation_resolver().resolve("Netherlands").key == "government-nl"


def test_unmatched_names_become_new_unresolved_entities() -> None:
    ref = organisation_resolver().resolve("State Revenue Committee of Armenia")
    assert ref.unresolved and ref.method == "new"
    assert (ref.key, ref.kind, ref.country) == ("state-revenue-committee-of-armenia",
                                                "government-body", "AM")


@pytest.mark.parametrize(("name", "kind"), [
    ("Border Police of Georgia", "border-police"), ("Revenue Service of Georgia", "government-body"),
    ("Customs Administration of Montenegro", "customs-service"),
    ("Border Police Directorate of the Ministry of Interior", "border-police"),
    ("Department of Migration of the Ministry of Interior", "ministry-department"),
    ("Ministry of Interior", "ministry"), ("Caritas Georgia", "ngo"), ("Acme Ltd", "organisation"),
])
def test_guess_kind(name: str, kind: str) -> None:
    assert guess_kind(name) == kind
