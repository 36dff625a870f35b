"""Imported by the fork server of the page workers (ingest.WORKER_PRELOAD), never by a run's
own process: what reading any page needs (spaCy, the matchers of the reference names, ...)
is loaded here once, and every worker forked from the server starts with it instead of
building it (0.4 s of CPU a worker)."""

from __future__ import annotations

from borderkg.pipeline.ingest import warm_page_reading

try:
    warm_page_reading()
except Exception:
    # an error here would stop the server and leave the run without workers; each worker
    # meets it again on its first page, which fails the run with it
    pass
