"""Content negotiation for the SPARQL endpoint: an Accept header (or a `format` parameter) and
the form of the query -> the result format and its media type. Pure: strings in, names out."""

from __future__ import annotations

# format name (as borderkg.queries.formats names it) -> media type; the first is the default
ROW_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
             "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples",
               "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml",
           "text/plain": "ntriples", "application/x-turtle": "turtle"}


class NotAcceptableError(ValueError):
    """No format the client accepts can carry this kind of result."""


def _accepted(header: str) -> list[tuple[float, int, str]]:
    """The media ranges of an Accept header as (quality, order, range), best first."""
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, i, media.lower()))
    return sorted(ranges)


def choose(form: str, accept: str | None, fmt: str | None = None) -> tuple[str, str]:
    """The (format, media type) for a result of `form` (select, ask, construct, describe):
    the `format` parameter if given, else the best Accept range that fits, else the default
    (SPARQL JSON for rows and booleans, Turtle for graphs)."""
    types = GRAPH_TYPES if form in ("construct", "describe") else ROW_TYPES
    if fmt:
        if fmt not in types:
            raise NotAcceptableError(f"a {form.upper()} result cannot be given as {fmt!r}; "
                                f"choose {', '.join(types)}")
        return fmt, types[fmt]
    by_type = {media: name for name, media in types.items()}
    by_type.update({m: n for m, n in ALIASES.items() if n in types})
    for _, _, media in _accepted(accept or "*/*"):
        if media.endswith("/*"):  # */*, text/*, application/*: the first type it covers
            covered = [n for n, t in types.items() if media == "*/*" or t.startswith(media[:-1])]
            if covered:
                return covered[0], types[covered[0]]
        elif media in by_type:
            return by_type[media], types[by_type[media]]
    raise NotAcceptableError(f"none of the accepted types ({accept}) can carry a {form.upper()} "
                        f"result; this endpoint gives {', '.join(types.values())}")
