"""Wikidata items of the reference countries and organisations (data/wikidata.yaml)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from borderkg.reference.yamldata import read_yaml


@cache
def _items() -> dict[str, dict[str, str]]:
    text = resources.files("borderkg.reference").joinpath("data", "wikidata.yaml")
    data = read_yaml(text.read_text("utf-8"))
    return {group: {str(k): str(v) for k, v in (data.get(group) or {}).items()}
            for group in ("countries", "organisations")}


def country_item(code: str) -> str | None:
    """The Wikidata item id ('Q183') of a country or former state, if checked."""
    return _items()["countries"].get(code)


def organisation_item(key: str) -> str | None:
    """The Wikidata item id of a reference organisation, if checked."""
    return _items()["organisations"].get(key)
