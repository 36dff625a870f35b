"""Content negotiation: Accept headers and the format parameter against the query form."""

from __future__ import annotations

import pytest

from borderkg.web.negotiate import NotAcceptableError, choose


@pytest.mark.parametrize(("form", "accept", "expected"), [
    ("select", None, "json"),
    ("select", "*/*", "json"),
    ("select", "text/csv", "csv"),
    ("select", "text/*", "csv"),
    ("select", "application/sparql-results+xml;q=0.9, text/tab-separated-values", "tsv"),
    ("select", "text/tab-separated-values;q=0.2, application/sparql-results+xml;q=0.9", "xml"),
    ("select", "application/json", "json"),
    ("ask", "application/sparql-results+xml", "xml"),
    ("construct", None, "turtle"),
    ("construct", "application/ld+json", "jsonld"),
    ("describe", "application/n-triples, text/turtle;q=0.5", "ntriples"),
    ("construct", "application/rdf+xml", "rdfxml"),
    ("construct", "text/html, */*;q=0.1", "turtle"),
])
def test_accept(form: str, accept: str | None, expected: str) -> None:
    assert choose(form, accept)[0] == expected


def test_format_parameter_wins_and_is_checked() -> None:
    assert choose("select", "text/csv", "xml") == ("xml", "application/sparql-results+xml")
    with pytest.raises(NotAcceptableError, match="CONSTRUCT"):
        choose("construct", None, "csv")


@pytest.mark.parametrize(("form", "accept"), [("select", "image/png"),
                                              ("construct", "text/csv"),
                                              ("select", "text/csv;q=0")])
def test_not_acceptable(form: str, accept: str) -> None:
    with pytest.raises(NotAcceptableError):
        choose(form, accept)
