"""The command line's --store and --update-url options, and opening the store they name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from borderkg.cli_output import fail

if TYPE_CHECKING:
    from borderkg.store import Store

StoreOption = Annotated[str | None, typer.Option(
    "--store", envvar="BORDERKG_STORE",
    help="A directory (embedded Oxigraph store, created if missing), 'memory', or the query "
         "URL of a SPARQL 1.1 server (http://host/query). Default: ./borderkg-store.")]
UpdateUrlOption = Annotated[str | None, typer.Option(
    "--update-url", envvar="BORDERKG_UPDATE_URL",
    help="With a server as --store: its SPARQL Update URL (default: the --store URL). "
         "Credentials: $BORDERKG_STORE_USER, $BORDERKG_STORE_PASSWORD.")]


def open_cli_store(spec: str | None, update_url: str | None = None, *, must_exist: bool = True,
                   read_only: bool = False) -> Store:
    """The store a command names, or exit 2 saying why it cannot be opened."""
    from borderkg.store import StoreError, open_store

    try:
        return open_store(spec, update_url=update_url, must_exist=must_exist,
                          read_only=read_only)
    except StoreError as exc:
        fail(exc, 2)
