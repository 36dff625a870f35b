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
    # Organisations the text names outside any project or event field, with the role the
    # sentence gives them ('mentioned' where it gives none).
    mentions: list[OrgMention] = field(default_factory=list)
    # Amounts the running text states, each with its sentence.
    amounts: list[tuple[Money, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# IATI activities
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Narrative:
    """A text in one language (None when the file gives no language and no default)."""

    text: str
    lang: str | None


@dataclass(frozen=True)
class IatiOrg:
    """An organisation as IATI names it: identifier, type code, names, its activity id."""

    ref: str | None
    type: str | None
    names: tuple[Narrative, ...]
    activity_id: str | None = None
    role: str | None = None  # participating-org role code (1-4)

    @property
    def name(self) -> str | None:
        return self.names[0].text if self.names else None


@dataclass(frozen=True)
class IatiValue:
    """A value with its currency (the activity's default when not given) and value date."""

    amount: Decimal
    currency: str | None
    value_date: str | None


@dataclass(frozen=True)
class IatiBudget:
    type: str | None
    status: str | None
    period_start: str | None
    period_end: str | None
    value: IatiValue


@dataclass(frozen=True)
class IatiShare:
    """A recipient country, region or sector with its percentage."""

    code: str
    vocabulary: str | None
    percentage: Decimal | None
    names: tuple[Narrative, ...] = ()


@dataclass(frozen=True)
class IatiTransaction:
    ref: str | None
    type: str
    date: str | None
    value: IatiValue
    provider: IatiOrg | None
    receiver: IatiOrg | None
    humanitarian: bool | None = None
    # IATI 2.01+: a transaction may name its own recipient country or region and sectors
    # (then the activity names none); each stands for the whole transaction
    countries: tuple[IatiShare, ...] = ()
    regions: tuple[IatiShare, ...] = ()
    sectors: tuple[IatiShare, ...] = ()


@dataclass(frozen=True)
class IatiPlannedDisbursement:
    """Money an activity plans to pay out in a period (IATI planned-disbursement)."""

    type: str | None
    period_start: str | None
    period_end: str | None
    value: IatiValue
    provider: IatiOrg | None
    receiver: IatiOrg | None


@dataclass(frozen=True)
class IatiLocation:
    ref: str | None
    names: tuple[Narrative, ...]
    point: str | None


@dataclass
class IatiActivity:
    """One IATI activity, read in full from its XML element."""

    identifier: str
    line: int
    version: str
    default_lang: str | None = None
    default_currency: str | None = None
    reporting_org: IatiOrg | None = None
    titles: list[Narrative] = field(default_factory=list)
    descriptions: list[tuple[str, Narrative]] = field(default_factory=list)  # (type, text)
    status: str | None = None
    problems: list[Problem] = field(default_factory=list)  # fields dropped, and why
    dates: dict[str, str] = field(default_factory=dict)  # date type code (1-4) -> iso date
    participants: list[IatiOrg] = field(default_factory=list)
    countries: list[IatiShare] = field(default_factory=list)
    regions: list[IatiShare] = field(default_factory=list)
    sectors: list[IatiShare] = field(default_factory=list)
    budgets: list[IatiBudget] = field(default_factory=list)
    transactions: list[IatiTransaction] = field(default_factory=list)
    planned_disbursements: list[IatiPlannedDisbursement] = field(default_factory=list)
    flagged_dates: list[str] = field(default_factory=list)  # placeholder or impossible dates
    related: list[tuple[str, str]] = field(default_factory=list)  # (type code, identifier)
    other_ids: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    humanitarian: bool | None = None
    collaboration_type: str | None = None
    locations: list[IatiLocation] = field(default_factory=list)
