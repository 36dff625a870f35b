"""The bundled YAML data files read with libyaml's parser where PyYAML has it (five times
faster than the pure-Python one: the reference lists are read by every ingest worker)."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str) -> Any:
    """A bundled YAML document as Python data (safe: plain types only)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader)
