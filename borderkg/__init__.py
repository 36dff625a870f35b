"""BorderKG: a knowledge graph of international border-management cooperation."""

from __future__ import annotations

__version__ = "0.1.0"
