"""Prose -> mentions: what running text names (organisations, with the role the sentence gives
them). Pure functions: text in, records out; no store, no file."""

from __future__ import annotations

from borderkg.extract.organisations import OrgFinder, find_organisations

__all__ = ["OrgFinder", "find_organisations"]
