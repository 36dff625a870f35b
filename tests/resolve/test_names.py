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


@pytest.mark.parametrize(("written", "key"), [
    ("Gouvernement du Japon", "government-jp"), ("Gobierno de Japón", "government-jp"),
    ("Gouvernement de la République du Niger", "government-ne"),
    ("Oficina de Población, Refugiados y Migración", "us-prm"),
])
def test_french_and_spanish_patterns_and_names(written: str, key: str) -> None:
    assert organisation_resolver().resolve(written).key == key


def test_country_of_a_new_body_from_its_name_or_its_nationality_adjective() -> None:
    resolve = organisation_resolver().resolve
    assert resolve("Nigerian Immigration Service").country == "NG"
    assert resolve("Police nationale ivoirienne").country == "CI"
    assert resolve("Servicio Nacional de Fronteras de Panamá").country == "PA"
    assert resolve("Costa Rican and Panamanian police").country is None  # two: none chosen


def test_an_unqualified_national_body_belongs_to_the_country_of_its_source() -> None:
    resolve = organisation_resolver().resolve
    moldova = resolve("Ministry of Interior", context_country="MD")
    georgia = resolve("Ministry of Interior", context_country="GE")
    assert (moldova.key, moldova.country, moldova.label) == \
        ("ministry-of-interior-md", "MD", "Ministry of Interior (Moldova)")
    assert georgia.key == "ministry-of-interior-ge" != moldova.key
    assert resolve("Ministry of Interior").key == "ministry-of-interior"  # no context: as named
    # an NGO is not pinned to the country of the page, a name's own country wins
    assert resolve("Terre Solidaire Foundation", context_country="MD").country is None
    assert resolve("Border Police of Georgia", context_country="MD").country == "GE"


@pytest.mark.parametrize(("name", "kind"), [
    ("Police aux frontières", "border-police"), ("Direction générale des douanes", "customs-service"),
    ("Gendarmerie nationale", "police-service"), ("Ministerio de Relaciones Exteriores", "ministry"),
    ("Dirección de Migración del Ministerio de Gobernación", "ministry-department"),
    ("Servicio Nacional de Fronteras", "border-guard"), ("Universidad de Costa Rica", "academic"),
    ("Fondation Hirondelle", "ngo"), ("Agence nationale de lutte contre la traite", "government-body"),
])
def test_guess_kind_in_french_and_spanish(name: str, kind: str) -> None:
    assert guess_kind(name) == kind


def test_answers_are_kept_per_name_and_context_and_the_cache_stays_bounded(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from borderkg.resolve import names

    monkeypatch.setattr(names, "CACHE_SIZE", 3)
    resolver = names.OrganisationResolver()
    first = resolver.resolve("Ministry of Interior", context_country="MD")
    assert resolver.resolve("Ministry of Interior", context_country="MD") is first
    assert resolver.resolve("Ministry of Interior", context_country="GE").country == "GE"
    assert resolver.resolve("Ministry of Interior").country is None
    for written in ("Frontex", "OIM", "European Commision", "Polish Border Guards"):
        assert resolver.resolve(written) == names.OrganisationResolver()._resolve(written, None)
    assert resolver._resolved.cache_info().currsize <= 3
    one = resolver.resolve_iati("N/A", "Recipient Government", "10", recipients=("GE",))
    two = resolver.resolve_iati("N/A", "Recipient Government", "10", recipients=("MD",))
    assert one[0] is not None and two[0] is not None
    assert (one[0].key, two[0].key) == ("government-ge", "government-md")
    assert resolver._resolved_iati.cache_info().currsize <= 3
