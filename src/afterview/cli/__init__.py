"""The command line interface (Typer app in `main`, commands beside it)."""
