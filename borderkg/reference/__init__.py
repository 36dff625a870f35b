"""Reference data: countries (ISO 3166-1 and 3166-3) and organisations, with their names."""

from __future__ import annotations

from borderkg.reference.countries import Country, load_countries
from borderkg.reference.organisations import OrganisationEntry, load_organisations

__all__ = ["Country", "OrganisationEntry", "load_countries", "load_organisations"]
