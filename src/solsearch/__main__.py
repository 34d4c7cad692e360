"""`python -m solsearch` is the `solsearch` command."""

from solsearch.cli import cli

cli()
