"""IOM country-mission project pages and legacy IOM project pages: fields written as
'Label: value' on one line (or the label alone and the value on the next line), with the label
variants of real pages; pages with no title or no field block at all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from borderkg.extract.organisations import HEADS
from borderkg.loaders.extract import (
    add_project,
    country_mentions,
    org_mentions,
    sentences,
    split_names,
    strip_period,
    title_before,
)
from borderkg.loaders.records import (
    CountryMention,
    Document,
    OrgMention,
    Problem,
    ProjectRecord,
)
from borderkg.loaders.text import parse_date_range, parse_money
from borderkg.reference import load_countries
from borderkg.reference.gazetteer import gazetteer
from borderkg.reference.organisations import known_names
from borderkg.textnorm import clean_name, normalise_name

MISSION_TEMPLATE = "iom-mission-page"
LEGACY_TEMPLATE = "iom-legacy-page"

# Field labels of the mission and legacy templates in English, French and Spanish.
LABELS: dict[str, str] = {
    normalise_name(label): fld
    for fld, labels in {
        "coverage": ["Geographical Coverage", "Project Area", "Countries", "Country", "Location",
                     "Target countries", "Couverture géographique", "Couverture",
                     "Zone du projet", "Zone d'intervention", "Pays", "Pays cibles",
                     "Cobertura geográfica", "Cobertura", "Área del proyecto", "País",
                     "Países", "Zona de intervención"],
        "duration": ["Duration", "Project duration", "Period", "Implementation period",
                     "Project period", "Durée", "Durée du projet", "Période",
                     "Période de mise en œuvre", "Duración", "Duración del proyecto",
                     "Período", "Periodo", "Período de ejecución", "Plazo de ejecución"],
        "donor": ["Donor", "Donors", "Funded by", "Funding", "Funding partner", "Funder",
                  "Donateur", "Donateurs", "Donateur(s)", "Bailleur", "Bailleurs",
                  "Bailleur de fonds", "Bailleurs de fonds", "Bailleur(s) de fonds",
                  "Financé par", "Financement", "Donante", "Donantes", "Donante(s)",
                  "Financiado por", "Financiamiento", "Financiación"],
        "budget": ["Budget", "Estimated budget", "Total budget", "Project budget",
                   "Budget estimé", "Budget total", "Budget du projet", "Montant",
                   "Presupuesto", "Presupuesto estimado", "Presupuesto total",
                   "Presupuesto del proyecto", "Monto"],
        "implementer": ["Implementing party", "Implementing partner", "Implementing agency",
                        "Executing agency", "Implemented by", "Implementing organisation",
                        "Agence d'exécution", "Agence de mise en œuvre", "Mis en œuvre par",
                        "Partenaire de mise en œuvre", "Organisme d'exécution",
                        "Agencia ejecutora", "Organismo ejecutor", "Entidad ejecutora",
                        "Parte ejecutora", "Ejecutado por", "Implementado por",
                        "Socio implementador", "Socio ejecutor"],
        "partner": ["Partners", "Partner(s)", "Project Partners", "Partner",
                    "Partner organisations", "Partenaires", "Partenaire", "Partenaire(s)",
                    "Partenaires du projet", "Socios", "Socio", "Socio(s)",
                    "Socios del proyecto", "Contrapartes", "Contraparte", "Aliados"],
        "beneficiary": ["Beneficiaries", "Project beneficiaries", "Beneficiary", "Target group",
                        "Target groups", "Bénéficiaires", "Bénéficiaire", "Bénéficiaire(s)",
                        "Bénéficiaires du projet", "Groupe cible", "Groupes cibles",
                        "Beneficiarios", "Beneficiario", "Beneficiario(s)",
                        "Beneficiarios del proyecto", "Grupo meta", "Población meta"],
        "status": ["Status", "Project Status", "Statut", "Statut du projet", "État",
                   "Estado", "Estado del proyecto", "Estatus"],
        "type": ["Project type", "Type de projet", "Type du projet", "Tipo de proyecto"],
        "description": ["Summary", "Project description", "Description", "Project summary",
                        "Objective", "Objectives", "Overall objective", "Résumé",
                        "Description du projet", "Objectif", "Objectifs", "Objectif général",
                        "Objectif(s)", "Resumen", "Descripción", "Descripción del proyecto",
                        "Objetivo", "Objetivos", "Objetivo general", "Objetivo(s)"],
        "results": ["Project Results", "Expected results", "Results", "Expected outcomes",
                    "Résultats", "Résultats attendus", "Resultados",
                    "Resultados esperados"],
    }.items()
    for label in labels
}
_LEGACY_LABELS = {normalise_name(x) for x in [
    "Executing agency", "Partner(s)", "Project type", "Agence d'exécution", "Partenaire(s)",
    "Type de projet", "Agencia ejecutora", "Socio(s)", "Tipo de proyecto"]}
# Labels too common as headings or words to be read without a colon.
_BARE_UNSAFE = {normalise_name(x) for x in [
    "Country", "Countries", "Location", "Period", "Funding", "Partner", "Description",
    "Results", "Pays", "País", "Países", "Période", "Período", "Periodo", "Estado", "État",
    "Montant", "Monto", "Couverture", "Cobertura", "Financement", "Socio", "Partenaire"]}
_LINE = re.compile(r"^\s*(?P<label>[^\W\d_](?:[^\W\d_]|[()'’ ]){1,45}?)\s*:\s*(?P<value>.*)$")
_COORDINATING = re.compile(r"(?P<c>[A-Z][\w ]+?)\s+coordinating\s+IOM\s+Mission,?\s*", re.I)
_IOM_MISSIONS = re.compile(
    r"(?:IOM|International Organi[sz]ation for Migration)\b.*?\bMissions?\s+(?:in|to)\s+"
    r"(?P<list>.+)$", re.I)
_ASSOCIATE = re.compile(r"\s*\((?:associate|associate partner|associated)\)\s*$", re.I)
_SUPPORT_SENTENCE = re.compile(r"\b(?:support|supports|partner|in cooperation with|assist)\b", re.I)
_SUBJECT = re.compile(r"^(?P<subject>.+?)\s+(?:will\s+|shall\s+|also\s+)*"
                      r"(?:support|supports|assist|assists|partners?|cooperates?)\b", re.I)
_NUMBERED = re.compile(r"(?:^|\s|;)(\d{1,2})\)\s+")
_ROMAN = re.compile(r"^(?:[IVX]{1,4})\.\s+(?P<text>.+)$")
_PROSE_DONOR = [
    re.compile(r"\b(?:funded|financed|supported)\s+by\s+(?:the\s+)?(?P<org>(?:[A-Z][\w\-]*\s?)+)"),
    re.compile(r"\b(?P<org>EU|[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)*)-funded\b"),
]
@dataclass
class _Field:
    name: str
    label: str
    value: str
    line: int  # 1-based line of the label
    end: int = 0  # index of the first line after the value


_SHORT_VALUES = {"coverage", "duration", "donor", "budget", "status", "type", "partner"}


def _label_of(line: str) -> tuple[str, str, str] | None:
    """(field, label, value) of a 'Label: value' line, or of a line that is only a label
    (older layout: the value on the next line). A page's detection, its fields and their
    ends read each line several times, and a site's pages repeat their field lines: short
    lines are read once (long ones are prose, and would fill the cache)."""
    return _short_label_of(line) if len(line) <= 160 else _read_label(line)


def _read_label(line: str) -> tuple[str, str, str] | None:
    m = _LINE.match(line)
    if m:
        name = LABELS.get(normalise_name(m["label"]))
        if name:
            return name, m["label"].strip(), m["value"].strip()
    bare = line.strip().lstrip("•-–* ").strip()
    if 0 < len(bare) <= 50 and ":" not in bare:
        key = normalise_name(bare)
        if key in LABELS and key not in _BARE_UNSAFE:
            return LABELS[key], bare, ""
    return None


_short_label_of = lru_cache(maxsize=4096)(_read_label)


def _is_sentence(line: str) -> bool:
    """A line of running text rather than a field value."""
    return len(line.split()) >= 12 and line.rstrip().endswith((".", "!", "?"))


def find_fields(lines: list[str]) -> list[_Field]:
    """Labelled fields with their values; continuation lines are joined to the value. An
    empty label (listing pages repeat them) takes no value from a following paragraph."""
    fields: list[_Field] = []
    i = 0
    while i < len(lines):
        found = _label_of(lines[i])
        if found is None:
            i += 1
            continue
        name, label, value = found
        j = i + 1
        parts = [value] if value else []
        prose = name in ("description", "results")
        while j < len(lines):
            nxt = lines[j].strip()
            if _label_of(lines[j]) is not None:
                break
            if not nxt:
                if parts and not prose:
                    break
                j += 1
                continue
            if not parts and name in _SHORT_VALUES and _is_sentence(nxt):
                break
            if prose or not parts or nxt.startswith("(") or nxt[:1].islower():
                parts.append(nxt)
                j += 1
                continue
            break
        fields.append(_Field(name, label, "\n".join(parts).strip(), i + 1, j))
        i = j
    return fields


def detect(text: str) -> bool:
    """True for a page with a field block of the project templates: two 'Label: value'
    lines, or three labels in all when some stand alone on their line."""
    colon = bare = 0
    for line in text.splitlines():
        found = _label_of(line)
        if found is not None:
            if _LINE.match(line):
                colon += 1
            else:
                bare += 1
    return colon >= 2 or colon + bare >= 3


def project_blocks(lines: list[str], fields: list[_Field]) -> list[list[_Field]]:
    """The field blocks of a page, one per project: a listing page starts a new block where a
    field that already has a value comes again after a line of its own (the next title)."""
    blocks: list[list[_Field]] = [[]]
    for f in fields:
        block = blocks[-1]
        if f.value and any(g.name == f.name and g.value for g in block):
            start = len(block)
            for k in range(len(block) - 1, 0, -1):
                if _title_line(lines, block[k - 1].end, block[k].line - 1) is not None:
                    start = k
                    break
            if _title_line(lines, block[-1].end, f.line - 1) is not None:
                start = len(block)
            blocks[-1], moved = block[:start], block[start:]
            blocks.append(moved)
        blocks[-1].append(f)
    return [b for b in blocks if b]


def parse(text: str) -> Document:
    """Read a mission or legacy project page, or a listing of several (pure: text in,
    records out)."""
    lines = text.splitlines()
    fields = find_fields(lines)
    legacy = any(normalise_name(f.label) in _LEGACY_LABELS for f in fields)
    doc = Document(template=LEGACY_TEMPLATE if legacy else MISSION_TEMPLATE)
    if not fields:
        doc.problems.append(Problem("page", "no project field block found"))
        return doc
    blocks = project_blocks(lines, fields)
    starts = [0]
    for previous, block in zip(blocks, blocks[1:], strict=False):
        title_at = _title_line(lines, previous[-1].end, block[0].line - 1)
        starts.append(title_at if title_at is not None else block[0].line - 1)
    ends = [*starts[1:], len(lines)]
    for block, lo, hi in zip(blocks, starts, ends, strict=True):
        _read_project(doc, lines, block, lo, hi)
    doc.title = doc.projects[0].title if len(doc.projects) == 1 else None
    return doc


def _shifted(f: _Field, offset: int) -> _Field:
    return _Field(f.name, f.label, f.value, f.line - offset, f.end - offset)


def _title_line(lines: list[str], lo: int, hi: int) -> int | None:
    """Index of the title line between two field blocks of a listing."""
    for i in range(hi - 1, lo - 1, -1):
        if lines[i].strip() and title_before(lines[i:i + 1] + [""], 1):
            return i
    return None


def _read_project(doc: Document, lines: list[str], fields: list[_Field], lo: int, hi: int
                  ) -> None:
    """One project of a page from its field block and the lines lo..hi around it."""
    raw_title = title_before(lines[lo:hi], fields[0].line - 1 - lo)
    project = ProjectRecord()
    period = None
    if raw_title:
        project.title, period = strip_period(raw_title)
        project.evidence["title"] = raw_title
    for f in fields:
        _apply(project, f, doc)
    if project.start is None and period:
        project.start, project.end = parse_date_range(period)
        project.evidence.setdefault("start", raw_title or period)
    if not any(c.role == "beneficiary" for c in project.countries):
        # No coverage field: the countries of the description's first sentence, else the title's.
        first = sentences(project.description)[0] if project.description else ""
        found = country_mentions(first, role="beneficiary", field="description")[0] \
            if first else []
        project.countries += found or country_mentions(project.title or "", role="beneficiary",
                                                       field="title")[0]
    if not any(o.role == "funding" for o in project.organisations):
        project.organisations += prose_donors("\n".join(lines[lo:hi]))
    prose = "\n".join(f.value for f in fields if f.name == "description")
    add_project(doc, project, prose=prose, derive=derived_label,
                text=_outside_fields(lines[lo:hi], [_shifted(f, lo) for f in fields]))


def _outside_fields(lines: list[str], fields: list[_Field]) -> str:
    """The page's running text: every line but those of labelled fields that are not prose
    (a prose field keeps its value without its label)."""
    skip: set[int] = set()
    for f in fields:
        if f.name in ("description", "results"):
            continue
        values = {v.strip() for v in f.value.splitlines()}
        skip.add(f.line - 1)
        k = f.line
        while k < len(lines) and _label_of(lines[k]) is None and \
                (not lines[k].strip() or lines[k].strip() in values):
            skip.add(k)
            k += 1
    kept = []
    for i, line in enumerate(lines):
        if i in skip:
            continue
        labelled = _label_of(line)
        kept.append(labelled[2] if labelled else line)
    return "\n".join(kept)


def _apply(project: ProjectRecord, f: _Field, doc: Document) -> None:
    value = f.value
    if not value:
        return
    evidence = f"{f.label}: {value}"
    project.evidence.setdefault(f.name, evidence)
    if f.name == "coverage":
        m = _COORDINATING.search(value)
        if m:
            project.organisations.append(OrgMention(f"IOM Mission in {m['c'].strip()}",
                                                    "coordinator", f.label, evidence))
            project.countries.append(CountryMention(m["c"].strip(), "coordinating", f.label,
                                                    evidence))
            value = value[:m.start()] + value[m.end():]
        mentions, leftovers = country_mentions(value, role="beneficiary", field=f.label)
        project.countries += mentions
        project.countries += [CountryMention(left, "beneficiary", f.label, evidence)
                              for left in leftovers]
    elif f.name == "duration":
        months = re.search(r"(\d+)\s*(?:months|mois|meses)", value, re.I)
        if months:
            project.duration_months = int(months.group(1))
        inner = re.search(r"\(([^()]*\d{4}[^()]*)\)", value)
        start, end = parse_date_range(inner.group(1) if inner else value)
        if start is None and not months:
            doc.problems.append(Problem(f.label, f"unreadable period {value!r}", f.line))
        project.start, project.end = start, end
        project.evidence["start"] = project.evidence["end"] = evidence
    elif f.name == "donor":
        project.organisations += org_mentions(split_names(value), role="funding", field=f.label,
                                              evidence=evidence)
    elif f.name == "budget":
        project.budget = parse_money(value)
        if project.budget is None:
            doc.problems.append(Problem(f.label, f"unreadable amount {value!r}", f.line))
    elif f.name == "implementer":
        for sentence in sentences(value):
            support = _SUPPORT_SENTENCE.search(sentence)
            role = "partner" if support else "implementing"
            subject = _SUBJECT.match(sentence) if support else None
            for name in split_names(subject["subject"] if subject else sentence):
                project.organisations += [OrgMention(n, role, f.label, sentence)
                                          for n in expand_iom_missions(name)]
    elif f.name == "partner":
        for name in split_names(value):
            role = "associate-partner" if _ASSOCIATE.search(name) else "partner"
            project.organisations.append(OrgMention(_ASSOCIATE.sub("", name), role, f.label,
                                                    evidence))
    elif f.name == "beneficiary":
        _beneficiaries(project, f.label, value, evidence)
    elif f.name == "status":
        project.status = value
    elif f.name == "type":
        project.project_type = value
    elif f.name == "description":
        project.description = value
        project.results += bulleted_results(value)
    elif f.name == "results":
        project.results += numbered_results(value) or bulleted_results(value)


def expand_iom_missions(name: str) -> list[str]:
    """'IOM, Missions in Ukraine and in Moldova' -> one IOM office name per country."""
    m = _IOM_MISSIONS.search(name)
    if not m:
        return [name]
    codes = gazetteer().codes(m["list"])
    if not codes:
        return [name]
    return [f"IOM Mission in {c}" for c in _country_words(m["list"])]


def _country_words(text: str) -> list[str]:
    found, _ = gazetteer().scan(text)
    return list(dict.fromkeys(m.words.title() for m in found))


def _beneficiaries(project: ProjectRecord, label: str, value: str, evidence: str) -> None:
    """Named institutions become beneficiary organisations; categories of people or bodies
    ('third country nationals passing through ...') become beneficiary groups."""
    numbered = _NUMBERED.split(value)
    if len(numbered) > 3:
        head = numbered[0].strip(" ,;:")
        items = [numbered[k].strip(" ,;.") for k in range(2, len(numbered), 2)]
        if head and items:
            items[0] = f"{head}: {items[0]}"
        project.beneficiary_groups += [i for i in items if i]
        return
    for name in split_names(value):
        if name in known_names() or any(w.lower() in HEADS for w in re.findall(r"[^\W\d_]+", name)):
            project.organisations.append(OrgMention(name, "beneficiary", label, evidence))
        else:
            project.beneficiary_groups.append(name)


def numbered_results(text: str) -> list[str]:
    """Items numbered 'I.', 'II.', ...; a line that is not numbered continues the item."""
    results: list[str] = []
    for line in (ln.strip() for ln in text.splitlines()):
        m = _ROMAN.match(line)
        if m:
            results.append(m["text"].strip())
        elif line and results:
            results[-1] = f"{results[-1]} {line}"
    return [r.rstrip(".;") for r in results]


def bulleted_results(text: str) -> list[str]:
    """The '- ' items that follow a line announcing results."""
    results: list[str] = []
    active = False
    for line in text.splitlines():
        stripped = line.strip()
        if re.search(r"\bresults?\b", stripped, re.I) and not stripped.startswith("-"):
            active = True
            continue
        if active and stripped.startswith(("-", "•")):
            results.append(stripped.lstrip("-• ").rstrip(".;,"))
        elif active and stripped:
            active = False
    return results


def prose_donors(text: str) -> list[OrgMention]:
    """Donors named only in prose: 'funded by the European Union', 'EU-funded'."""
    found: list[OrgMention] = []
    for sentence in sentences(text):
        for pattern in _PROSE_DONOR:
            for m in pattern.finditer(sentence):
                name = clean_name(m["org"])
                if name and name not in {o.name for o in found}:
                    found.append(OrgMention(name, "funding", "text", sentence))
    return found


def derived_label(project: ProjectRecord) -> str:
    """A label for a page with no title, made of what the page does state."""
    codes = [gazetteer().lookup(c.name) for c in project.countries if c.role == "beneficiary"]
    countries = load_countries()
    names = sorted({countries[c].name for c in codes if c})
    funders = [o.name for o in project.organisations if o.role == "funding"]
    years = "–".join(dict.fromkeys(v.value[:4] for v in (project.start, project.end) if v))
    parts = ["Untitled project"]
    if funders:
        parts.append(f"funded by {funders[0]}")
    if names:
        parts.append("in " + ", ".join(names))
    if years:
        parts.append(f"({years})")
    return " ".join(parts)
