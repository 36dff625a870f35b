"""`python -m borderkg`: the command line, as the `borderkg` script runs it."""

from borderkg.cli import app

app(prog_name="borderkg")
