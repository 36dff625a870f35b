"""Records: what a loader reads from one source, as plain data with the evidence of each fact.

Loaders produce these; the resolver and the builder consume them. Names are kept as written
(resolution happens later), values are normalised but keep what was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Problem:
    """Something a loader could not read: which field (or line) and why."""

    field: str
    reason: str
    line: int | None = None


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the source gives: 'year' (2001), 'month' (2009-06) or 'day'."""

    value: str
    precision: str
    written: str


@dataclass(frozen=True)
class Money:
    """An amount in an ISO 4217 currency; `equivalent` is a second amount given in parentheses."""

    amount: Decimal
    currency: str
    written: str
    equivalent: Money | None = None


@dataclass(frozen=True)
class OrgMention:
    """An organisation named by a source, in a role, with the text that says so."""

    name: str
    role: str
    field: str
    evidence: str


@dataclass(frozen=True)
class CountryMention:
    """A country named by a source: 'beneficiary', 'mentioned', 'coordinating' or 'event'."""

    name: str
    role: str
    field: str
    evidence: str


@dataclass(frozen=True)
class PersonMention:
    """A person a source quotes or lists, with position and organisation as written."""

    name: str
    job_title: str | None
    organisation: str | None
    evidence: str


@dataclass
class ProjectRecord:
    """One source's description of one project."""

    title: str | None = None
    derived_label: str | None = None
    acronym: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)
    start: DateValue | None = None
    end: DateValue | None = None
    duration_months: int | None = None
    funding_year: str | None = None
    status: str | None = None
    project_type: str | None = None
    coverage: str | None = None
    region: str | None = None
    budget: Money | None = None
    description: str | None = None
    results: list[str] = field(default_factory=list)
    beneficiary_groups: list[str] = field(default_factory=list)
    organisations: list[OrgMention] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)

    @property
    def start_year(self) -> str | None:
        return self.start.value[:4] if self.start else None


@dataclass
class EventRecord:
    """One event a source reports: a meeting, field visit or training."""

    name: str
    kind: str  # meeting | field-visit | training | event
    start: DateValue | None = None
    end: DateValue | None = None
    place: str | None = None
    description: str | None = None
    organisations: list[OrgMention] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)
    related_projects: list[str] = field(default_factory=list)  # titles as written
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass
class Document:
    """Everything a loader read from one source document."""

    template: str
    language: str = "en"
    title: str | None = None
    published: DateValue | None = None
    projects: list[ProjectRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
