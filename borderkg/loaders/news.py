"""IOM news items: publication date, events (meetings and field visits with dates, place,
host, supporters and participants), projects named by quoted title, and people quoted."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from borderkg.loaders.extract import (
    country_mentions,
    find_events,
    prose_amounts,
    prose_organisations,
    sentences,
    split_list,
    split_names,
)
from borderkg.loaders.records import (
    CountryMention,
    DateValue,
    Document,
    EventRecord,
    OrgMention,
    PersonMention,
    Problem,
    ProjectRecord,
)
from borderkg.loaders.text import next_day, parse_date, parse_date_range
from borderkg.reference import load_countries
from borderkg.reference.gazetteer import gazetteer
from borderkg.textnorm import clean_name

TEMPLATE = "news-item"
DOCUMENT_TEMPLATE = "document"

_HEADER_WORDS = {"news", "local", "global", "press release", "press releases", "stories",
                 "story", "briefing notes", "actualités", "noticias"}
_DATELINE = re.compile(r"^(?P<place>[A-Z][\w .,'-]{1,40}?)\s+[–—-]\s+(?=[A-Z])")
_ON_DATES = re.compile(
    r"\b[Oo]n\s+(?P<dates>\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+[A-Z][a-z]+(?:\s+\d{4})?)")
_PLACE = re.compile(r"\b(?:gathered|met|meet|convened|took place|held)\s+(?:\w+\s+)?in\s+"
                    r"(?P<place>[A-Z][\w\-]+(?:\s[A-Z][\w\-]+)?)")
_FRAMEWORK = re.compile(r"\bunder the (?:framework|auspices) of (?:the )?(?P<fw>.+?)(?:\.|$)")
_HOSTED = re.compile(
    r"\bhosted by (?:the )?(?P<host>.+?)(?:\s+with\b|\s+in\b|,|\.|$)"
    r"|^(?:The\s+)?(?P<active>[A-Z][\w ]+?)\s+hosted the\s+"
    r"(?:meeting|event|panel|conference|workshop)")
_SUPPORT = re.compile(r"\bwith the support of (?P<list>.+?)(?:\s+under\b|\s+within\b|\.|$)")
_GATHERED = re.compile(r"\b(?:gathered|brought together|united) (?:representatives|participants|"
                       r"delegates|experts)? ?(?:from|of)? (?P<list>.+?)\.?$")
_FIELD_VISIT = re.compile(
    r"\b(?:a |the )?(?:field|study) visit to (?P<target>.+?)\s+(?:at|on|near|in) the "
    r"(?P<place>[\w\- ]+?border)\b", re.I)
_QUOTED = re.compile(r"[“”\"«]([^“”\"«»]{12,400}?)[“”\"»]")
_ACRONYM = re.compile(r"\s*\((?P<acr>[A-Z][A-Z0-9\-]{1,12})\)\s*$")
_FUNDED = re.compile(r"\b(?P<org>EU|[A-Z][A-Za-z]+)-funded\b|\bfunded by (?:the )?"
                     r"(?P<org2>[A-Z][\w ]+?)(?:[,.;]|\s+and\b|$)")
_IMPLEMENTER = re.compile(r"(?P<org>(?:the )?(?:IOM|International Organi[sz]ation for Migration)"
                          r"[\w ,()]*?)\s+(?:directly\s+)?(?:contributes to the implementation|"
                          r"implements|is implementing|implemented)")
_QUOTED_BY = re.compile(
    r"(?:noted|said|stated|stressed|underlined|explained|emphasi[sz]ed) by "
    r"(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)+), (?P<rest>[^“\"]+?),?\s*[“\"]")


_YEARLESS = re.compile(r"^\(?\d{1,2}[/.]\d{1,2}\)?$")
_ANY_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")


_NEWS_WORDS = re.compile(r"^(?:news|press releases?|press briefing notes?|briefing notes?|"
                         r"stories|story|actualités|communiqués? de presse|noticias|"
                         r"comunicados? de prensa|news release)$", re.I)


def detect(text: str) -> bool:
    """True for a news item: a publication date near the top, a news section word above the
    headline ('News', 'Press Release', 'Actualités', ...), or a dateline opening the text."""
    head = [line.strip() for line in text.splitlines() if line.strip()][:12]
    if any(_is_date_line(line) or _NEWS_WORDS.match(line) for line in head):
        return True
    return any(_DATELINE.match(line) and len(line) > 80 for line in head)


def _is_date_line(line: str) -> bool:
    if len(line) > 40 or not re.search(r"\d", line):
        return False
    if _YEARLESS.match(line):
        return True
    value = parse_date(line)
    return value is not None and value.precision == "day"


def _publication_date(line: str, text: str, doc: Document) -> DateValue | None:
    """The publication date; a date written without its year ('(29/09)') takes the latest
    year the item mentions, and says so."""
    value = parse_date(line)
    if value is not None:
        return value
    years = sorted(_ANY_YEAR.findall(text))
    if not years:
        doc.problems.append(Problem("date", f"publication date {line!r} has no year"))
        return None
    m = re.match(r"^\(?(\d{1,2})[/.](\d{1,2})\)?$", line.strip())
    value = parse_date(f"{m.group(1)}/{m.group(2)}/{years[-1]}") if m else None
    doc.problems.append(Problem("date", f"publication date {line!r} has no year; "
                                f"{years[-1]} taken from the text"))
    return value


def parse(text: str) -> Document:
    """Read a news item (pure: text in, records out). An item whose copy carries no date line
    still loads: its date is then unknown, and said so."""
    return _read(text, Document(template=TEMPLATE))


def parse_document(text: str) -> Document:
    """Read any other text about cooperation (a press release, a report's text, a page of no
    known layout): what it names, as for a news item, without a publication date."""
    return _read(text, Document(template=DOCUMENT_TEMPLATE))


def _read(text: str, doc: Document) -> Document:
    lines = [line.strip() for line in text.splitlines()]
    date_index = next((i for i, line in enumerate(lines[:40]) if line and _is_date_line(line)),
                      None)
    if date_index is not None:
        doc.published = _publication_date(lines[date_index], text, doc)
    elif doc.template == TEMPLATE:
        doc.problems.append(Problem("date", "no publication date found near the top; the "
                                    "date is unknown"))
    top = lines[:date_index] if date_index is not None else lines[:12]
    title_lines = [ln for ln in top if ln and ln.lower() not in _HEADER_WORDS
                   and not _NEWS_WORDS.match(ln) and 3 <= len(ln.split()) <= 30
                   and not ln.endswith(".")]
    doc.title = title_lines[0] if title_lines else None
    if date_index is None:
        date_index = lines.index(doc.title) if doc.title in lines else -1
    body_lines: list[str] = []
    for line in lines[date_index + 1:]:
        if line and (line == doc.title or (body_lines and line == body_lines[-1])):
            continue  # repeated headline or photo caption
        body_lines.append(line)
    body = "\n".join(body_lines)
    dateline: str | None = None
    if body_lines:
        m = _DATELINE.match(next((ln for ln in body_lines if ln), ""))
        if m:
            body = body.replace(m.group(0), "", 1)
            dateline = m["place"].strip(" ,")
    years = sorted(_ANY_YEAR.findall(text))
    year = int(doc.published.value[:4]) if doc.published else int(years[-1]) if years else None
    text_sentences = sentences(re.sub(r"\n\s*\n", "\n\n", body))
    doc.projects = _projects(text_sentences)
    meeting = _meeting(text_sentences, year, doc)
    if meeting is not None:
        doc.events.append(meeting)
        visit = _field_visit(text_sentences, meeting)
        if visit is not None:
            doc.events.append(visit)
    if meeting is None:
        # An event the text says happened, without its dates (they are then unknown).
        doc.events += find_events(body, field="text")
        meeting = doc.events[0] if doc.events else None
        place_code = gazetteer().place_country(dateline) if dateline else None
        for event in doc.events:
            if event.place is None and place_code is not None:
                # the dateline says where the item (and what it reports) happened
                event.place = dateline
                event.countries = [CountryMention(load_countries()[place_code].name, "event",
                                                  "dateline", dateline or "")]
    prose_organisations(doc, body, event=meeting)
    prose_amounts(doc, body)
    if meeting is not None:
        # States named as participants take part through their governments.
        meeting.organisations += [
            OrgMention(f"Government of {c.name}", "participant", "text", c.evidence)
            for c in meeting.countries if c.role == "participant"]
    return doc


def _meeting(text_sentences: list[str], year: int | None, doc: Document) -> EventRecord | None:
    """The meeting a news item reports, if it gives its dates ('On 13-14 June, ...')."""
    start: DateValue | None = None
    end: DateValue | None = None
    event = EventRecord(name=doc.title or "Event", kind="meeting")
    for sentence in text_sentences:
        m = _ON_DATES.search(sentence)
        if m and start is None:
            start, end = parse_date_range(m["dates"], default_year=year)
            event.evidence["start"] = sentence
            place = _PLACE.search(sentence)
            if place:
                event.place = place["place"]
                event.evidence["place"] = sentence
        if (fw := _FRAMEWORK.search(sentence)) and "framework" not in event.evidence:
            framework = re.sub(r"\s*\([A-Za-z]{2,6}\)", "", fw["fw"]).strip()
            event.name = f"{framework} meeting"
            event.evidence["framework"] = sentence
            event.related_projects += [p.title for p in doc.projects if p.title and
                                       fuzz.token_set_ratio(p.title, framework) >= 90]
        has_host = any(o.role == "host" for o in event.organisations)
        if (host := _HOSTED.search(sentence)) and not has_host:
            event.organisations.append(OrgMention(clean_name(host["host"] or host["active"]),
                                                  "host", "text", sentence))
        if support := _SUPPORT.search(sentence):
            event.organisations += [OrgMention(n, "supporter", "text", sentence)
                                    for n in split_names(support["list"])]
        if gathered := _GATHERED.search(sentence):
            _participants(event, gathered["list"], sentence)
        for person in _people(sentence):
            event.people.append(person)
    if start is None:
        return None
    event.start, event.end = start, end
    if event.place:
        code = gazetteer().place_country(event.place)
        if code is None:
            hosts = [o for o in event.organisations if o.role == "host"]
            event.countries += country_mentions(hosts[0].name, role="event", field="host")[0] \
                if hosts else []
        else:
            event.countries.append(CountryMention(load_countries()[code].name, "event", "place",
                                                  event.evidence["place"]))
    return event


def _participants(event: EventRecord, listing: str, sentence: str) -> None:
    """'A, B, EU Member States (Germany, Hungary), international organizations (IOM, ICMPD)'."""
    for item in split_list(listing):
        item = re.sub(r"^(?:and|as well as)\s+", "", item.strip())
        inner = re.search(r"\((?P<list>[^()]*,[^()]*)\)\s*$", item)
        if inner:
            names = [clean_name(n) for n in re.split(r",\s*|\s+and\s+", inner["list"]) if n.strip()]
            codes = [gazetteer().lookup(n) for n in names]
            if all(codes):
                event.countries += [CountryMention(n, "participant", "text", sentence)
                                    for n in names]
            else:
                event.organisations += [OrgMention(n, "participant", "text", sentence)
                                        for n in names]
        elif re.search(r"\b[A-Z]", item) and not re.fullmatch(r"(?i)civil society|media|academia",
                                                               item):
            event.organisations += [OrgMention(n, "participant", "text", sentence)
                                    for n in split_names(item)]


def _field_visit(text_sentences: list[str], meeting: EventRecord) -> EventRecord | None:
    """A field visit organised during the meeting ('On the second day ..., a field visit to')."""
    for sentence in text_sentences:
        m = _FIELD_VISIT.search(sentence)
        if not m:
            continue
        target = m["target"].replace("“", '"').replace("”", '"').strip()
        visit = EventRecord(name=f"Field visit to {target}", kind="field-visit",
                            place=m["place"].strip(), evidence={"name": sentence})
        if (day := re.search(r"\bsecond day\b[^,]*", sentence, re.I)) and meeting.start:
            following = next_day(meeting.start)
            if following:
                visit.start = visit.end = DateValue(following.value, "day", day.group(0))
        elif re.search(r"\bfirst day\b", sentence, re.I):
            visit.start = visit.end = meeting.start
        visit.countries = country_mentions(visit.place or "", role="event", field="place")[0]
        visit.organisations = [OrgMention(o.name, "host", "text", sentence)
                               for o in meeting.organisations
                               if o.role == "host" and o.name in sentence]
        return visit
    return None


def _projects(text_sentences: list[str]) -> list[ProjectRecord]:
    """Projects named by quoted, title-cased titles, with funder, implementer and countries
    taken from the sentence that names them."""
    projects: list[ProjectRecord] = []
    for sentence in text_sentences:
        titles = [t.strip() for t in _QUOTED.findall(sentence) if _looks_like_title(t)]
        if not titles:
            continue
        funders = [clean_name(m["org"] or m["org2"]) for m in _FUNDED.finditer(sentence)]
        implementer = _IMPLEMENTER.search(sentence)
        for written in titles:
            acronym = _ACRONYM.search(written)
            title = _ACRONYM.sub("", written).strip() if acronym else written
            project = ProjectRecord(title=title, acronym=acronym["acr"] if acronym else None)
            project.evidence["title"] = sentence
            project.organisations += [OrgMention(f, "funding", "text", sentence) for f in funders]
            if implementer:
                project.organisations.append(OrgMention(clean_name(implementer["org"]),
                                                        "implementing", "text", sentence))
            project.countries += country_mentions(title, role="beneficiary", field="title")[0]
            projects.append(project)
    return projects


def _looks_like_title(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w\-]*", text) if len(w) >= 4]
    if len(text.split()) < 4 or not text[:1].isupper() or text.rstrip()[-1:] in ".!?,;":
        return False
    return bool(sum(w[0].isupper() for w in words) >= 0.6 * len(words))


def _people(sentence: str) -> list[PersonMention]:
    """'As noted by Name Surname, Position, ORG, “...”' -> the person, position and org."""
    m = _QUOTED_BY.search(sentence)
    if not m:
        return []
    parts = [p.strip() for p in m["rest"].split(",") if p.strip()]
    organisation = parts[-1] if len(parts) > 1 else None
    job = ", ".join(parts[:-1] if organisation else parts) or None
    return [PersonMention(m["name"], job, organisation, sentence)]
