"""Pure extraction helpers shared by the page and news loaders: sentences, name lists,
events in prose, countries named in text, titles before a field block."""

from __future__ import annotations

import re
from collections.abc import Callable

from borderkg.loaders.records import (
    CountryMention,
    Document,
    EventRecord,
    OrgMention,
    ProjectRecord,
)
from borderkg.loaders.text import amounts_in_text
from borderkg.reference.gazetteer import gazetteer
from borderkg.reference.organisations import known_names, known_normalised_names
from borderkg.textnorm import clean_name, normalise_name

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
_EVENT_WORDS = [
    ("field-visit", re.compile(r"\b(?:field|study|joint field) visits?\b|\bvisites? (?:de terrain|"
                               r"d'étude|conjointes?)\b|\bvisitas? (?:de campo|de estudio)\b",
                               re.I)),
    ("training", re.compile(r"\btrainings?\b|\bworkshops?\b|\bformations?\b|\bateliers?\b|"
                            r"\btalleres\b|\btaller\b|\bcapacitaci[óo]n(?:es)?\b|"
                            r"\bcursos? de formaci[óo]n\b", re.I)),
    ("meeting", re.compile(r"\bmeetings?\b|\bconferences?\b|\bpanel\b|\bseminars?\b|"
                           r"\br[ée]unions?\b|\bconf[ée]rences?\b|\bs[ée]minaires?\b|"
                           r"\breuni[óo]n(?:es)?\b|\bconferencias?\b|\bseminarios?\b", re.I)),
]
_HAPPENED = re.compile(
    r"\b(?:conducted|organi[sz]ed|held|hosted|took place|gathered|carried out)\b"
    r"|\b(?:organis[ée]e?s?|tenue?s?|conduite?s?|dispens[ée]e?s?|a eu lieu|ont eu lieu|"
    r"s'est tenue?|s'est d[ée]roul[ée]e?|suivi)\b"
    r"|\b(?:organizad[oa]s?|celebrad[oa]s?|realizad[oa]s?|impartid[oa]s?|tuvo lugar|"
    r"se llev[óo] a cabo|se realiz[óo])\b", re.I)
_ARTICLE = re.compile(r"\b(?:(?:an|a|une|un|una|la|le|el)\s+|l['’])", re.I)
_PHRASE_END = re.compile(
    r",|\s+(?:was|were|is|will be|took place|conducted|organi[sz]ed|held|hosted|"
    r"organis[ée]e?s?|tenue?s?|a été|ont été|s'est|a eu lieu|fue|fueron|organizad[oa]s?|"
    r"se llevó|tuvo lugar|celebrad[oa]s?|realizad[oa]s?)\b", re.I)
_EVENT_PLACE = re.compile(r"\b(?:in|at)\s+(?P<place>[A-Z][\w\-]+(?:\s[A-Z][\w\-]+)?)")
_UNIT_WORDS = re.compile(
    r"^(?:Ministry|Department|Directorate|Division|Unit|Office|Service|Agency|Bureau|Section|"
    r"Mission|Missions|Border Police|Police|Customs)\b", re.I)


def sentences(text: str) -> list[str]:
    """The sentences of a text, hard line breaks inside sentences joined."""
    flat = re.sub(r"\s*\n\s*", " ", text).strip()
    return [s.strip() for s in _SENTENCE_END.split(flat) if s.strip()]


def split_top_level(text: str, separators: str = ",;") -> list[str]:
    """Split on separators that are outside parentheses and quotes."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def split_list(text: str) -> list[str]:
    """Items of an enumeration: split on commas, semicolons and ' and ' outside parentheses."""
    flat: list[str] = []
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        depth += ch in "([{"
        depth -= ch in ")]}" and depth > 0
        if depth == 0 and text.startswith(" and ", i):
            flat.append(",")
            i += 5
            continue
        flat.append(ch)
        i += 1
    return split_top_level("".join(flat))


def split_names(text: str) -> list[str]:
    """Organisation names of a list: 'A, B and C'. A hierarchy written as a list ('Republic of
    Serbia, Ministry of Interior, Border Police Directorate') stays one name, and so does a name
    whose parts are too short to stand alone ('Migration, Asylum, Refugees ... (MARRI)') or a
    name with a country such as 'Bosnia and Herzegovina' in it."""
    pieces: list[str] = []
    parts = split_top_level(text)
    i = 0
    while i < len(parts):
        # A known name with commas in it ("Bureau of Population, Refugees, and Migration").
        j = next((j for j in range(len(parts), i + 1, -1)
                  if is_known_name(", ".join(parts[i:j]))), i + 1)
        part = ", ".join(parts[i:j])
        pieces.extend([part] if is_known_name(part) else split_and(part))
        i = j
    names: list[str] = []
    for piece in (clean_name(p) for p in pieces):
        if not piece:
            continue
        last = names[-1].rsplit(", ", 1)[-1] if names else ""
        if names and (_UNIT_WORDS.match(piece) and _continues_hierarchy(names[-1])):
            names[-1] = f"{names[-1]}, {piece}"
        elif names and len(last.split()) == 1 and not last.isupper() and not _known_single(last):
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    return names


def split_and(part: str) -> list[str]:
    """Split on ' and ' before a capital, except inside a country name ('Trinidad and
    Tobago') or an organisation name of the reference list."""
    pieces = [p for p in re.split(r"\s+and\s+(?=(?:the\s+)?[A-Z])", part) if p.strip()]
    merged: list[str] = []
    for piece in pieces:
        if merged:
            left = merged[-1].split()[-3:]
            right = piece.split()[:3]
            joined = any(gazetteer().lookup(" ".join(left[-i:] + ["and"] + right[:j]))
                         for i in range(1, len(left) + 1) for j in range(1, len(right) + 1))
            if joined or is_known_name(f"{merged[-1]} and {piece}"):
                merged[-1] = f"{merged[-1]} and {piece}"
                continue
        merged.append(piece)
    return merged


def is_known_name(text: str) -> bool:
    """True when the text is a reference organisation's name, alias or 'Name (ACRONYM)'."""
    name = clean_name(text)
    if name in known_names() or normalise_name(name) in known_normalised_names():
        return True
    m = re.match(r"^(?P<name>.+?)\s*\((?P<acr>[A-Z][A-Za-z]{1,10})\)$", name)
    return bool(m and m["acr"] in known_names()
                and normalise_name(m["name"]) in known_normalised_names())


def _continues_hierarchy(previous: str) -> bool:
    """A list item that a unit name can hang under: a country, a ministry, an IOM name."""
    return bool(
        gazetteer().lookup(previous)
        or re.match(r"^(?:Republic of|Government of|Ministry|Kingdom of)\b", previous, re.I)
        or re.search(r"\bIOM\b|International Organi[sz]ation for Migration", previous)
    )


def _known_single(word: str) -> bool:
    return word in known_names() or gazetteer().lookup(word) is not None


def country_mentions(text: str, *, role: str, field: str) -> tuple[list[CountryMention], list[str]]:
    """Countries named in a text, each with the sentence that names it as evidence, and the
    runs of words that named no country."""
    seen: dict[str, CountryMention] = {}
    leftovers: list[str] = []
    for sentence in sentences(text) or [text]:
        found, left = gazetteer().scan(sentence)
        leftovers += left
        for m in found:
            seen.setdefault(m.code, CountryMention(name=m.words, role=role, field=field,
                                                   evidence=sentence.strip()))
    return list(seen.values()), leftovers


def find_events(text: str, *, field: str) -> list[EventRecord]:
    """Events that prose says happened ('IOM conducted a joint field visit to ...'): the first
    sentence of each kind that says the event happened, with the countries it names."""
    events: list[EventRecord] = []
    kinds_done: set[str] = set()
    for sentence in sentences(text):
        if not _HAPPENED.search(sentence):
            continue
        for kind, pattern in _EVENT_WORDS:
            m = pattern.search(sentence)
            if not m or kind in kinds_done:
                continue
            kinds_done.add(kind)
            articles = [a.end() for a in _ARTICLE.finditer(sentence, 0, m.start())]
            phrase = sentence[articles[-1] if articles else m.start():].rstrip(".")
            phrase = _PHRASE_END.split(phrase)[0].strip()
            name = phrase[:1].upper() + phrase[1:]
            place = _EVENT_PLACE.search(sentence, m.end())
            mentions, _ = country_mentions(sentence, role="event", field=field)
            events.append(EventRecord(name=name[:160], kind=kind, description=sentence,
                                      place=place["place"] if place else None,
                                      countries=mentions, evidence={"name": sentence}))
            break
    return events


# A role that prose gives an organisation, as a role in a project (None: a mention).
PROJECT_ROLES = {"funding": "funding", "implementing": "implementing", "partner": "partner",
                 "beneficiary": "beneficiary", "supporter": "partner"}
EVENT_ROLES = {"host": "host", "supporter": "supporter", "participant": "participant"}


def prose_organisations(doc: Document, text: str, *, project: ProjectRecord | None = None,
                        event: EventRecord | None = None) -> None:
    """Organisations that running text names: a role the sentence gives attaches them to the
    page's project (or the item's event); the others are mentions of the document. Names a
    labelled field already gives are not repeated."""
    from borderkg.extract import find_organisations

    given = {normalise_name(o.name) for o in
             [*(project.organisations if project else []),
              *(event.organisations if event else []), *doc.mentions]}
    for m in find_organisations(text):
        if normalise_name(m.name) in given:
            continue
        given.add(normalise_name(m.name))
        if project is not None and m.role in PROJECT_ROLES:
            project.organisations.append(OrgMention(m.name, PROJECT_ROLES[m.role], "text",
                                                    m.evidence))
        elif event is not None and m.role in EVENT_ROLES:
            event.organisations.append(OrgMention(m.name, EVENT_ROLES[m.role], "text",
                                                  m.evidence))
        else:
            doc.mentions.append(m)


def prose_amounts(doc: Document, text: str) -> None:
    """Amounts of money the running text states, with their sentences; a project's budget
    field written again in the text is not repeated."""
    budgets = {p.budget.written for p in doc.projects if p.budget is not None}
    seen = {written for _, written in doc.amounts}
    for sentence in sentences(text):
        for money, written in amounts_in_text(sentence):
            if written not in budgets and written not in seen:
                seen.add(written)
                doc.amounts.append((money, sentence))


def add_project(doc: Document, project: ProjectRecord, *, prose: str,
                derive: Callable[[ProjectRecord], str], text: str | None = None) -> Document:
    """Finish a page: the events its prose reports (related to the project), the
    organisations its text names, a derived label when the page has no title, and the
    project itself."""
    for event in find_events(prose, field="description"):
        event.related_projects.append(project.title or "")
        doc.events.append(event)
    prose_organisations(doc, text if text is not None else prose, project=project)
    if project.title is None:
        project.derived_label = derive(project)
    doc.projects.append(project)
    prose_amounts(doc, text if text is not None else prose)
    return doc


def title_before(lines: list[str], index: int) -> str | None:
    """The title of a page: the nearest line above `index` that is not navigation.

    Navigation lines start with '-' or '•', repeat the line next to them, or are very short.
    The first other line decides: a sentence (ending with '.') means the page has no title.
    """
    i = index - 1
    while i >= 0:
        line = lines[i].strip()
        i -= 1
        if not line or line.startswith(("-", "•")):
            continue
        repeated_above = i >= 0 and lines[i].strip() == line
        repeated_below = i + 2 < len(lines) and lines[i + 2].strip() == line
        if repeated_above or repeated_below:
            continue
        if len(line.split()) < 3:
            continue
        if line.endswith(".") or len(line) > 300:
            return None
        return line
    return None


def strip_period(title: str) -> tuple[str, str | None]:
    """A title without its trailing period in parentheses: ('Title', '2009 - 2011')."""
    m = re.match(r"^(?P<title>.+?)\s*\((?P<period>[^()]*\d{4}[^()]*)\)\s*$", title)
    if m:
        return m["title"].strip(), m["period"]
    return title.strip(), None


def org_mentions(names: list[str], *, role: str, field: str, evidence: str) -> list[OrgMention]:
    """Mentions for names in a role, all with the same evidence text."""
    return [OrgMention(name=n, role=role, field=field, evidence=evidence) for n in names]
