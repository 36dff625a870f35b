"""Projections of the knowledge graph into NetworkX graphs, built from SPARQL results.

`load_rows` runs three SPARQL queries (participations, beneficiary countries, budgets) and
returns plain rows; filters and projections are pure functions of those rows. Node ids are
IRIs, the same in every projection and time slice. Every edge carries the projects behind it
and their sources, so that it can be traced back.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import combinations

import networkx as nx

from borderkg.ontology import iris
from borderkg.queries import library
from borderkg.store import Store

KINDS = ("organisations", "countries", "bipartite", "events", "flows")
IMPLEMENTING = {"implementing", "coordinator"}


@dataclass(frozen=True)
class Participation:
    """One organisation in one project (or event) in one role, according to one source;
    `evidence` says which ('projects' or 'events')."""

    project: str
    project_label: str
    start_year: int | None
    end_year: int | None
    project_type: str | None
    organisation: str
    organisation_label: str
    kind: str
    kind_label: str
    organisation_country: str | None
    role: str
    source: str
    evidence: str = "projects"
    relevant: bool = False  # the project or event is tagged as border management


@dataclass
class NetworkData:
    """What the projections are built from: participations, countries and budgets."""

    participations: list[Participation] = field(default_factory=list)
    countries: dict[str, set[str]] = field(default_factory=dict)  # project -> ISO codes
    country_labels: dict[str, str] = field(default_factory=dict)
    former: set[str] = field(default_factory=set)
    budgets: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # project -> cur -> amt

    def projects(self) -> dict[str, Participation]:
        """One participation per project, for its label, years and type."""
        out: dict[str, Participation] = {}
        for p in self.participations:
            out.setdefault(p.project, p)
        return out


@dataclass(frozen=True)
class Filter:
    """Which participations a projection keeps. A period keeps projects whose years overlap it
    (projects without dates are left out once a period is given)."""

    from_year: int | None = None
    to_year: int | None = None
    roles: frozenset[str] = frozenset()
    org_kinds: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    project_types: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    evidence: str = "all"  # projects | events | all: which ties count as cooperation
    relevant_only: bool = False  # only projects and events tagged as border management

    def keeps_project(self, p: Participation, countries: set[str]) -> bool:
        if self.relevant_only and not p.relevant:
            return False
        if self.from_year is not None or self.to_year is not None:
            if p.start_year is None:
                return False
            end = p.end_year if p.end_year is not None else p.start_year
            if self.from_year is not None and end < self.from_year:
                return False
            if self.to_year is not None and p.start_year > self.to_year:
                return False
        if self.project_types and (p.project_type or "").lower() not in self.project_types:
            return False
        return not self.countries or bool(countries & self.countries)

    def keeps(self, p: Participation, countries: set[str]) -> bool:
        return ((self.evidence == "all" or p.evidence == self.evidence)
                and self.keeps_project(p, countries)
                and (not self.roles or p.role in self.roles)
                and (not self.org_kinds or p.kind in self.org_kinds
                     or p.kind_label.lower() in self.org_kinds)
                and (not self.sources or p.source in self.sources))


def _text(value: object) -> str | None:
    return str(value) if value is not None else None


def _year(value: object) -> int | None:
    return int(str(value)) if value is not None and str(value).isdigit() else None


def _rows(store: Store, name: str) -> list[dict[str, object]]:
    return store.select(library.load(name, folder="network").text).value_dicts()  # type: ignore[return-value]


def load_rows(store: Store) -> NetworkData:
    """The rows of the network queries (participations, organisations, projects, countries,
    budgets), joined here."""
    data = NetworkData()
    orgs = {str(r["organisation"]): r for r in _rows(store, "organisation-rows")}
    projects = {str(r["project"]): r for r in _rows(store, "project-rows")}
    for r in _rows(store, "participation-rows"):
        o, p = orgs.get(str(r["organisation"]), {}), projects.get(str(r["project"]), {})
        data.participations.append(Participation(
            project=str(r["project"]),
            project_label=str(p.get("project_label") or r["project"]),
            start_year=_year(p.get("start_year")), end_year=_year(p.get("end_year")),
            project_type=_text(p.get("project_type")),
            organisation=str(r["organisation"]),
            organisation_label=str(o.get("organisation_label") or r["organisation"]),
            kind=str(o.get("kind") or "organisation"),
            kind_label=str(o.get("kind_label") or "organisation"),
            organisation_country=_text(o.get("organisation_country")),
            role=str(r["role"]), source=str(r["source"]),
            evidence=str(r.get("evidence") or "projects"),
            relevant=p.get("relevant") is not None,
        ))
    for r in _rows(store, "project-countries"):
        data.countries.setdefault(str(r["project"]), set()).add(str(r["country"]))
        data.country_labels[str(r["country"])] = str(r["country_label"] or r["country"])
        if str(r["former"]) == "true":
            data.former.add(str(r["country"]))
    for r in _rows(store, "project-budgets"):
        amounts = data.budgets.setdefault(str(r["project"]), {})
        amounts[str(r["currency"])] = Decimal(str(r["amount"]))
    return data


def select(data: NetworkData, flt: Filter, *, evidence: str | None = None
           ) -> list[Participation]:
    """The participations a filter keeps (only those of one kind of evidence, if given: the
    country, bipartite and flow projections are about projects)."""
    return [p for p in data.participations if flt.keeps(p, data.countries.get(p.project, set()))
            and (evidence is None or p.evidence == evidence)]


def _org_node(g: nx.Graph, p: Participation, data: NetworkData) -> None:
    if p.organisation not in g:
        g.add_node(p.organisation, label=p.organisation_label, type="organisation", kind=p.kind,
                   kind_label=p.kind_label, country=p.organisation_country or "",
                   iri=p.organisation, projects=[], countries=[], years=[])
    node = g.nodes[p.organisation]
    if p.project not in node["projects"]:
        node["projects"].append(p.project)
    for c in sorted(data.countries.get(p.project, set())):
        if c not in node["countries"]:
            node["countries"].append(c)
    for y in _years(p):
        if y not in node["years"]:
            node["years"].append(y)


def _country_node(g: nx.Graph, code: str, data: NetworkData) -> str:
    node = str(iris.country(code))
    if node not in g:
        g.add_node(node, label=data.country_labels.get(code, code), type="country",
                   kind="former-country" if code in data.former else "country",
                   kind_label="former state" if code in data.former else "country",
                   country=code, iri=node, projects=[], years=[])
    return node


def _years(p: Participation) -> list[int]:
    if p.start_year is None:
        return []
    return list(range(p.start_year, (p.end_year or p.start_year) + 1))


def _link(g: nx.Graph, a: str, b: str, p: Participation, data: NetworkData,
          role: str | None = None) -> None:
    if not g.has_edge(a, b):
        g.add_edge(a, b, weight=0, projects=[], project_labels=[], sources=[], roles=[],
                   years=[])
    e = g.edges[a, b]
    if p.project not in e["projects"]:
        e["projects"].append(p.project)
        e["project_labels"].append(p.project_label)
        e["weight"] = len(e["projects"])
        for currency, amount in data.budgets.get(p.project, {}).items():
            e[f"budget_{currency}"] = e.get(f"budget_{currency}", 0.0) + float(amount)
        for y in _years(p):
            if y not in e["years"]:
                e["years"].append(y)
    if p.source not in e["sources"]:
        e["sources"].append(p.source)
    if role:
        _add_role(e, role)


def _add_role(edge: dict[str, object], role: str) -> None:
    roles = edge["roles"]
    assert isinstance(roles, list)
    if role not in roles:
        roles.append(role)


def organisations(data: NetworkData, flt: Filter = Filter()) -> nx.Graph:
    """Organisation co-participation: undirected, weight = shared projects (budget per
    currency in budget_XXX)."""
    g = nx.Graph(projection="organisations")
    by_project: dict[str, list[Participation]] = defaultdict(list)
    for p in select(data, flt):
        _org_node(g, p, data)
        by_project[p.project].append(p)
    for parts in by_project.values():
        by_org: dict[str, list[Participation]] = defaultdict(list)
        for p in parts:
            by_org[p.organisation].append(p)
        for a, b in combinations(sorted(by_org), 2):
            pairs = sorted({" & ".join(sorted((x.role, y.role)))
                            for x in by_org[a] for y in by_org[b]})
            for p in by_org[a] + by_org[b]:  # the sources that name a or b in this project
                _link(g, a, b, p, data)
            _layer(g.edges[a, b], parts[0])
            for pair in pairs:  # the roles the two had together, e.g. 'funding & implementing'
                _add_role(g.edges[a, b], pair)
    return g


def _layer(edge: dict[str, object], p: Participation) -> None:
    """The multiplex view of a tie: the layers it is in (shared projects, shared events) and
    its weight in each, beside the total weight."""
    layers = edge.setdefault("layers", [])
    assert isinstance(layers, list)
    if p.evidence not in layers:
        layers.append(p.evidence)
        layers.sort()
    key = f"weight_{p.evidence}"
    count = edge.get(key, 0)
    assert isinstance(count, int)
    edge[key] = count + 1


def countries(data: NetworkData, flt: Filter = Filter()) -> nx.Graph:
    """Country co-benefit: countries linked when they benefit from the same projects."""
    g = nx.Graph(projection="countries")
    seen: dict[str, Participation] = {}
    for p in select(data, flt, evidence="projects"):
        seen.setdefault(p.project, p)
    for project, p in sorted(seen.items()):
        codes = sorted(data.countries.get(project, set()))
        nodes = [_country_node(g, c, data) for c in codes]
        for n in nodes:
            if project not in g.nodes[n]["projects"]:
                g.nodes[n]["projects"].append(project)
            g.nodes[n]["years"] = sorted(set(g.nodes[n]["years"]) | set(_years(p)))
        for a, b in combinations(nodes, 2):
            _link(g, a, b, p, data, role="co-beneficiary")
    return g


def bipartite(data: NetworkData, flt: Filter = Filter()) -> nx.Graph:
    """Organisation-project two-mode graph; the roles are on the edges."""
    return _two_mode(data, flt, "projects", "bipartite")


def events(data: NetworkData, flt: Filter = Filter()) -> nx.Graph:
    """Organisation-event two-mode graph (meetings, field visits, trainings); the roles are
    on the edges."""
    return _two_mode(data, flt, "events", "events")


def _two_mode(data: NetworkData, flt: Filter, evidence: str, name: str) -> nx.Graph:
    g = nx.Graph(projection=name)
    kind = evidence[:-1]  # project | event
    for p in select(data, flt, evidence=evidence):
        _org_node(g, p, data)
        if p.project not in g:
            countries = " ".join(sorted(data.countries.get(p.project, set())))
            g.add_node(p.project, label=p.project_label, type=kind, kind=kind,
                       kind_label=kind, country=countries, iri=p.project,
                       projects=[p.project], years=_years(p), bipartite=1)
        g.nodes[p.organisation]["bipartite"] = 0
        _link(g, p.organisation, p.project, p, data, role=p.role)
    return g


def flows(data: NetworkData, flt: Filter = Filter()) -> nx.DiGraph:
    """Funding flows: donor -> implementer -> beneficiary country, weighted by projects and by
    budget per currency."""
    g = nx.DiGraph(projection="flows")
    by_project: dict[str, list[Participation]] = defaultdict(list)
    for p in select(data, flt, evidence="projects"):
        by_project[p.project].append(p)
    for project, parts in sorted(by_project.items()):
        donors = [p for p in parts if p.role == "funding"]
        doers = [p for p in parts if p.role in IMPLEMENTING]
        for p in donors + doers:
            _org_node(g, p, data)
        for d in donors:
            for i in doers:
                if d.organisation != i.organisation:
                    _link(g, d.organisation, i.organisation, d, data, role="funds")
        targets = [_country_node(g, c, data) for c in sorted(data.countries.get(project, set()))]
        for i in doers or donors:
            for t in targets:
                _link(g, i.organisation, t, i, data, role="implements in" if doers else "funds in")
    return g


def find_node(g: nx.Graph, name: str) -> str:
    """The node a user names: its IRI, an organisation key, or its label (any case)."""
    if name in g:
        return name
    if re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name) and str(iris.org(name)) in g:
        return str(iris.org(name))
    wanted = name.casefold()
    found = sorted(str(n) for n, a in g.nodes(data=True)
                   if str(a.get("label", "")).casefold() == wanted)
    if len(found) == 1:
        return found[0]
    if found:
        raise KeyError(f"{name!r} names {len(found)} nodes: {', '.join(found)}")
    raise KeyError(f"no node {name!r} in this network (give an IRI, a key or a label)")


def ego_network(g: nx.Graph, name: str, *, radius: int = 1) -> nx.Graph:
    """The nodes within `radius` steps of the named node (ties in either direction), with
    the ties among them."""
    return nx.ego_graph(g, find_node(g, name), radius=radius, undirected=True)


PROJECTIONS = {"organisations": organisations, "countries": countries, "bipartite": bipartite,
               "events": events, "flows": flows}


def project(data: NetworkData, kind: str, flt: Filter = Filter()) -> nx.Graph:
    """The projection of a kind (organisations, countries, bipartite, events, flows)."""
    if kind not in PROJECTIONS:
        raise ValueError(f"unknown network kind {kind!r}; choose one of {', '.join(KINDS)}")
    return PROJECTIONS[kind](data, flt)


def windows(spec: str) -> list[tuple[int, int]]:
    """'2000-2006,2007-2013' -> [(2000, 2006), (2007, 2013)]; '2019' -> [(2019, 2019)]."""
    out: list[tuple[int, int]] = []
    for part in (x.strip() for x in spec.split(",") if x.strip()):
        start, _, end = part.partition("-")
        if not start.isdigit() or (end and not end.isdigit()):
            raise ValueError(f"unreadable time window {part!r}; write YEAR or YEAR-YEAR")
        out.append((int(start), int(end or start)))
    return out


def yearly(data: NetworkData) -> list[tuple[int, int]]:
    """One window per year that any project covers."""
    years = sorted({y for p in data.participations for y in _years(p)})
    return [(y, y) for y in years]


def time_slices(data: NetworkData, kind: str, spans: Sequence[tuple[int, int]],
                flt: Filter = Filter()) -> dict[str, nx.Graph]:
    """One graph per window, with the same node ids across slices."""
    return {(f"{a}" if a == b else f"{a}-{b}"): project(data, kind,
                                                        replace(flt, from_year=a, to_year=b))
            for a, b in spans}


def merge_slices(slices: dict[str, nx.Graph]) -> nx.Graph:
    """One graph holding every slice, with the slices each node and edge is present in
    (used for dynamic GEXF and for the time filter of the HTML page)."""
    merged: nx.Graph = nx.DiGraph() if any(g.is_directed() for g in slices.values()) else nx.Graph()
    for name, g in slices.items():
        for n, attrs in g.nodes(data=True):
            if n not in merged:
                merged.add_node(n, **{k: v for k, v in attrs.items() if k != "slices"}, slices=[])
            merged.nodes[n]["slices"].append(name)
        for a, b, attrs in g.edges(data=True):
            if not merged.has_edge(a, b):
                merged.add_edge(a, b, **attrs, slices=[], slice_weights={})
            merged.edges[a, b]["slices"].append(name)
            merged.edges[a, b]["slice_weights"][name] = attrs.get("weight", 1)
    return merged

