"""`python -m qa`: the same as the `qa` command."""

from .cli import main

main(prog_name="qa")
