"""Terms between rdflib and pyoxigraph, and N-Triples written without triple objects."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from borderkg.graph.build import StreamGraph
from borderkg.store import Triple, ntriples, to_ox

S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")
HOSTILE = ['a"b', "back\\slash", "nl\nret\rtab\t", "ctl\x01\x08\x0b\x0c\x1f\x7f",
           "uni é 中 \U0001f600", "\u2028\u2029", "'", "<tag>&amp;", "x" * 300]
OBJECTS = [URIRef("https://example.org/é"), BNode("b1"), Literal(1), Literal("2024", datatype=XSD.gYear),
           *(Literal(v) for v in HOSTILE), *(Literal(v, lang="fr") for v in HOSTILE)]


def oxigraph_ntriples(triples: list[Triple]) -> bytes:
    return ox.serialize([ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
                         for s, p, o in triples], format=ox.RdfFormat.N_TRIPLES) or b""


def test_ntriples_are_the_bytes_oxigraph_writes() -> None:
    triples: list[Triple] = [(S, P, o) for o in OBJECTS] + [(BNode("x"), P, S)]
    assert ntriples(triples) == oxigraph_ntriples(triples)
    assert ox.parse(ntriples(triples), format=ox.RdfFormat.N_TRIPLES) is not None


@given(st.text(max_size=50), st.sampled_from([None, "en", "es-419"]))
def test_any_literal_is_written_as_oxigraph_writes_it(value: str, lang: str | None) -> None:
    literal = Literal(value, lang=lang)
    assert ntriples([(S, P, literal)]) == oxigraph_ntriples([(S, P, literal)])


def test_a_stream_graph_writes_what_oxigraph_writes_and_keeps_what_is_asked() -> None:
    g = StreamGraph(S, keep=frozenset({str(P)}))
    other = URIRef("https://example.org/other")
    for o in OBJECTS:
        g.add(S, P, o)
        # literals also as the pyoxigraph literals the IATI builder hands over
        g.add(S, other, to_ox(o) if isinstance(o, Literal) else o)  # type: ignore[arg-type]
    g.add(S, P, None)
    g.add(S, P, Literal(""))  # empty values are no facts
    g.add(S, P, ox.Literal(""))
    expected = [t for o in OBJECTS for t in ((S, P, o), (S, other, o))]
    assert g.serialise() == oxigraph_ntriples(expected)
    assert len(g.lines) == len(expected)
    assert g.kept == [(str(S), str(P), to_ox(o).value) for o in OBJECTS]
