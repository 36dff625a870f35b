"""The `borderkg` command line: parses arguments, calls the library, prints with rich."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.markup import escape

from borderkg import __version__
from borderkg.cli_network import network_cmd, viz_cmd
from borderkg.cli_output import console, errors, fail
from borderkg.cli_store import StoreOption, UpdateUrlOption, open_cli_store

if TYPE_CHECKING:  # the library is imported by the commands that use it (fast --help)
    from borderkg.pipeline.ingest import IngestReport
    from borderkg.queries.runner import QueryResult
    from borderkg.store import Store

# Named here so that --help needs no RDF library; tests/test_cli.py checks them against
# borderkg.queries.formats.FORMATS and borderkg.graph.export.FORMATS.
QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")
EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "xml")

Number = TypeVar("Number", int, float)

app = typer.Typer(help="BorderKG: a knowledge graph of border-management cooperation.",
                  no_args_is_help=True, add_completion=False)
def _version(value: bool) -> None:
    if value:
        console.print(f"borderkg {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print the version and exit.")] = False
         ) -> None:
    """BorderKG: ingest IOM pages and news into an RDF knowledge graph, query it with SPARQL,
    export it as Turtle and other RDF formats."""


def print_report(report: IngestReport) -> None:
    """The per-file outcome of an ingest, problems included."""
    from rich.table import Table

    from borderkg.queries.formats import shown

    table = Table(title="Ingest", show_lines=False)
    for col in ("file", "status", "template", "activities", "triples", "problems"):
        table.add_column(col, overflow="fold")
    for f in report.files:
        notes = [f.error] if f.error else []
        notes += [f"{p.field}{f' (line {p.line})' if p.line else ''}: {p.reason}"
                  for p in f.problems]
        style = {"failed": "red", "unchanged": "dim"}.get(f.status, "")
        table.add_row(shown(f.path), f"[{style}]{f.status}[/]" if style else f.status,
                      shown(f.template or ""), str(f.activities or ""), str(f.triples or ""),
                      shown("\n".join(notes[:5] + ([f"... and {len(notes) - 5} more"]
                                                    if len(notes) > 5 else []))))
    console.print(table)
    if report.resolution is not None:
        merged = sum(d.decision == "merged" for d in report.resolution.decisions)
        candidates = sum(d.decision == "candidate" for d in report.resolution.decisions)
        console.print(f"Project matching: {merged} merge(s), {candidates} candidate(s) for "
                      "curation (borderkg query match-candidates).")


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    store: StoreOption = None, update_url: UpdateUrlOption = None,
    curation: Annotated[Path | None, typer.Option(
        help="YAML file with 'merge' and 'veto' lists of project pairs (keys or IRIs).")] = None,
    codelists: Annotated[Path | None, typer.Option(
        help="Folder of official IATI codelist files (XML), for the labels of IATI codes.")
    ] = None,
) -> None:
    """Ingest IOM project pages and news items (.txt or .html) and IATI activity files
    (.xml, versions 1.0x and 2.0x); the format is detected.

    Unchanged files are skipped, changed files replace their graph, and the whole run is
    written at once: a failure leaves the store as it was. The exit status is 1 only when no
    file could be ingested."""
    from borderkg.pipeline.ingest import discover

    missing = [p for p in paths if not p.exists()]
    for p in missing:
        errors.print(f"[red]error:[/] {escape(str(p))}: no such file or folder")
    files = discover([p for p in paths if p.exists()])
    with open_cli_store(store, update_url, must_exist=False) as db:
        report = _ingest_with_progress(db, [p for p in paths if p.exists()], files, curation,
                                       codelists)
    print_report(report)
    if not report.loaded:
        errors.print("[red]error:[/] nothing could be ingested")
        raise typer.Exit(1)


def _ingest_with_progress(db: Store, paths: list[Path], files: list[Path],
                          curation: Path | None, codelists: Path | None) -> IngestReport:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from borderkg.pipeline.ingest import FileReport, ingest
    from borderkg.store import StoreError

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=errors, transient=True) as progress:
        task = progress.add_task("Files", total=len(files))
        activities = progress.add_task("IATI activities", total=None, visible=False)

        def advance(report: FileReport) -> None:
            progress.update(task, advance=1,
                            description=f"Files ({escape(Path(report.path).name)})")

        def activity(n: int) -> None:
            progress.update(activities, advance=n, visible=True)

        try:
            return ingest(db, paths, curation=curation, codelists=codelists, on_file=advance,
                          on_activity=activity)
        except (StoreError, ValueError, OSError) as exc:
            fail(exc, 1)


@app.command("queries")
def queries_cmd(fmt: Annotated[str, typer.Option(
        "--format", "-f", help="table, or json (name, title, description, parameters with "
                               "name, type and required, columns).")] = "table") -> None:
    """List the query library: name, title, parameters."""
    import json

    from rich.table import Table

    from borderkg.queries import library

    if fmt not in ("table", "json"):
        raise typer.BadParameter("choose table or json", param_hint="--format")
    if fmt == "json":
        listing = [{"name": q.name, "title": q.title, "description": q.description,
                    "parameters": [{"name": p.name, "type": p.kind, "required": p.required,
                                    "description": p.description} for p in q.parameters],
                    "columns": list(q.columns)}
                   for q in map(library.load, library.names())]
        sys.stdout.write(json.dumps(listing, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table(title="Query library")
    for col in ("name", "title", "parameters"):
        table.add_column(col, overflow="fold")
    for name in library.names():
        q = library.load(name)
        params = ", ".join(f"{p.name} ({p.kind}{', required' if p.required else ''})"
                           for p in q.parameters)
        table.add_row(name, q.title, params or "-")
    console.print(table)


def _parse_params(items: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--param")
        params[name.strip()] = value.strip()
    return params


@app.command("query")
def query_cmd(
    name: Annotated[str | None, typer.Argument(
        help="A library query name (see `borderkg queries`) or a .rq file.")] = None,
    sparql: Annotated[str | None, typer.Option("--sparql", help="An ad-hoc SPARQL query.")] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="NAME=VALUE for a library query parameter (repeatable).")] = None,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="Rows and booleans: table, csv, tsv, json, xml (W3C SPARQL "
                               "results) or md. Graphs (CONSTRUCT, DESCRIBE): turtle, "
                               "ntriples, jsonld or rdfxml.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")] = None,
    timeout_s: Annotated[float | None, typer.Option(
        "--timeout-s", help="Stop the query after this many seconds (default: 60 for ad-hoc "
                            "queries and .rq files, none for library queries; 0: none).")] = None,
    max_rows: Annotated[int | None, typer.Option(
        "--max-rows", help="Fail rather than give more rows than this (default: 1,000,000 for "
                           "ad-hoc queries and .rq files, none for library queries; 0: none).")
    ] = None,
    rates: Annotated[Path | None, typer.Option(
        "--rates", help="Convert money rows (columns amount, currency, year) with the rates of "
                        "this CSV (currency, to, date, rate, source); each converted figure "
                        "says how.")] = None,
    to: Annotated[str | None, typer.Option(
        "--to", help="The currency to convert into, when the rates file has several.")
    ] = None,
    relevant_only: Annotated[bool, typer.Option(
        "--relevant-only", help="Answer from the projects and events tagged as border "
                                "management only (by IATI sector or keywords; the `relevance` "
                                "query lists the tags and their evidence). Copies the rest of "
                                "the store into memory first.")] = False,
    store: StoreOption = None, update_url: UpdateUrlOption = None,
) -> None:
    """Run a library query, a .rq file or an ad-hoc query (--sparql).

    CSV, TSV, JSON and XML are the W3C SPARQL 1.1 results formats. Ad-hoc queries may not use
    SERVICE, LOAD or FROM, nor update: they read the local store only. Queries run in a separate
    process that opens the store read-only (so they run while another process writes) and is
    stopped at the deadline."""
    if fmt not in QUERY_FORMATS + GRAPH_FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(QUERY_FORMATS + GRAPH_FORMATS)}",
                                 param_hint="--format")
    if (name is None) == (sparql is None):
        raise typer.BadParameter("give a query name or file, or --sparql TEXT (not both)")
    from borderkg.queries import formats, library, runner
    from borderkg.queries.safety import CheckedQuery, UnsafeQueryError, check_query
    from borderkg.store import StoreError, open_store, spec_text

    title = None
    query: library.LibraryQuery | None = None
    try:
        if sparql is not None or (name or "").endswith(".rq"):
            text = sparql if sparql is not None else Path(name or "").read_text("utf-8")
            if param:
                raise typer.BadParameter("--param applies to library queries only")
            checked, bindings = check_query(text), None
            default_timeout, default_rows = runner.DEFAULT_TIMEOUT_S, runner.DEFAULT_MAX_ROWS
        else:
            query = library.load(name or "")
            title = query.title
            checked = CheckedQuery(query.text, "select")
            bindings = library.bind(query, _parse_params(param or []))
            default_timeout, default_rows = None, None
        if checked.form in ("select", "ask") and fmt in GRAPH_FORMATS:
            raise formats.FormatError(f"{checked.form.upper()} gives "
                                      f"{'rows' if checked.form == 'select' else 'a boolean'}: "
                                      f"use -f {', '.join(QUERY_FORMATS)}")
        if checked.form in ("construct", "describe") and fmt not in (*GRAPH_FORMATS, "table"):
            raise formats.FormatError(f"{checked.form.upper()} gives a graph: use -f "
                                      f"{', '.join(GRAPH_FORMATS)}")
        limits = runner.Limits(_limit(timeout_s, default_timeout), _limit(max_rows, default_rows),
                               relevant_only)
        spec = spec_text(store)
        result = runner.run(open_store(spec) if spec == "memory" else spec, checked, bindings,
                            limits)
    except (KeyError, OSError, UnsafeQueryError, library.ParameterError, runner.QueryError,
            StoreError, formats.FormatError) as exc:
        fail(exc, 2)
    if result.rows is None:
        _write(_graph_result(result, fmt), output)
        return
    rows = library.sort_lists(query, result.rows) if query is not None else result.rows
    if rates is not None:
        from borderkg.queries import money

        try:
            rows = money.convert(rows, money.read_rates(rates, to=to))
        except money.RatesError as exc:
            fail(exc, 2)
    if fmt == "table" and output is None:
        console.print(formats.to_table(rows, title=title))
        console.print(f"{len(rows.rows)} row(s)")
        return
    text_out = formats.render(rows, "csv" if fmt == "table" else fmt)
    if output is not None:
        output.write_text(text_out, encoding="utf-8")
        errors.print(f"{len(rows.rows)} row(s) written to {escape(str(output))}")
    else:
        sys.stdout.write(text_out)


def _limit(given: Number | None, default: Number | None) -> Number | None:
    """A limit as given on the command line (0: none), else the default."""
    if given is None:
        return default
    return given or None


def _graph_result(result: QueryResult, fmt: str) -> bytes:
    """An ASK or CONSTRUCT/DESCRIBE result in the format asked for."""
    from borderkg.graph.export import PREFIXES
    from borderkg.queries import formats

    if result.boolean is not None:
        return formats.boolean(result.boolean, fmt)
    return formats.graph(result.triples or [], fmt, prefixes=PREFIXES)


def _write(data: bytes, output: Path | None) -> None:
    if output is not None:
        output.write_bytes(data)
        errors.print(f"{len(data):,} bytes written to {escape(str(output))}")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help=", ".join(EXPORT_FORMATS))] = "turtle",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")] = None,
    graph: Annotated[str | None, typer.Option(help="Export only this named graph (IRI).")] = None,
    ontology: Annotated[bool, typer.Option("--ontology",
                                           help="Export the ontology alone.")] = False,
    include_ingest_log: Annotated[bool, typer.Option(
        help="Include the ingest log (ingest times), which makes the output change with "
             "the clock.")] = False,
    store: StoreOption = None, update_url: UpdateUrlOption = None,
) -> None:
    """Export the graph (or one named graph, or the ontology) deterministically.

    Turtle, N-Triples and RDF/XML hold the union of the graphs; N-Quads, TriG and JSON-LD keep
    the named graphs (one per source)."""
    if fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(EXPORT_FORMATS)}",
                                 param_hint="--format")
    from borderkg.graph import export as export_mod

    if ontology:
        data = export_mod.export_ontology(fmt)
    else:
        with open_cli_store(store, update_url, read_only=True) as db:
            data = export_mod.export(db, fmt, graph=graph,
                                     include_ingest_log=include_ingest_log)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        errors.print(f"{len(data):,} bytes written to {escape(str(output))}")


@app.command("validate")
def validate_cmd(
    store: StoreOption = None, update_url: UpdateUrlOption = None,
    owl: Annotated[bool, typer.Option(
        help="Also check OWL consistency with HermiT (Java).")] = True,
) -> None:
    """Validate the graph with the SHACL shapes and check OWL consistency with HermiT.

    The exit status is 1 when there is a SHACL violation or an OWL inconsistency."""
    from borderkg.graph.validate import validate
    from borderkg.ontology.reasoning import ReasonerUnavailableError

    try:
        with open_cli_store(store, update_url, read_only=True) as db:
            report = validate(db, owl=owl)
    except ReasonerUnavailableError as exc:
        fail(exc, 2)
    if report.violations:
        from rich.table import Table

        from borderkg.queries.formats import shown

        table = Table(title="SHACL results")
        for col in ("severity", "focus node", "path", "message"):
            table.add_column(col, overflow="fold")
        for v in report.violations:
            table.add_row(*(shown(x) for x in (v.severity, v.focus, v.path, v.message)))
        console.print(table)
    console.print(f"SHACL: {'conforms' if report.conforms else 'violations found'} "
                  f"({len(report.violations)} result(s))")
    if report.owl is not None:
        console.print(f"OWL (HermiT): {report.owl.message} ({report.owl.statements} statements)")
    if not report.ok:
        raise typer.Exit(1)


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option(help="The address to listen on (127.0.0.1: this "
                                           "machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 7878,
    timeout_s: Annotated[float, typer.Option(
        "--timeout-s", help="Stop each query after this many seconds (0: none).")] = 30.0,
    max_rows: Annotated[int, typer.Option(
        "--max-rows", help="Refuse answers of more rows than this (0: none).")] = 100_000,
    workers: Annotated[int, typer.Option(
        help="Queries that run at once (each in its own process); the rest wait.")] = 4,
    update_token_file: Annotated[Path | None, typer.Option(
        "--update-token-file", help="A file holding a secret (16 characters or more): "
        "SPARQL updates at /update are then accepted with 'Authorization: Bearer SECRET'.")
    ] = None,
    store: StoreOption = None, update_url: UpdateUrlOption = None,
) -> None:
    """Serve the store: a SPARQL 1.1 endpoint at /sparql (read-only without a token).

    Results by Accept: SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD.

    Queries are checked as --sparql queries are; past a limit is an error.

    Also: pages or RDF for IRIs (/id/...), /ontology, /.well-known/void and
    an offline query page at /."""
    from borderkg.store import spec_text
    from borderkg.web.app import Settings, serve

    spec = spec_text(store)
    if spec == "memory":
        raise typer.BadParameter("serve needs a store on disk or a server", param_hint="--store")
    if workers < 1:
        raise typer.BadParameter("at least 1", param_hint="--workers")
    open_cli_store(spec, update_url, read_only=True).close()
    token = None
    if update_token_file is not None:
        try:
            token = update_token_file.read_text("utf-8").strip()
        except OSError as exc:
            fail(exc, 2)
        if len(token) < 16:
            raise typer.BadParameter("the token must have 16 characters or more",
                                     param_hint="--update-token-file")
    mode = "updates at /update with the token" if token else "read-only"
    errors.print(f"SPARQL endpoint: http://{host}:{port}/sparql ({mode}; Ctrl-C stops)")
    serve(Settings(spec, timeout_s, max_rows, workers, update_token=token,
                   update_url=update_url), host=host,
          port=port)


@app.command("stats")
def stats_cmd(store: StoreOption = None, update_url: UpdateUrlOption = None) -> None:
    """Counts by class, sources, and the names no reference entry matched."""
    from borderkg.queries import formats, library

    with open_cli_store(store, update_url, read_only=True) as db:
        rows = db.select(library.load("stats", folder="internal").text)
        unresolved = library.run(db, library.load("unresolved"))
    console.print(formats.to_table(rows, title="Instances by class"))
    console.print(f"Unresolved names: {len(unresolved.rows)}")
    if unresolved.rows:
        console.print(formats.to_table(unresolved, title="Unresolved names"))


@app.command("demo")
def demo_cmd(
    out: Annotated[Path, typer.Option("--out",
                                      help="Folder for the outputs.")] = Path("demo-output"),
) -> None:
    """Run the whole pipeline on the bundled sample corpus and say where the outputs are."""
    from rich.table import Table

    from borderkg.demo import run_demo
    from borderkg.queries import formats
    from borderkg.store import Rows

    result = run_demo(out, on_report=print_report)
    keep = ("title", "start", "end", "countries", "funders", "implementers")
    idx = [result.projects.variables.index(c) for c in keep]
    summary = Rows(list(keep), [tuple(r[i] for i in idx) for r in result.projects.rows])
    console.print(formats.to_table(summary, title="Projects (borderkg query projects)"))
    console.print(f"SHACL: {'conforms' if result.validation.conforms else 'violations'}; "
                  f"OWL: {result.validation.owl.message if result.validation.owl else 'skipped'}")
    table = Table(title="Outputs")
    table.add_column("what")
    table.add_column("where", overflow="fold")
    for what, where in result.outputs.items():
        table.add_row(what, str(where))
    console.print(table)


# Network commands live in their own module (one command group per module).
app.command("network")(network_cmd)
app.command("viz")(viz_cmd)
