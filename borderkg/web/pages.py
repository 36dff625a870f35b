"""The HTML page of a resource (/id/...): its label and kinds, its facts with the source of
each, and what refers to it. Pure: rows in, a page out; every value is escaped, and only IRIs
of BorderKG become links (to their own pages on this server)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import pyoxigraph as ox

from borderkg.store import OxTerm, Rows

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

BASE = "https://w3id.org/borderkg/"
LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel",
          "https://w3id.org/borderkg/ontology#title", "http://www.w3.org/2000/01/rdf-schema#label")
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
STYLE = ("body{font:15px/1.45 system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em}"
         "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;"
         "padding:.3em .5em;text-align:left;vertical-align:top}code{font-size:90%}")


def local_path(iri: str) -> str | None:
    """The path on this server of a BorderKG IRI (/id/org/frontex), else None."""
    if iri.startswith(BASE + "id/"):
        return "/" + iri[len(BASE):].split("#")[0]
    if iri.startswith(BASE + "ontology"):
        return "/" + iri[len(BASE):]  # /ontology#Project: the term's row on the ontology page
    return None


def short(iri: str, prefixes: dict[str, str]) -> str:
    """An IRI as prefix:name where a prefix covers it."""
    for prefix, ns in sorted(prefixes.items(), key=lambda p: -len(p[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _cell(term: OxTerm | None, prefixes: dict[str, str], label: str | None = None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        text = escape(label or short(term.value, prefixes))
        path = local_path(term.value)
        return f'<a href="{escape(path)}">{text}</a>' if path else f"<code>{text}</code>"
    if isinstance(term, ox.Literal):
        lang = f' <small>@{escape(term.language)}</small>' if term.language else ""
        return escape(term.value) + lang
    return f"<code>_:{escape(term.value)}</code>"


def resource_page(iri: str, facts: Rows, links: Rows, prefixes: dict[str, str]) -> str:
    """The page of `iri` from its facts (resource-out.rq) and what refers to it
    (resource-in.rq)."""
    out = facts.ox_terms()
    label = next((v.value for _, p, v, *_ in out if p is not None and p.value in LABELS
                  and isinstance(v, ox.Literal)), short(iri, prefixes))
    kinds = sorted({short(v.value, prefixes) for _, p, v, *_ in out
                    if p is not None and p.value == TYPE and isinstance(v, ox.NamedNode)})
    rows = "".join(f"<tr><td>{_cell(p, prefixes)}</td><td>{_cell(v, prefixes)}</td>"
                   f"<td>{_cell(s if s is not None else g, prefixes)}</td></tr>"
                   for _, p, v, g, s in out)
    back = "".join(
        f"<tr><td>{_cell(s, prefixes, lab.value if isinstance(lab, ox.Literal) else None)}</td>"
        f"<td>{_cell(p, prefixes)}</td></tr>" for _, p, s, lab in links.ox_terms())
    path = escape(local_path(iri) or "")
    formats = " · ".join(f'<a href="{path}?format={f}">{n}</a>' for f, n in (
        ("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("ntriples", "N-Triples")))
    return (f'<!doctype html><html lang="en"><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            f"style-src 'unsafe-inline'\"><title>{escape(label)} · BorderKG</title>"
            f"<style>{STYLE}</style><h1>{escape(label)}</h1><p><code>{escape(iri)}</code>"
            f"<br>{escape(', '.join(kinds))}</p><p>As {formats}</p>"
            f"<h2>Facts</h2><table><tr><th>property</th><th>value</th><th>source</th></tr>"
            f"{rows}</table><h2>Referred to by</h2><table><tr><th>resource</th>"
            f"<th>property</th></tr>{back}</table></html>")


def ontology_page(turtle: bytes) -> str:
    """The ontology's documentation page: each class and property with its label and
    definition, from borderkg.ttl."""
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF

    g = Graph().parse(data=turtle, format="turtle")
    sections = []
    for title, kind in (("Classes", OWL.Class), ("Object properties", OWL.ObjectProperty),
                        ("Datatype properties", OWL.DatatypeProperty)):
        terms = sorted(t for t in g.subjects(RDF.type, kind) if isinstance(t, type(kind))
                       and str(t).startswith(BASE))
        rows = "".join(_term_row(g, t) for t in terms)
        sections.append(f"<h2>{title}</h2><table><tr><th>term</th><th>label</th>"
                        f"<th>definition</th></tr>{rows}</table>")
    return (f'<!doctype html><html lang="en"><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            f"style-src 'unsafe-inline'\"><title>BorderKG ontology</title><style>{STYLE}</style>"
            f"<h1>BorderKG ontology</h1><p><code>{BASE}ontology#</code> · as "
            f'<a href="/ontology?format=turtle">Turtle</a></p>{"".join(sections)}</html>')


def _term_row(g: Graph, term: URIRef) -> str:
    from rdflib.namespace import RDFS, SKOS

    name = escape(str(term).split("#")[-1])
    label = escape(str(g.value(term, RDFS.label) or ""))
    definition = escape(str(g.value(term, SKOS.definition) or ""))
    return (f'<tr id="{name}"><td><code>bkg:{name}</code></td><td>{label}</td>'
            f"<td>{definition}</td></tr>")




def query_page(examples: list[dict[str, object]]) -> str:
    """The query page at /: an editor, the library's questions as examples with their
    parameters, results as a table, a link to share the query. Self-contained (no request but
    its own queries), everything from the library shown as text."""
    import json

    data = json.dumps(examples, ensure_ascii=True).replace("<", "\\u003c")
    return (f'<!doctype html><html lang="en"><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            f"script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'\">"
            f"<title>BorderKG SPARQL</title><style>{STYLE}textarea{{width:100%;height:16em;"
            f"font:13px monospace}}label{{display:block;margin:.3em 0}}input{{width:30em}}"
            f"</style><h1>BorderKG SPARQL</h1><p>Endpoint: <code>/sparql</code> (read-only) · "
            f'<a href="ontology">ontology</a></p><p><select id="examples"><option value="">'
            f'an example question…</option></select></p><p id="about"></p><div id="params">'
            f'</div><textarea id="query" spellcheck="false">SELECT * WHERE {{ ?s ?p ?o }} '
            f'LIMIT 10</textarea><p><button id="run">Run</button> <span id="count"></span> · '
            f'<a id="share" href="#">link to this query</a></p><div id="results"></div>'
            f'<script type="application/json" id="examples-data">{data}</script>'
            f"<script>{_script()}</script></html>")


def _script() -> str:
    from importlib import resources

    return resources.files("borderkg.web").joinpath("query.js").read_text("utf-8")
