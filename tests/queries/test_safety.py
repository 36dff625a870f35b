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
    # Oxigraph ends a comment at CR, rdflib only at LF: the SERVICE would run unseen by rdflib
    "SELECT * WHERE { ?a ?b ?c # note\r SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o }\n }",
    "SELECT * WHERE { ?a ?b ?c # note\r\n SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "SELECT * WHERE { service<http://127.0.0.1:9/x>{ ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "SELECT * WHERE { FILTER NOT EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <a:a> <a:b> <a:c> }",
    "INSERT DATA { <a:a> <a:b> <a:c> }",
    "SELECT * WHERE { ?s ?p ?o }\x00",
    "SELECT * WHERE { ?s ?p ?o } # " + "x" * 1_000_001,
])
def test_refused(query: str) -> None:
    with pytest.raises(UnsafeQueryError):
        check_query(query)


@pytest.mark.parametrize(("query", "form"), [
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "select"),
    ("ASK { ?s ?p ?o }", "ask"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "construct"),
    ("DESCRIBE <https://w3id.org/borderkg/id/org/iom>", "describe"),
    # the forbidden words inside strings, IRIs, comments, variables and prefixed names
    ("SELECT ?from WHERE { ?s <http://x/SERVICE> ?from FILTER(?from != 'LOAD FROM') } # DROP",
     "select"),
    ('PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:from ?o FILTER(?o = """SERVICE""") }',
     "select"),
    ("SELECT * WHERE { ?s ?p '\\u0053ERVICE' }", "select"),
])
def test_allowed(query: str, form: str) -> None:
    assert check_query(query).form == form


def test_the_text_to_run_has_no_carriage_return() -> None:
    checked = check_query("SELECT * WHERE { ?s ?p ?o } # note\r\n")
    assert "\r" not in checked.text and checked.text.endswith("# note\n")


def test_every_library_query_passes_the_check() -> None:
    from borderkg.queries import library

    for name in library.names():
        assert check_query(library.load(name).text).form == "select", name


def test_updates_for_a_writer_stay_inside_the_store() -> None:
    from borderkg.queries.safety import check_update

    ok = "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 'LOAD SERVICE' } }\r\n"
    assert check_update(ok) == ok.replace("\r\n", "\n")  # words in strings are text
    for bad in ("LOAD <http://127.0.0.1:9/> INTO GRAPH <urn:g>",
                "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                "load <file:///etc/passwd>", "INSERT DATA { nonsense", "SELECT * WHERE {}"):
        with pytest.raises(UnsafeQueryError):
            check_update(bad)
