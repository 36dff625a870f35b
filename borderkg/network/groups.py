"""Measures of a network by group (organisation kind): Gould-Fernandez brokerage roles, the
Krackhardt-Stern E-I index and attribute assortativity.

Brokerage (Gould and Fernandez 1989, as in statnet's `brokerage`): node j brokers the ordered
pair (i, k) when i -> j -> k and there is no tie i -> k (i, j, k distinct). Its role follows
from the groups of the three:

- coordinator: i, j and k in one group;
- consultant (itinerant broker): i and k in one group, j in another;
- representative: i and j in one group, k in another (j speaks for its group);
- gatekeeper: j and k in one group, i in another (j lets others into its group);
- liaison: three different groups.

An undirected graph counts each tie both ways, so every open path i - j - k is brokered in
both directions. The counts are made per group pair with sparse matrix products, not pair by
pair in Python.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Hashable

import networkx as nx

ROLES = ("coordinator", "consultant", "representative", "gatekeeper", "liaison")
COLUMNS = tuple(f"brokerage_{r}" for r in ROLES)


def role(gi: Hashable, gj: Hashable, gk: Hashable) -> str:
    """The Gould-Fernandez role of broker j between i and k, from their groups."""
    if gi == gj == gk:
        return "coordinator"
    if gi == gk:
        return "consultant"
    if gi == gj:
        return "representative"
    if gj == gk:
        return "gatekeeper"
    return "liaison"


def brokerage(g: nx.Graph, group: str = "kind") -> dict[Hashable, dict[str, int]]:
    """Each node's counts of the five brokerage roles (keys brokerage_coordinator, ...),
    with nodes grouped by the node attribute `group` (a node without it is its own group).

    With A the adjacency (an undirected tie both ways) and group g of i, h of k, broker j
    has in(j, g) * out(j, h) two-paths, less those with i = k (mutual ties, where g = h) and
    those closed by a tie i -> k: the row sums of (A^T D_g A) * A by group, sparse products
    in compiled code."""
    import numpy as np
    import scipy.sparse as sp

    order = list(g)
    if not order:
        return {}
    index = {n: i for i, n in enumerate(order)}
    labels = [g.nodes[n].get(group, ("no group", n)) for n in order]
    names = {x: i for i, x in enumerate(dict.fromkeys(labels))}
    of = np.array([names[x] for x in labels])
    n, m = len(order), len(names)
    ties = [(index[a], index[b]) for a, b in g.edges() if a != b]
    if not g.is_directed():
        ties += [(b, a) for a, b in ties]
    rows, cols = (np.array(x, dtype=np.int64) for x in zip(*ties, strict=True)) if ties else (
        np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    adj = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    adj.data[:] = 1.0
    member = sp.csr_matrix((np.ones(n), (np.arange(n), of)), shape=(n, m))
    into = np.asarray((adj.T @ member).todense())  # in(j, g)
    out = np.asarray((adj @ member).todense())  # out(j, h)
    pairs = into[:, :, None] * out[:, None, :]
    mutual = np.asarray((adj.multiply(adj.T).T @ member).todense())
    pairs[:, np.arange(m), np.arange(m)] -= mutual
    for x in range(m):
        picked = sp.diags((of == x).astype(float))
        closed = (adj.T @ picked @ adj).multiply(adj)
        pairs[:, x, :] -= np.asarray((closed @ member).todense())
    gi, gk = np.meshgrid(np.arange(m), np.arange(m), indexing="ij")
    result: dict[Hashable, dict[str, int]] = {}
    for j, node in enumerate(order):
        gj = of[j]
        masks = {"coordinator": (gi == gj) & (gk == gj), "consultant": (gi == gk) & (gi != gj),
                 "representative": (gi == gj) & (gk != gj),
                 "gatekeeper": (gk == gj) & (gi != gj),
                 "liaison": (gi != gj) & (gk != gj) & (gi != gk)}
        result[node] = {f"brokerage_{r}": int(round(float(pairs[j][mask].sum())))
                        for r, mask in masks.items()}
    return result


def ei_index(g: nx.Graph, group: str = "kind") -> tuple[float, dict[str, float]]:
    """Krackhardt and Stern's E-I index, (external - internal) / (all ties), of the whole
    graph and of each group's ties: -1 all within groups, +1 all across. NaN without ties."""
    external: Counter[str] = Counter()
    internal: Counter[str] = Counter()
    for a, b in g.edges():
        if a == b:
            continue
        ga, gb = str(g.nodes[a].get(group, "")), str(g.nodes[b].get(group, ""))
        for x in {ga, gb}:
            (internal if ga == gb else external)[x] += 1
    across = sum(external.values()) // 2  # an external tie counts for both its groups
    within = sum(internal.values())
    whole = (across - within) / (across + within) if across + within else math.nan
    groups = sorted(set(external) | set(internal))
    per = {x: (external[x] - internal[x]) / (external[x] + internal[x]) for x in groups}
    return whole, per


def assortativity(g: nx.Graph, group: str = "kind") -> float:
    """Newman's attribute assortativity by group; NaN where it is undefined (one group, or
    no ties)."""
    if g.number_of_edges() == 0 or len({g.nodes[n].get(group) for n in g}) < 2:
        return math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # 0/0 when every tie crosses groups
        value = nx.attribute_assortativity_coefficient(g, group)
    return float(value)
