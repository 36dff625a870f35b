"""GEXF 1.3 (https://gexf.net), written to the official schema: typed attributes (the measures
among them), time slices as spells on the nodes and ties active in them, and the weight of a
tie per slice as a dynamic attribute, so that Gephi's timeline shows the network change.

NetworkX writes GEXF 1.2draft with attributes the 1.3 schema refuses, hence this writer. In a
dynamic graph a node lives only in its spells: the slices it is in, else the years of its own
projects; a node with neither (undated projects) is left out of the dynamic file (and so are
ties with neither), and the file's description says how many nodes were.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
from lxml import etree

NS = "http://gexf.net/1.3"
LIST_SEPARATOR = " | "  # as in the other network formats (borderkg.network.io)
_SKIP = {"slices", "slice_weights", "label"}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _type(values: Iterable[object]) -> str:
    kinds = {type(v) for v in values}
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    return "string"


def _text(value: object) -> str:
    """A value as GEXF text; characters that XML cannot hold become spaces."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set)):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    return _NOT_XML.sub(" ", str(value))


def _present(value: object) -> bool:
    return not (value is None or value == "" or value == [] or
                (isinstance(value, float) and math.isnan(value)))


def _spans(names: Iterable[str]) -> list[tuple[int, int]]:
    out = []
    for name in names:
        start, _, end = str(name).partition("-")
        out.append((int(start), int(end or start)))
    return out


def _runs(years: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive years as intervals: 2001, 2002, 2005 -> (2001, 2002), (2005, 2005)."""
    out: list[tuple[int, int]] = []
    for y in sorted(set(years)):
        if out and y == out[-1][1] + 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out


def _active(attrs: dict[str, object]) -> list[tuple[int, int]]:
    """When a node or tie is active: the slices it is in, else the years of its projects."""
    slices = attrs.get("slices")
    if isinstance(slices, list) and slices:
        return _spans(slices)
    years = attrs.get("years")
    return _runs(int(y) for y in years) if isinstance(years, list) else []


def _declare(graph: etree._Element, cls: str, items: list[dict[str, object]],
             dynamic: bool) -> dict[str, str]:
    keys = sorted({k for a in items for k, v in a.items() if k not in _SKIP and _present(v)})
    block = etree.SubElement(graph, f"{{{NS}}}attributes", {"class": cls, "mode": "static"})
    ids: dict[str, str] = {}
    for i, key in enumerate(keys):
        ids[key] = str(i)
        values = [a[key] for a in items if key in a and _present(a[key])]
        etree.SubElement(block, f"{{{NS}}}attribute",
                         {"id": str(i), "title": key, "type": _type(values)})
    if dynamic and cls == "edge":
        timed = etree.SubElement(graph, f"{{{NS}}}attributes", {"class": cls, "mode": "dynamic"})
        ids["slice_weight"] = "slice_weight"
        etree.SubElement(timed, f"{{{NS}}}attribute",
                         {"id": "slice_weight", "title": "slice_weight", "type": "double"})
    return ids


def _values(el: etree._Element, attrs: dict[str, object], ids: dict[str, str]) -> None:
    values = etree.SubElement(el, f"{{{NS}}}attvalues")
    for key, value in sorted(attrs.items()):
        if key in ids and key not in _SKIP and _present(value):
            etree.SubElement(values, f"{{{NS}}}attvalue", {"for": ids[key], "value": _text(value)})


def _spells(el: etree._Element, spans: list[tuple[int, int]]) -> None:
    block = etree.SubElement(el, f"{{{NS}}}spells")
    for start, end in spans:
        etree.SubElement(block, f"{{{NS}}}spell", {"start": str(start), "end": str(end)})


def gexf_tree(g: nx.Graph, *, description: str = "") -> etree._ElementTree:
    """The GEXF 1.3 document of a graph (dynamic where its nodes carry 'slices')."""
    dynamic = any(a.get("slices") for _, a in g.nodes(data=True))
    spans = {n: _active(a) for n, a in g.nodes(data=True)} if dynamic else {}
    nodes = [n for n in g if not dynamic or spans[n]]
    left_out = g.number_of_nodes() - len(nodes)
    kept = set(nodes)
    edges = [(s, t, a) for s, t, a in g.edges(data=True) if s in kept and t in kept
             and (not dynamic or _active(a))]
    root = etree.Element(f"{{{NS}}}gexf", nsmap={None: NS}, version="1.3")
    meta = etree.SubElement(root, f"{{{NS}}}meta")
    etree.SubElement(meta, f"{{{NS}}}creator").text = "BorderKG"
    if left_out:
        description = (f"{description} " if description else "") + (
            f"{left_out} node(s) with no dated project are left out of this dynamic graph.")
    if description:
        etree.SubElement(meta, f"{{{NS}}}description").text = description
    graph = etree.SubElement(root, f"{{{NS}}}graph", {
        "defaultedgetype": "directed" if g.is_directed() else "undirected",
        "mode": "dynamic" if dynamic else "static", "idtype": "string"})
    if dynamic:
        graph.set("timeformat", "integer")
        graph.set("timerepresentation", "interval")
    node_ids = _declare(graph, "node", [g.nodes[n] for n in nodes], dynamic)
    edge_ids = _declare(graph, "edge", [a for _, _, a in edges], dynamic)
    node_block = etree.SubElement(graph, f"{{{NS}}}nodes", count=str(len(nodes)))
    for n in nodes:
        a = g.nodes[n]
        el = etree.SubElement(node_block, f"{{{NS}}}node",
                              {"id": _text(n), "label": " ".join(_text(a.get("label", n)).split())})
        _values(el, a, node_ids)
        if dynamic:
            _spells(el, spans[n])
    edge_block = etree.SubElement(graph, f"{{{NS}}}edges", count=str(len(edges)))
    for i, (s, t, a) in enumerate(edges):
        el = etree.SubElement(edge_block, f"{{{NS}}}edge", {
            "id": f"e{i}", "source": _text(s), "target": _text(t),
            "weight": _text(float(a.get("weight", 1.0)))})
        _values(el, a, edge_ids)
        if not dynamic:
            continue
        values = el.find(f"{{{NS}}}attvalues")
        assert values is not None
        for name, (start, end) in zip(a.get("slices") or [], _spans(a.get("slices") or []),
                                      strict=True):
            etree.SubElement(values, f"{{{NS}}}attvalue", {
                "for": "slice_weight", "value": _text(float(a["slice_weights"][name])),
                "start": str(start), "end": str(end)})
        _spells(el, _active(a))
    return etree.ElementTree(root)


def write_gexf(g: nx.Graph, path: Path, *, description: str = "") -> Path:
    """Write a graph as GEXF 1.3."""
    gexf_tree(g, description=description).write(
        str(path), xml_declaration=True, encoding="utf-8", pretty_print=True)
    return path
