"""One colour per kind of node, the same on pages and in figures.

The organisation kinds of concepts.ttl, then the kinds of the projections (country, former
state, project), take the colours of a list of distinct hues in that fixed order, so a kind
keeps its colour whatever else a network holds. Beyond the list (an unknown kind, or the
communities of a large network) colours come from golden-angle hues at three lightnesses,
which do not repeat.
"""

from __future__ import annotations

import colorsys
import hashlib
from functools import cache

from rdflib import URIRef
from rdflib.namespace import SKOS

from borderkg.ontology.iris import BASE

# Kelly's colours of maximum contrast (without white and black), then Tableau's.
COLOURS = ("#f3c300", "#875692", "#f38400", "#a1caf1", "#be0032", "#c2b280", "#848482",
           "#008856", "#e68fac", "#0067a5", "#f99379", "#604e97", "#f6a600", "#b3446c",
           "#dcd300", "#882d17", "#8db600", "#654522", "#e25822", "#2b3d26", "#1f77b4",
           "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#17becf", "#bcbd22", "#7f7f7f")
PROJECTION_KINDS = ("country", "former-country", "project")


@cache
def known_kinds() -> tuple[str, ...]:
    """The organisation kinds of concepts.ttl (sorted), then the projections' own kinds."""
    from borderkg.ontology.vocab import concepts_graph

    scheme = URIRef(f"{BASE}concept/org-kind")
    kinds = sorted(str(c).rsplit("/", 1)[1] for c in concepts_graph().subjects(SKOS.inScheme,
                                                                                scheme))
    return (*kinds, *PROJECTION_KINDS)


def colour(index: int) -> str:
    """The index-th colour: the fixed list first, then hues that never repeat."""
    if 0 <= index < len(COLOURS):
        return COLOURS[index]
    step = index - len(COLOURS)
    hue = (step * 0.618033988749895) % 1.0
    lightness = (0.45, 0.6, 0.35)[step % 3]
    r, g, b = colorsys.hls_to_rgb(hue, lightness, 0.65)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def kind_colour(kind: str) -> str:
    """The colour of a kind of node (an org-kind code, 'country', 'project', ...)."""
    kinds = known_kinds()
    if kind in kinds:
        return colour(kinds.index(kind))
    digest = int(hashlib.sha256(kind.encode("utf-8")).hexdigest()[:8], 16)
    return colour(len(COLOURS) + 1000 + digest % 100_000)
