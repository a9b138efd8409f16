"""`python -m journey`: the command-line interface of DESIGN.md section 5."""

from journey.cli.main import main

__all__ = ["main"]
