"""Reference organisations: canonical names, aliases, acronyms, kinds, parents, identifiers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from borderkg.reference.yamldata import read_yaml
from borderkg.textnorm import normalise_name


@dataclass(frozen=True)
class DatedName:
    """A name an organisation bore for a period (dates as written: year or day)."""

    name: str
    full: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class OrganisationEntry:
    """One organisation of the reference list (data/organisations.yaml)."""

    key: str
    name: str
    kind: str
    names: dict[str, str]
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    country: str | None = None
    parent: str | None = None
    iati: str | None = None
    successor: str | None = None
    dated_names: tuple[DatedName, ...] = ()

    def all_names(self) -> list[str]:
        """Canonical name, names in other languages and aliases (not the acronyms)."""
        return list(dict.fromkeys([self.name, *self.names.values(), *self.aliases]))


@cache
def load_organisations() -> dict[str, OrganisationEntry]:
    """The reference organisations by key."""
    text = resources.files("borderkg.reference").joinpath("data", "organisations.yaml")
    rows = read_yaml(text.read_text("utf-8"))
    entries: dict[str, OrganisationEntry] = {}
    for row in rows:
        entry = OrganisationEntry(
            key=row["key"], name=row["name"], kind=row["kind"], names=dict(row.get("names", {})),
            aliases=tuple(row.get("aliases", [])), acronyms=tuple(row.get("acronyms", [])),
            country=row.get("country"), parent=row.get("parent"), iati=row.get("iati"),
            successor=row.get("successor"),
            dated_names=tuple(DatedName(d["name"], d.get("full"), d.get("from"), d.get("until"))
                              for d in row.get("dated_names", [])),
        )
        if entry.key in entries:
            raise ValueError(f"organisations.yaml: duplicate key {entry.key}")
        entries[entry.key] = entry
    return entries


@cache
def known_names() -> frozenset[str]:
    """Every canonical name, alias and acronym, as written (for case-sensitive checks)."""
    return frozenset(n for e in load_organisations().values()
                     for n in (*e.all_names(), *e.acronyms))


@cache
def known_normalised_names() -> frozenset[str]:
    """The names and aliases of known_names(), normalised."""
    return frozenset(normalise_name(n) for e in load_organisations().values()
                     for n in e.all_names())
