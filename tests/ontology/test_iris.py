"""IRIs are minted in one place and are deterministic."""

from __future__ import annotations

from borderkg.ontology import iris
from borderkg.textnorm import slugify


def test_project_keys_prefer_identifiers() -> None:
    assert iris.project_key(iom_project_id="T75-805", title="X", year="2001") == "iom-t75-805"
    assert iris.project_key(iati_identifier="XM-DAC-47066-IB.0213") == "iati-xm-dac-47066-ib-0213"
    assert iris.project_key(title="Integrated Border Management", year="2009") == \
        "integrated-border-management-2009"
    assert iris.project_key(derived_label="Untitled project (2020)") == "untitled-project-2020"


def test_iris() -> None:
    assert str(iris.country("xk")) == "https://w3id.org/borderkg/id/country/XK"
    assert str(iris.concept("role", "funding")) == "https://w3id.org/borderkg/id/concept/role/funding"
    assert iris.participation("s", "p", "funding", "o") == iris.participation("s", "p", "funding", "o")
    assert iris.participation("s", "p", "funding", "o") != iris.participation("s", "p", "partner", "o")
    assert iris.key_of(str(iris.project("abc"))) == "abc"


def test_slugs_are_ascii_and_bounded() -> None:
    assert slugify("Türkiye & Ukraine – 2019") == "turkiye-and-ukraine-2019"
    assert len(slugify("word " * 100)) <= 80
