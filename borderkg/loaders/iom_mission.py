"""IOM country-mission project pages and legacy IOM project pages: fields written as
'Label: value' on one line (or the label alone and the value on the next line), with the label
variants of real pages; pages with no title or no field block at all."""

from __future__ import annotations

import re
from dataclasses import dataclass

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

LABELS: dict[str, str] = {
    normalise_name(label): fld
    for fld, labels in {
        "coverage": ["Geographical Coverage", "Project Area", "Countries", "Country", "Location",
                     "Target countries"],
        "duration": ["Duration", "Project duration", "Period", "Implementation period",
                     "Project period"],
        "donor": ["Donor", "Donors", "Funded by", "Funding", "Funding partner", "Funder"],
        "budget": ["Budget", "Estimated budget", "Total budget", "Project budget"],
        "implementer": ["Implementing party", "Implementing partner", "Implementing agency",
                        "Executing agency", "Implemented by", "Implementing organisation"],
        "partner": ["Partners", "Partner(s)", "Project Partners", "Partner",
                    "Partner organisations"],
        "beneficiary": ["Beneficiaries", "Project beneficiaries", "Beneficiary", "Target group",
                        "Target groups"],
        "status": ["Status", "Project Status"],
        "type": ["Project type"],
        "description": ["Summary", "Project description", "Description", "Project summary",
                        "Objective", "Objectives", "Overall objective"],
        "results": ["Project Results", "Expected results", "Results", "Expected outcomes"],
    }.items()
    for label in labels
}
_LEGACY_LABELS = {normalise_name(x) for x in ["Executing agency", "Partner(s)", "Project type"]}
_LINE = re.compile(r"^\s*(?P<label>[A-Za-z][A-Za-z()' ]{1,40}?)\s*:\s*(?P<value>.*)$")
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
_INSTITUTION = re.compile(
    r"\b(?:Service|Police|Customs|Guard|Guards|Ministry|Agency|Inspectorate|Committee|Department|"
    r"Government|Office|Directorate|Authority|Border Police|Administration|Mission|Bureau|Council|"
    r"University|Institute|Organi[sz]ation)\b")


@dataclass
class _Field:
    name: str
    label: str
    value: str
    line: int


def _label_of(line: str) -> tuple[str, str, str] | None:
    m = _LINE.match(line)
    if m:
        name = LABELS.get(normalise_name(m["label"]))
        if name:
            return name, m["label"].strip(), m["value"].strip()
    return None


def find_fields(lines: list[str]) -> list[_Field]:
    """Labelled fields with their values; continuation lines are joined to the value."""
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
            if prose or not parts or nxt.startswith("(") or nxt[:1].islower():
                parts.append(nxt)
                j += 1
                continue
            break
        fields.append(_Field(name, label, "\n".join(parts).strip(), i + 1))
        i = j
    return fields


def detect(text: str) -> bool:
    """True for a page with at least two 'Label: value' fields of the project templates."""
    return sum(1 for line in text.splitlines() if _label_of(line)) >= 2


def parse(text: str) -> Document:
    """Read a mission or legacy project page (pure: text in, records out)."""
    lines = text.splitlines()
    fields = find_fields(lines)
    legacy = any(normalise_name(f.label) in _LEGACY_LABELS for f in fields)
    doc = Document(template=LEGACY_TEMPLATE if legacy else MISSION_TEMPLATE)
    if not fields:
        doc.problems.append(Problem("page", "no project field block found"))
        return doc
    first_line = fields[0].line - 1
    raw_title = title_before(lines, first_line)
    project = ProjectRecord()
    period = None
    if raw_title:
        project.title, period = strip_period(raw_title)
        project.evidence["title"] = raw_title
    doc.title = project.title
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
        project.organisations += prose_donors(text)
    prose = "\n".join(f.value for f in fields if f.name == "description")
    return add_project(doc, project, prose=prose, derive=derived_label,
                       text=_outside_fields(lines, fields))


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
        if name in known_names() or _INSTITUTION.search(name):
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
