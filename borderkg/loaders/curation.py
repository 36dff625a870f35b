"""Curation files: a researcher's decisions on project matching, in YAML.

    merge: [[key-or-IRI, key-or-IRI], ...]   # these two mentions are one project
    veto:  [[key-or-IRI, key-or-IRI], ...]   # these two are not, whatever the scores say

The file is the user's own but may come from anywhere, so it is read with YAML's safe loader,
without anchors and aliases (an alias bomb expands a small file into gigabytes) and within a
size limit; every error names the file, the line and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 10_000_000
RULES = ("merge", "veto")


class CurationError(ValueError):
    """A curation file that cannot be used (the message names the file and why)."""


@dataclass(frozen=True)
class Decision:
    """One curation decision: merge or veto, and the two projects (keys or IRIs)."""

    rule: str
    projects: tuple[str, str]


class _NoAliases(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.YAMLError(f"line {mark.line + 1}: anchors and aliases are not allowed")
        return super().compose_node(parent, index)


def parse_curation(text: str, *, name: str) -> list[Decision]:
    """The decisions of a curation file's text."""
    try:
        data = yaml.load(text, Loader=_NoAliases)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        raise CurationError(f"{name}: not readable YAML ({exc})") from exc
    if data is None:
        return []
    if not isinstance(data, dict) or set(data) - set(RULES):
        raise CurationError(f"{name}: expected a mapping with the keys merge and veto")
    out: list[Decision] = []
    for rule in RULES:
        entries = data.get(rule) or []
        if not isinstance(entries, list):
            raise CurationError(f"{name}: {rule} must be a list of pairs")
        for i, pair in enumerate(entries, 1):
            if not isinstance(pair, list) or len(pair) != 2 or \
                    not all(isinstance(p, str) and p.strip() for p in pair):
                raise CurationError(f"{name}: {rule} entry {i} must be a pair of project keys "
                                    "or IRIs")
            out.append(Decision(rule, (pair[0].strip(), pair[1].strip())))
    return out


def read_curation_file(path: Path) -> list[Decision]:
    """The decisions of a curation file (CurationError for what cannot be used)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CurationError(f"{path}: larger than {MAX_BYTES:,} bytes")
        text = path.read_text("utf-8")
    except OSError as exc:
        raise CurationError(f"{path}: unreadable ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise CurationError(f"{path}: not UTF-8 text") from exc
    return parse_curation(text, name=str(path))
