"""Reading and writing networks: GEXF 1.3 (borderkg.network.gexf), GraphML, CSV node and
edge lists, node-link JSON. Lists and mappings are stringified so that every writer accepts
them ('a | b', JSON for mappings); `read_network` reverses that."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from borderkg.network.gexf import LIST_SEPARATOR, write_gexf

FORMATS = {".gexf": "gexf", ".graphml": "graphml", ".csv": "csv", ".json": "json"}


def _flat(value: object) -> object:
    if isinstance(value, (list, tuple, set)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    if value is None:
        return ""
    return value


def flatten(g: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all strings or numbers."""
    h = g.__class__()
    h.graph.update({k: _flat(v) for k, v in g.graph.items()})
    for n, attrs in g.nodes(data=True):
        h.add_node(n, **{k: _flat(v) for k, v in attrs.items()})
    for a, b, attrs in g.edges(data=True):
        h.add_edge(a, b, **{k: _flat(v) for k, v in attrs.items()})
    return h


def write_network(g: nx.Graph, path: Path) -> list[Path]:
    """Write a network in the format its suffix names; returns the files written."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown network format; use {', '.join(FORMATS)}")
    if fmt == "gexf":
        return [write_gexf(g, path)]
    if fmt == "graphml":
        nx.write_graphml(flatten(g), path)
        return [path]
    if fmt == "json":
        data = nx.node_link_data(flatten(g), edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
        return [path]
    return write_csv(g, path)


def write_csv(g: nx.Graph, path: Path) -> list[Path]:
    """Node and edge lists: NAME-nodes.csv and NAME-edges.csv beside `path`."""
    h = flatten(g)
    nodes_path = path.with_name(f"{path.stem}-nodes.csv")
    edges_path = path.with_name(f"{path.stem}-edges.csv")
    node_keys = sorted({k for _, a in h.nodes(data=True) for k in a})
    edge_keys = sorted({k for _, _, a in h.edges(data=True) for k in a})
    with nodes_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", *node_keys])
        for n, a in sorted(h.nodes(data=True)):
            w.writerow([n, *(a.get(k, "") for k in node_keys)])
    with edges_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", *edge_keys])
        for s, t, a in sorted(h.edges(data=True)):
            w.writerow([s, t, *(a.get(k, "") for k in edge_keys)])
    return [nodes_path, edges_path]


def read_network(path: Path, *, directed: bool = False) -> nx.Graph:
    """Read back a network written by write_network (CSV: give the NAME.csv path)."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt == "gexf":
        return nx.read_gexf(path, version="1.3")
    if fmt == "graphml":
        return nx.read_graphml(path)
    if fmt == "json":
        return nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="edges")
    if fmt == "csv":
        g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
        with path.with_name(f"{path.stem}-nodes.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                g.add_node(row.pop("id"), **row)
        with path.with_name(f"{path.stem}-edges.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                g.add_edge(row.pop("source"), row.pop("target"), **row)
        return g
    raise ValueError(f"{path}: unknown network format")
