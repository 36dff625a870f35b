"""Network measures: borderkg.network.metrics.compute against igraph alone on the same edges.

`compute` keeps NetworkX graphs and computes on igraph; the baseline is the same measures
called on an igraph graph built once (betweenness, PageRank, eigenvector, constraint,
multilevel communities, components). Graphs: the organisation network of the real IATI
files (when given) and random graphs the size of the synthetic co-participation networks
(500 nodes / 33k ties at 10k projects, 5,000 nodes / 623k ties at 100k).

    python benchmarks/bench_network.py --real ../shared/data/iati/real \
        --json benchmarks/results/network.json
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import networkx as nx


def igraph_alone(g: nx.Graph) -> float:
    import igraph as ig

    order = sorted(g)
    index = {n: i for i, n in enumerate(order)}
    h = ig.Graph(n=len(order), edges=[(index[a], index[b]) for a, b in g.edges()])
    h.es["weight"] = [float(d.get("weight", 1.0)) for _, _, d in g.edges(data=True)]
    start = time.perf_counter()
    n = len(order)
    if n <= 5000:
        h.betweenness(directed=False)
    else:
        h.betweenness(directed=False, sources=random.Random(42).sample(range(n), 200))
    h.pagerank(weights="weight")
    h.eigenvector_centrality(weights="weight")
    h.constraint(weights="weight")
    random.seed(42)
    h.community_multilevel(weights="weight")
    h.connected_components()
    return time.perf_counter() - start


def ours(g: nx.Graph) -> float:
    from borderkg.network.metrics import compute

    start = time.perf_counter()
    compute(g)
    return time.perf_counter() - start


def real_graph(folder: Path) -> nx.Graph:
    from borderkg.graph.ingest import ingest
    from borderkg.graph.store import Store
    from borderkg.network import projections as proj

    store = Store.open("memory")
    ingest(store, [folder])
    return proj.project(proj.load_rows(store), "organisations", proj.Filter())


def random_graph(nodes: int, ties: int) -> nx.Graph:
    g = nx.gnm_random_graph(nodes, ties, seed=7)
    g = nx.relabel_nodes(g, {n: f"org-{n}" for n in g})
    rng = random.Random(7)
    for _, _, d in g.edges(data=True):
        d["weight"] = float(rng.randint(1, 5))
    return g


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path)
    parser.add_argument("--sizes", default="500:33000,5000:623000")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    graphs: list[tuple[str, nx.Graph]] = []
    if args.real:
        graphs.append(("real IATI organisations", real_graph(args.real)))
    for size in args.sizes.split(","):
        nodes, ties = (int(x) for x in size.split(":"))
        graphs.append((f"random {nodes:,} / {ties:,}", random_graph(nodes, ties)))
    rows = []
    for name, g in graphs:
        a, b = ours(g), igraph_alone(g)
        rows.append({"graph": name, "nodes": g.number_of_nodes(), "ties": g.number_of_edges(),
                     "borderkg_s": round(a, 2), "igraph_s": round(b, 2),
                     "ratio": round(a / b, 2) if b else None})
    print("| graph | nodes | ties | borderkg s | igraph s | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['graph']} | {r['nodes']:,} | {r['ties']:,} | {r['borderkg_s']} | "
              f"{r['igraph_s']} | {r['ratio']} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
