"""The hostile-input suite: what an attacker or a careless user feeds the tool, and what it
must do instead of stalling, aborting, leaking or half-showing.

- test_queries.py: SERVICE, LOAD, FROM and updates in every query path with the known
  evasions (CR comments, codepoint escapes, case, nesting); no outbound request even when a
  check is fooled (the worker's socket guard); runaway queries stopped at their deadline and
  row cap; parameter injection.
- test_files.py: entity bombs and XXE in every XML path (after long comments, in UTF-16),
  malformed IATI (overflowing, NaN and impossible numbers and dates, duplicate ids), files that
  are not pages, NUL and control characters, deep nesting and huge pages in bounded time,
  hostile curation YAML and codelists; the good files of the same run always land.
- test_outputs.py: markup in every output format (terminal, Markdown, HTML) and escape
  sequences kept from the terminal.
- test_crashes.py: kill -9 at random points of an ingest, with readers seeing only committed
  graphs; two writers at once; `validate` never fetches owl:imports.
- test_properties.py: property tests of the page and IATI parsers (never crash; a bad record
  next to good ones never loses the good ones).
"""
