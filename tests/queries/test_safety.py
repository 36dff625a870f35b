"""Ad-hoc queries never reach outside the store."""

from __future__ import annotations

import pytest

from borderkg.queries.safety import UnsafeQueryError, check_query


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://x> { ?s ?p ?o } } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK FROM <http://example.org/g> { ?s ?p ?o }",
    "LOAD <file:///etc/passwd>",
    "DROP ALL",
    "not sparql at all",
])
def test_refused(query: str) -> None:
    with pytest.raises(UnsafeQueryError):
        check_query(query)


@pytest.mark.parametrize(("query", "form"), [
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "select"),
    ("ASK { ?s ?p ?o }", "ask"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "construct"),
    ("DESCRIBE <https://w3id.org/borderkg/id/org/iom>", "describe"),
])
def test_allowed(query: str, form: str) -> None:
    assert check_query(query) == form
