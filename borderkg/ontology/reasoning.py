"""OWL consistency check with owlready2 and HermiT (Java).

HermiT supports the OWL 2 datatype map only; date literals with xsd:date, xsd:gYearMonth or
xsd:gYear (which carry the written precision) are outside it, so the data is checked without
those literals (SHACL checks them). Annotation-only vocabularies are dropped for the same
reason. What remains is checked for consistency: disjointness, functional properties, domains
and ranges against the class hierarchy.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from borderkg.graph.export import canonical_blank_nodes
from borderkg.ontology.vocab import ontology_text

XSD = "http://www.w3.org/2001/XMLSchema#"
_OUTSIDE_OWL2 = {XSD + "date", XSD + "gYear", XSD + "gYearMonth", XSD + "anyURI"}
# owlready2 fetches what owl:imports names: the data may never ask it to
_IMPORTS = "http://www.w3.org/2002/07/owl#imports"


class ReasonerUnavailableError(RuntimeError):
    """No Java runtime to run HermiT."""


@dataclass(frozen=True)
class ConsistencyReport:
    consistent: bool
    message: str
    statements: int


def _keep(q: ox.Quad) -> bool:
    o = q.object
    if q.predicate.value == _IMPORTS:
        return False
    return not (isinstance(o, ox.Literal) and o.datatype.value in _OUTSIDE_OWL2)


def check_consistency(data: Iterable[ox.Quad] = ()) -> ConsistencyReport:
    """Load the ontology (and data) into owlready2 and run HermiT; inconsistency is a result,
    not an exception."""
    if shutil.which("java") is None:
        raise ReasonerUnavailableError("HermiT needs a Java runtime (install default-jre-headless)")
    import owlready2

    ontology = [q for q in ox.parse(ontology_text(), format=ox.RdfFormat.TURTLE)]
    quads = canonical_blank_nodes(ontology + [q for q in data if _keep(q)])
    triples = sorted({str(q.triple) for q in quads})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "borderkg-check.nt"
        path.write_text(" .\n".join(triples) + " .\n", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False,
                                               debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            detail = str(exc).strip() or "HermiT found a contradiction"
            return ConsistencyReport(False, f"inconsistent: {detail}", len(triples))
        unsat = sorted(str(c) for c in world.inconsistent_classes())
        world.close()
    if unsat:
        return ConsistencyReport(False, f"unsatisfiable classes: {', '.join(unsat)}",
                                 len(triples))
    return ConsistencyReport(True, "consistent", len(triples))
