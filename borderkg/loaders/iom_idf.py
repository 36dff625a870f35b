"""IOM Development Fund project pages (iom.int/project/...): both field layouts ('dash list'
and 'bullet list'), English, French and Spanish labels, empty values, and the older pages that
print the values with no labels at all."""

from __future__ import annotations

import re
from dataclasses import dataclass

from borderkg.loaders.extract import add_project, country_mentions, title_before
from borderkg.loaders.records import CountryMention, Document, OrgMention, Problem, ProjectRecord
from borderkg.loaders.text import parse_date, parse_money
from borderkg.ontology.vocab import lookup_concept
from borderkg.reference.gazetteer import gazetteer
from borderkg.textnorm import normalise_name

TEMPLATE = "iom-idf-page"

# Written label -> field, for the three languages of the site.
LABELS: dict[str, str] = {
    normalise_name(label): fld
    for fld, labels in {
        "start": ["Start Date", "Date de début", "Fecha de inicio"],
        "end": ["End Date", "Date de fin", "Fecha de finalización", "Fecha de finalizacion"],
        "status": ["Project Status", "Statut du projet", "Estado del proyecto"],
        "type": ["Project Type", "Type de projet", "Tipo de proyecto"],
        "budget": ["Budget Amount (USD)", "Montant du budget (USD)", "Monto del presupuesto (USD)"],
        "coverage": ["Coverage", "Couverture", "Cobertura geográfica", "Cobertura"],
        "year": ["Year", "Année", "Año"],
        "region": ["IDF Region", "Région IDF", "Región IDF"],
        "prima_id": ["Prima ID"],
        "iom_project_id": ["Projects ID", "Project ID", "Projet ID", "Proyecto ID"],
        "countries": ["Benefiting Member States",
                      "Etat(s) membre(s) bénéficiaires remplissant les conditions requises",
                      "Etat(s) membre(s) beneficiaires remplissant les conditions requises",
                      "Estados Miembros Beneficiarios que Reúnen los Requisitos"],
    }.items()
    for label in labels
}
_LANGUAGE_OF = {normalise_name(w): lang for w, lang in [
    ("Date de début", "fr"), ("Statut du projet", "fr"), ("Projet ID", "fr"), ("Année", "fr"),
    ("Fecha de inicio", "es"), ("Tipo de proyecto", "es"), ("Proyecto ID", "es"), ("Año", "es"),
]}
_OLD_ID = re.compile(r"^[A-Z0-9]{2,3}-\d{3,4}$")
_NEW_ID = re.compile(r"^[A-Z]{2}\.\d{4}$")
_PRIMA = re.compile(r"^[A-Z]{2}\d{2}P\d{4}$")
_AMOUNT = re.compile(r"^\d[\d,. ]*$")


@dataclass
class _Field:
    name: str
    label: str
    value: str
    line: int


def _label(line: str) -> str | None:
    return LABELS.get(normalise_name(line.lstrip("•·*- ").strip())) if line.strip() else None


def _is_marker(line: str) -> bool:
    return line.strip() in {"-", "•", "·"}


def find_fields(lines: list[str]) -> tuple[list[_Field], int, int]:
    """The labelled fields of the page, the index of the first label and the line after the
    block. A label followed at once by another label (or a '-' marker) has an empty value."""
    fields: list[_Field] = []
    first = end = -1
    i = 0
    while i < len(lines):
        name = _label(lines[i])
        if name is None:
            i += 1
            continue
        if first < 0:
            first = i - 1 if i > 0 and _is_marker(lines[i - 1]) else i
        value = ""
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and not _is_marker(lines[j]) and _label(lines[j]) is None:
            value = lines[j].strip().lstrip("•·*").strip()
            end = j + 1
        else:
            end = i + 1
        fields.append(_Field(name, lines[i].strip().lstrip("•·*- "), value, i + 1))
        i = max(end, i + 1)
        while i < len(lines) and _is_marker(lines[i]):
            i += 1
        if i < len(lines) and _label(lines[i]) is None:
            break
    return fields, first, end


def classify_value(value: str) -> str | None:
    """The field that an unlabelled value belongs to, judged by its shape."""
    v = value.strip()
    if _OLD_ID.match(v) or _NEW_ID.match(v):
        return "iom_project_id"
    if _PRIMA.match(v):
        return "prima_id"
    if re.fullmatch(r"\d{4}", v):
        return "year"
    if lookup_concept("status", v):
        return "status"
    if lookup_concept("project-type", v):
        return "type"
    if lookup_concept("coverage", v):
        return "coverage"
    if lookup_concept("idf-region", v):
        return "region"
    if _AMOUNT.match(v) and re.search(r"\d{3}", v):
        return "budget"
    found, leftovers = gazetteer().scan(v)
    if found and not leftovers:
        return "countries"
    return None


def _unlabelled_fields(lines: list[str]) -> tuple[list[_Field], int, int]:
    """Fields of an older page that prints values one a line with no labels: the longest run
    of lines that all classify, of at least four values including an id or an amount."""
    if not any(_OLD_ID.match(v) or _NEW_ID.match(v) or _AMOUNT.match(v)
               for v in map(str.strip, lines)):
        return [], -1, -1  # no id or amount: no such run (no line need be classified)
    best: tuple[int, int] = (-1, -1)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].strip() and classify_value(lines[j]) is not None:
            j += 1
        if j - i > best[1] - best[0]:
            best = (i, j)
        i = j + 1
    start, end = best
    if end - start < 4:
        return [], -1, -1
    kinds = [classify_value(lines[k]) for k in range(start, end)]
    if "iom_project_id" not in kinds and "budget" not in kinds:
        return [], -1, -1
    fields: list[_Field] = []
    years = iter(["start", "end", "year"])
    for k in range(start, end):
        kind = kinds[k - start]
        assert kind is not None
        name = next(years, "year") if kind == "year" else kind
        fields.append(_Field(name, "(no label)", lines[k].strip(), k + 1))
    return fields, start, end


def detect(text: str) -> bool:
    """True for a Development Fund project page of any layout."""
    lines = text.splitlines()
    labelled = sum(1 for line in lines if _label(line) is not None)
    if labelled >= 3:
        return True
    return bool(_unlabelled_fields(lines)[0])


def parse(text: str) -> Document:
    """Read a Development Fund project page (pure: text in, records out)."""
    lines = text.splitlines()
    fields, first, end = find_fields(lines)
    if len(fields) < 2:
        fields, first, end = _unlabelled_fields(lines)
    doc = Document(template=TEMPLATE)
    if not fields:
        doc.problems.append(Problem("page", "no Development Fund field block found"))
        return doc
    languages = [_LANGUAGE_OF[normalise_name(f.label)] for f in fields
                 if normalise_name(f.label) in _LANGUAGE_OF]
    doc.language = languages[0] if languages else "en"
    project = ProjectRecord(title=title_before(lines, first))
    doc.title = project.title
    for f in fields:
        _apply(project, f, doc)
    description = "\n".join(line for line in lines[end:] if line.strip()).strip()
    if description:
        project.description = description
        project.evidence["description"] = description[:500]
    project.organisations += [
        OrgMention("IOM Development Fund", "funding", "template",
                   "Project page of the IOM Development Fund"),
        OrgMention("IOM", "implementing", "template", "Project page of the IOM Development Fund"),
    ]
    beneficiaries = {c.name for c in project.countries}
    codes = {gazetteer().lookup(n) for n in beneficiaries}
    mentioned, _ = country_mentions(f"{project.title or ''}\n{description}", role="mentioned",
                                    field="text")
    project.countries += [m for m in mentioned if gazetteer().lookup(m.name) not in codes]
    return add_project(doc, project, prose=description, derive=_derived_label)


def _apply(project: ProjectRecord, f: _Field, doc: Document) -> None:
    """Store one field's value on the project, or record why it could not be read."""
    value, evidence = f.value, f"{f.label}: {f.value}"
    if not value:
        return
    name = f.name
    if name == "type" and lookup_concept("status", value) and project.status is None:
        name = "status"  # the Spanish site labels the status 'Tipo de proyecto' too
    project.evidence[name] = evidence
    if name in ("start", "end"):
        date = parse_date(value)
        if date is None:
            doc.problems.append(Problem(f.label, f"unreadable date {value!r}", f.line))
        elif name == "start":
            project.start = date
        else:
            project.end = date
    elif name == "status":
        project.status = value
    elif name == "type":
        project.project_type = value
    elif name == "budget":
        money = parse_money(value, currency="USD")
        if money is None:
            doc.problems.append(Problem(f.label, f"unreadable amount {value!r}", f.line))
        project.budget = money
    elif name == "coverage":
        project.coverage = value
    elif name == "year":
        project.funding_year = value if re.fullmatch(r"\d{4}", value) else None
    elif name == "region":
        project.region = value
    elif name in ("prima_id", "iom_project_id"):
        project.identifiers[name] = value
    elif name == "countries":
        mentions, leftovers = country_mentions(value, role="beneficiary", field=f.label)
        project.countries += mentions
        # Words that name no country stay as mentions; the builder reports them unresolved.
        project.countries += [CountryMention(left, "beneficiary", f.label, evidence)
                              for left in leftovers]


def _derived_label(project: ProjectRecord) -> str:
    ident = project.identifiers.get("iom_project_id") or project.identifiers.get("prima_id")
    year = project.start_year or project.funding_year or ""
    return " ".join(p for p in ["IOM Development Fund project", ident, year] if p)
