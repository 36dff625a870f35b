"""What the command line prints with: the two consoles and the one way to report an error.

Text from the data (file names, labels, messages quoting a file) is printed as plain text:
rich never reads markup in it and no control character reaches the terminal."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

console = Console()
errors = Console(stderr=True)


def fail(exc: object, code: int) -> NoReturn:
    """Say what went wrong and exit with `code`."""
    from borderkg.queries.formats import printable

    errors.print(f"[red]error:[/] {escape(printable(str(exc)))}")
    raise typer.Exit(code) from exc if isinstance(exc, BaseException) else None
