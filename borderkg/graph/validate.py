"""Validation of the store: SHACL shapes (pyshacl) and OWL consistency (HermiT)."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

from rdflib import Graph
from rdflib.namespace import SH

from borderkg.ontology import iris
from borderkg.ontology.reasoning import ConsistencyReport, check_consistency
from borderkg.store import Store


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the property path, the message and the severity."""

    focus: str
    path: str
    message: str
    severity: str


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    owl: ConsistencyReport | None = None

    @property
    def ok(self) -> bool:
        return self.conforms and (self.owl is None or self.owl.consistent)


def shapes_graph() -> Graph:
    g = Graph()
    g.parse(data=resources.files("borderkg.ontology").joinpath("shapes.ttl").read_text("utf-8"),
            format="turtle")
    return g


def data_graph(store: Store) -> Graph:
    """The union of all graphs but the ingest log and its records, as one rdflib graph for
    pyshacl."""
    g = Graph()
    for s, p, o, graph in store.quads():
        if not iris.is_ingest_log(str(graph)):
            g.add((s, p, o))
    return g


def validate(store: Store, *, owl: bool = True) -> ValidationReport:
    """SHACL-validate the data and (unless owl=False) check OWL consistency with HermiT."""
    from pyshacl import validate as shacl_validate  # heavy: imported only when validating

    from borderkg.sandbox import no_network

    with no_network():
        conforms, results, _ = shacl_validate(data_graph(store), shacl_graph=shapes_graph(),
                                              inference="none", allow_warnings=True,
                                              do_owl_imports=False)
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        violations.append(Violation(
            focus=str(results.value(result, SH.focusNode)),
            path=str(results.value(result, SH.resultPath) or ""),
            message=str(results.value(result, SH.resultMessage) or ""),
            severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    report = ValidationReport(conforms=bool(conforms), violations=violations)
    if owl:
        with no_network():
            report.owl = check_consistency(store.ox_quads())
    return report
