"""Consolidation: what project matching implies once a run's staged graphs join the
committed ones (renames of merged mentions, the resolution, reference and curation graphs)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from borderkg.graph.features import StagedFeatures, in_matching_order, queried_mentions
from borderkg.graph.reference import identified_organisation_triples, reference_triples
from borderkg.loaders.curation import Decision
from borderkg.ontology import iris
from borderkg.ontology.terms import BKG
from borderkg.queries import library
from borderkg.resolve.projects import Resolution, resolve_projects
from borderkg.store import Store, Triple


def curation_triples(decisions: Iterable[Decision]) -> set[Triple]:
    """Curation decisions as triples of the curation graph (projects named by mention key or
    project IRI)."""
    out: set[Triple] = set()
    for decision in decisions:
        keys = [iris.key_of(p) if "/" in p else p for p in decision.projects]
        d = iris.match(f"curation-{decision.rule}", *keys)
        out.add((d, RDF.type, BKG.ProjectMatch))
        out.add((d, BKG.matchRule, Literal(f"curation-{decision.rule}")))
        out |= {(d, BKG.mentionKey, Literal(k)) for k in keys}
    return out


@dataclass(frozen=True)
class Matching:
    """Project matching over every mention: the resolution, the renames of merged mentions
    it implies (graph, old IRI, new IRI), and the source graphs it covered (the committed
    ones among them by name)."""

    resolution: Resolution
    renames: list[tuple[URIRef, URIRef, URIRef]]
    sources: list[URIRef]
    committed: set[str]


def match_projects(store: Store, staged: dict[URIRef, URIRef], features: StagedFeatures,
                   curation: set[Triple] | None = None) -> Matching:
    """Match every project mention: the staged sources' mentions come from their builders,
    those of the sources already committed are read from the store. It reads no staged graph,
    so that it can run while the run's last batch is still loading."""
    final_of = {str(v): k for k, v in staged.items()}
    # the source graphs once the staged graphs replace theirs
    sources = [g for g in store.graph_names()
               if iris.is_source_graph(str(g)) and g not in staged] + list(staged.values())
    committed = {str(g) for g in sources} - final_of.keys()
    # The queries read every graph and the rows of the wanted ones are kept here: naming
    # thousands of graphs to the query engine costs five times the query.
    mentions = list(features.mentions)
    if committed:
        mentions += queried_mentions(store.solutions(
            library.load("mention-features", folder="internal").text), committed)
    mentions = in_matching_order(mentions)
    if curation is not None:
        scratch = Store(ox.Store(), spec="memory")
        scratch.apply({iris.CURATION_GRAPH: curation})
        decisions = scratch.select(library.load("curation", folder="internal").text)
    else:
        decisions = store.select(library.load("curation", folder="internal").text)
    pairs: dict[str, list[str]] = {}
    rules: dict[str, str] = {}
    for d in decisions.dicts():
        pairs.setdefault(str(d["decision"]), []).append(str(d["key"]))
        rules[str(d["decision"])] = str(d["rule"])
    merges = [(k[0], k[1]) for d, k in pairs.items()
              if rules[d] == "curation-merge" and len(k) == 2]
    vetoes = [(k[0], k[1]) for d, k in pairs.items()
              if rules[d] == "curation-veto" and len(k) == 2]
    resolution = resolve_projects((m for _, m in mentions), merges=merges, vetoes=vetoes)
    renames: set[tuple[URIRef, URIRef, URIRef]] = set()
    for project, m in mentions:
        target = iris.project(resolution.canonical[m.key])
        if URIRef(project) != target:
            renames.add((final_of.get(m.graph, URIRef(m.graph)), URIRef(project), target))
    return Matching(resolution, sorted(renames), sources, committed)


def consolidate(store: Store, features: StagedFeatures, matching: Matching,
                curation: set[Triple] | None = None) -> dict[URIRef, set[Triple] | None]:
    """The graphs that a run implies once its staged graphs (loaded by now) replace their
    sources: the resolution graph of its matching, the reference graph of the entities its
    sources name (the staged sources' from their builders, the committed ones' read from the
    store), and the curation graph when a curation file is given."""
    used = set(features.used)
    if matching.committed:
        used.update(str(r[0]) for r in store.select(
            library.load("used-entities", folder="internal").text).rows
            if str(r[1]) in matching.committed)
    named = {row[0] for row in store.select(
        library.load("iati-organisation-graphs", folder="internal").text).rows}
    sources = [g for g in matching.sources if g in named]
    identified = store.select(library.load("iati-organisations", folder="internal").text,
                              named_graphs=sources).dicts() if sources else []
    changes: dict[URIRef, set[Triple] | None] = {
        iris.REFERENCE_GRAPH: reference_triples(used) | identified_organisation_triples(identified),
        iris.RESOLUTION_GRAPH: resolution_triples(matching.resolution),
    }
    if curation is not None:
        changes[iris.CURATION_GRAPH] = curation
    return changes


def resolution_triples(resolution: Resolution) -> set[Triple]:
    """The resolution graph: every merge and candidate with its rule, score and projects."""
    out: set[Triple] = set()
    for d in resolution.decisions:
        node = iris.match(d.rule, *d.keys)
        kind = BKG.ProjectMerge if d.decision == "merged" else BKG.MatchCandidate
        out.add((node, RDF.type, kind if d.decision != "vetoed" else BKG.ProjectMatch))
        out.add((node, BKG.matchRule, Literal(d.rule if d.decision != "vetoed"
                                              else f"{d.rule} (vetoed)")))
        out.add((node, BKG.matchScore, Literal(f"{d.score:.3f}", datatype=XSD.decimal)))
        for key in d.keys:
            out.add((node, BKG.mentionKey, Literal(key)))
            out.add((node, BKG.matchedProject, iris.project(resolution.canonical[key])))
    return out
