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
both directions. The counts are made per group pair (not per pair of nodes), so a hub costs
the ties among its neighbours, not the square of its degree.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Hashable, Iterable

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


def _out(g: nx.Graph, n: Hashable) -> Iterable[Hashable]:
    found: Iterable[Hashable] = g.successors(n) if g.is_directed() else g.neighbors(n)
    return found


def _in(g: nx.Graph, n: Hashable) -> Iterable[Hashable]:
    found: Iterable[Hashable] = g.predecessors(n) if g.is_directed() else g.neighbors(n)
    return found


def brokerage(g: nx.Graph, group: str = "kind") -> dict[Hashable, dict[str, int]]:
    """Each node's counts of the five brokerage roles (keys brokerage_coordinator, ...),
    with nodes grouped by the node attribute `group` (a node without it is its own group)."""
    of = {n: g.nodes[n].get(group, ("no group", n)) for n in g}
    out: dict[Hashable, dict[str, int]] = {}
    for j in g:
        before = [i for i in _in(g, j) if i != j]
        after = {k for k in _out(g, j) if k != j}
        pairs: Counter[tuple[Hashable, Hashable]] = Counter()
        after_groups = Counter(of[k] for k in after)
        for i in before:
            for gk, count in after_groups.items():
                pairs[of[i], gk] += count
            if i in after:  # i -> j -> i is no brokerage
                pairs[of[i], of[i]] -= 1
            for k in _out(g, i):  # i -> k already tied: j brokers nothing between them
                if k != i and k in after:
                    pairs[of[i], of[k]] -= 1
        counts = dict.fromkeys(COLUMNS, 0)
        for (gi, gk), count in pairs.items():
            counts[f"brokerage_{role(gi, of[j], gk)}"] += count
        out[j] = counts
    return out


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
