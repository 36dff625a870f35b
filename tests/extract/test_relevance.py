"""The border-management relevance tag: sector codes, keywords in three languages, evidence."""

from __future__ import annotations

from borderkg.extract.relevance import QUOTE_CONTEXT, border_relevance, criteria


def bases(sectors: list[str], *texts: str) -> list[str]:
    return [e.basis for e in border_relevance(sectors, [("description", t) for t in texts])]


def test_sectors_of_the_criteria_tag_with_their_name() -> None:
    found = border_relevance(["31220", "15190", "15190", "33120"], [])
    assert [(e.field, e.basis) for e in found] == [("sector", "IATI sector 15190"),
                                                   ("sector", "IATI sector 33120")]
    assert found[1].quote == "Trade facilitation"


def test_keywords_in_english_french_and_spanish_ignore_case_accents_and_hyphens() -> None:
    assert bases([], "Training of the State BORDER GUARD Service") == [
        'keyword "border guard" (en)']
    assert bases([], "Appui à la gestion integree des frontieres au Niger") == [
        'keyword "gestion intégrée des frontières" (fr)']
    assert bases([], "Fortalecimiento de las Aduanas y del control fronterizo") == [
        'keyword "aduanas" (es)', 'keyword "control fronterizo" (es)']
    assert bases([], "cross border trade; Cross-Border cooperation") == [
        'keyword "cross-border" (en)']  # one keyword is evidence once


def test_where_a_project_is_is_not_what_it_is_about() -> None:
    assert bases([], "A power line from the border with Mexico to Belize City") == []
    assert bases([], "The province shares its borders with four others; forestry") == []
    assert bases([], "Sustainable forestry and migration of birds") == []
    assert bases([], "Accustomsed to border-guardians") == []  # whole words only


def test_evidence_quotes_the_words_around_the_keyword_from_the_original_text() -> None:
    text = ("Straße " * 30) + "Die Grenzpolizei and the Border Police of Moldova " + ("end " * 40)
    (e,) = border_relevance([], [("description", text)])
    assert e.field == "description" and "Border Police of Moldova" in e.quote
    assert e.quote.startswith("…") and e.quote.endswith("…")
    assert len(e.quote) <= len("Border Police") + 2 * QUOTE_CONTEXT + 2


def test_evidence_is_capped() -> None:
    text = "customs, immigration, passports, visas are not, coast guard, human trafficking"
    assert len(border_relevance(["15190", "15210"], [("title", text)], limit=3)) == 3
    assert len(border_relevance(["15190", "15210"], [("title", text)])) == 5


def test_criteria_list_the_sectors_the_issue_names() -> None:
    assert {"15190", "15210", "33120"} <= set(criteria().sectors)
