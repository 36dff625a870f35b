"""Organisations named in prose: names, roles from the sentence, acronyms, and what is not an
organisation (people, places, systems, groups). The sentences are our own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderkg.extract import find_organisations
from borderkg.extract.organisations import sentences


def named(text: str) -> set[tuple[str, str]]:
    return {(m.role, m.name) for m in find_organisations(text)}


def test_roles_from_the_sentence() -> None:
    got = named("The action is funded by the Government of Japan and carried out in partnership "
                "with Ukraine's State Border Guard Service and the Nigerian Immigration Service "
                "(NIS).")
    assert got == {("funding", "Government of Japan"),
                   ("partner", "State Border Guard Service of Ukraine"),
                   ("partner", "Nigerian Immigration Service (NIS)")}


def test_acronym_defined_on_the_page_names_the_same_body() -> None:
    mentions = find_organisations("Officers of the Ghana Immigration Service (GIS) took part. "
                                  "Later, GIS opened two posts.")
    assert {m.name for m in mentions} == {"Ghana Immigration Service (GIS)"}


def test_meeting_roles_and_lists() -> None:
    got = named("The State Border Committee of Belarus hosted the workshop, held with the "
                "support of the European External Action Service and DG HOME. It gathered "
                "representatives from Frontex, EUBAM, international organizations (ICMPD, "
                "UNHCR) and civil society.")
    assert got == {("host", "State Border Committee of Belarus"),
                   ("supporter", "European External Action Service"), ("supporter", "DG HOME"),
                   ("participant", "Frontex"), ("participant", "EUBAM"),
                   ("participant", "ICMPD"), ("participant", "UNHCR")}


def test_iom_office_after_a_comma() -> None:
    got = named("Support came from the International Organization for Migration (IOM), Mission "
                "in Moldova, under a regional programme.")
    assert got == {("mentioned", "IOM Mission in Moldova")}


def test_names_with_commas_defined_by_an_acronym() -> None:
    got = named("The U.S. Government's Bureau of Population, Refugees, and Migration (PRM) "
                "financed the training of the Ministry of Interior of Georgia.")
    assert ("mentioned", "Bureau of Population, Refugees, and Migration (PRM)") in got or \
        ("funding", "Bureau of Population, Refugees, and Migration (PRM)") in got
    assert ("beneficiary", "Ministry of Interior of Georgia") in got


def test_french_and_spanish() -> None:
    assert named("Le projet est financé par l'Union européenne et mis en œuvre par "
                 "l'Organisation internationale pour les migrations (OIM).") == {
        ("funding", "Union européenne"),
        ("implementing", "Organisation internationale pour les migrations (OIM)")}
    assert ("funding", "Unión Europea") in named("El proyecto, financiado por la Unión Europea, "
                                                 "apoya a la policía.")


@pytest.mark.parametrize("text", [
    "As Maria Kovalenko, Deputy Head of Division, said, the approach works.",  # a person
    "Officials met in Chisinau and Odesa to plan the work.",  # places
    "IOM installed the Migration Information and Data Analysis System (MIDAS) and PIRS.",
    "Experts from EU Member States and the Eastern Partnership Panel on Migration attended.",
    "The Permanent Regional Forum for Heads of Border Services was established.",
    "Integrated Border Management (IBM) is the approach of the Action Plan.",
])
def test_no_people_places_systems_groups_or_events(text: str) -> None:
    names = {m.name for m in find_organisations(text)}
    assert names <= {"IOM"}, names


def test_sentences_keep_initials_and_end_at_headings() -> None:
    assert sentences("Who we are\nThe U.S. Government funds it. It works.") == [
        "Who we are", "The U.S. Government funds it.", "It works."]


def test_french_and_spanish_names_in_sentence_case() -> None:
    got = named("Le projet appuie la Direction générale de la police nationale, en partenariat "
                "avec l'Agence nationale de lutte contre la traite des personnes (ANLTP).")
    assert got == {("beneficiary", "Direction générale de la police nationale"),
                   ("partner", "Agence nationale de lutte contre la traite des personnes (ANLTP)")}
    got = named("El proyecto es ejecutado por la Dirección General de Migración y Extranjería en "
                "coordinación con el Servicio nacional de fronteras (SENAFRONT).")
    assert got == {("implementing", "Dirección General de Migración y Extranjería"),
                   ("partner", "Servicio nacional de fronteras (SENAFRONT)")}


def test_cue_that_opens_the_sentence() -> None:
    assert named("Con el apoyo de la Policía Nacional de Colombia, la formación tuvo lugar.") == \
        {("supporter", "Policía Nacional de Colombia")}
    assert named("Avec le soutien du Gouvernement du Japon, les agents ont été formés.") == \
        {("supporter", "Gouvernement du Japon")}
    assert named("Funded by the European Union, the action trains the Border Police.") == \
        {("funding", "European Union"), ("beneficiary", "Border Police")}


def test_a_name_that_opens_a_clause_takes_no_role_from_before_the_comma() -> None:
    assert named("With the support of the Government of Japan, IOM trained border officials.") == \
        {("supporter", "Government of Japan"), ("mentioned", "IOM")}


def test_navigation_words_are_not_names_but_capitalised_acronyms_are() -> None:
    assert named("IOM Mission Home") == set()
    assert ("supporter", "DG HOME") in named("The panel was held with the support of DG HOME.")


def test_a_heading_in_capitals_is_not_an_acronym() -> None:
    assert named("WHO WE ARE Frontex trains border guards.") == {("mentioned", "Frontex")}
    assert ("participant", "WHO") in named("Representatives of IOM, UNHCR and WHO attended.")


def test_a_cue_far_before_the_name_across_a_long_list() -> None:
    # the list between the cue and the last name is longer than the window a cue is searched in
    donors = ", ".join(f"the Ministry of Foreign Affairs of {c}" for c in
                       ("Austria", "Belgium", "Denmark", "Finland", "Ireland", "Norway", "Sweden"))
    got = named(f"In a long preamble about border posts and their staff, the work was funded by "
                f"{donors} and the European Union.")
    assert ("funding", "European Union") in got
    assert ("funding", "Ministry of Foreign Affairs of Sweden") in got


def test_a_cue_must_end_right_before_the_name() -> None:
    assert named("Funded by the ministry's budget, trainers met the Border Police of Moldova.") \
        == {("mentioned", "Border Police of Moldova")}
    long_lead = "Border officers, " * 12 + "in partnership with the State Border Service"
    assert ("partner", "State Border Service") in named(long_lead + ".")


# Words of every kind the capitalised-run scan and the role cues tell apart: capitalised,
# in capitals, connectors in any case, other words, punctuation and cue words.
_WORDS = ["Ministry", "State", "Border", "Guard", "Service", "IOM", "EU", "UNHCR", "Ukraine's",
          "of", "the", "The", "OF", "and", "de", "la", "des", "für", "&", "-", "in", "to",
          "officers", "trained", "funded", "by", "with", "support", "from", "partnership",
          "cooperation", "implemented", "jointly", "donors", "are", "include", "Financé",
          "par", "avec", "le", "financement", "du", "ORG", ",", "(", ")", ".", "’s", "l'", "12",
          "gathered", "experts", "representatives", "capacity", "benefit", "É", "Été"]
_SENTENCE = st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_SENTENCE)
def test_capitalised_runs_are_the_longest_matcher_matches(sentence: str) -> None:
    """The one-pass scan finds what spaCy's Matcher with the same patterns and greedy
    LONGEST finds (the way the runs were found before)."""
    from spacy.matcher import Matcher

    from borderkg.extract import organisations as orgs

    doc = orgs._make_doc(sentence)
    matcher = Matcher(doc.vocab)
    cap = {"TEXT": {"REGEX": orgs._CAP}}
    cap_or_connector = {"TEXT": {"REGEX": f"{orgs._CAP}|{orgs._CONNECTOR_RE.pattern}"},
                        "OP": "*"}
    matcher.add("RUN", [[cap, cap_or_connector, cap], [cap]], greedy="LONGEST")
    expected = sorted((start, end) for _, start, end in matcher(doc))
    assert [(s.start, s.end) for s in orgs._capitalised_runs(doc)] == expected


@settings(max_examples=300, deadline=None)
@given(_SENTENCE)
def test_role_cues_searched_backwards_find_what_a_forward_search_finds(lead: str) -> None:
    import re

    from borderkg.extract import organisations as orgs

    forward = [(role, re.compile(rf"(?:{pattern})\s*$", re.I))
               for role, pattern in orgs.CUE_PATTERNS]
    expected = next((role for role, cue in forward if cue.search(lead)), None)
    assert bool(orgs._ANY_CUE.search(lead)) == (expected is not None)
    assert next((role for role, cue in orgs.ROLE_CUES if cue.search(lead)), None) == expected


def test_a_sentence_seen_before_names_the_same_and_memory_is_bounded(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from borderkg.extract import organisations as orgs

    finder = orgs.OrgFinder()
    monkeypatch.setattr(orgs, "MAX_SEEN", 2)
    sentence = "The project is funded by the European Union and implemented by IOM."
    first = finder.find(sentence)
    assert [(f.name, f.role) for f in first] == [("European Union", "funding"),
                                                 ("IOM", "implementing")]
    first.clear()  # a caller's list is its own
    assert finder.find(sentence) == finder._find(sentence) != []
    for other in ("Frontex trained officers.", "EUBAM met the State Border Service.",
                  "ICMPD hosted a meeting."):
        finder.find(other)
    assert len(finder._seen) == 2 and sentence not in finder._seen
