"""Reference organisations: identifiers checked against the IATI data on hand, parents, kinds."""

from __future__ import annotations

from borderkg.ontology.vocab import concept_index, kind_class
from borderkg.reference import load_countries, load_organisations
from tests.conftest import IATI, need_shared


def test_iati_identifiers_are_in_the_data_on_hand() -> None:
    folder = need_shared(IATI / "real")
    text = "".join(p.read_text("utf-8", errors="ignore") for p in sorted(folder.glob("*.xml")))
    for entry in load_organisations().values():
        if entry.iati:
            assert f'ref="{entry.iati}"' in text, entry.key


def test_parents_kinds_and_countries_exist() -> None:
    orgs = load_organisations()
    kinds = set(concept_index("org-kind").values())
    for e in orgs.values():
        assert e.parent is None or e.parent in orgs, e.key
        assert e.kind in kinds and kind_class(e.kind), e.key
        assert e.country is None or e.country in load_countries(), e.key


def test_names_are_unambiguous() -> None:
    seen: dict[str, str] = {}
    for e in load_organisations().values():
        for name in (*e.all_names(), *e.acronyms):
            assert seen.setdefault(name, e.key) == e.key, name
