"""One small kit for every command line (``python -m pipelines|warehouse|models|dashboard``):

- ``--data DIR`` before or after the subcommand (default ``$GRIDPULSE_DATA`` or ``./data``);
- ``--format table|json`` (``csv`` where the output is a table) and ``--json`` as its shorthand,
  on every subcommand that prints a result;
- subcommands as real subparsers, each with its own help;
- exit codes (CONTRACT §1): 0 done, 2 unusable input or arguments (``error: <reason>`` on
  stderr, the warehouse unchanged), 1 an internal error (``internal error: <type>: <reason>``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from warehouse.settings import data_dir, private_files

Handler = Callable[[argparse.Namespace, Path], int]
DATA_HELP = "data directory (default: $GRIDPULSE_DATA or ./data)"


class UsageError(ValueError):
    """Unusable input or arguments: exit 2 with this one-line reason."""


class KitParser(argparse.ArgumentParser):
    """argparse with the kit's one-line refusal (exit 2) instead of a usage block and a second line."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see: {self.prog} --help)\n")


class Cli:
    """A command line: its parser, its subcommands and how their errors become exit codes."""

    def __init__(self, prog: str, description: str, usage_errors: tuple[type[BaseException], ...] = ()) -> None:
        self.parser = KitParser(prog=prog, description=description)
        self.parser.add_argument("--data", help=DATA_HELP)
        self.sub = self.parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        self.usage_errors: tuple[type[BaseException], ...] = (ValueError, FileNotFoundError, *usage_errors)

    def command(self, name: str, help_text: str, handler: Handler, *, formats: Sequence[str] = ()) -> argparse.ArgumentParser:
        """A subcommand; ``formats`` lists its output formats (the first is the default)."""
        p = self.sub.add_parser(name, help=help_text, description=help_text)
        _common(p, formats)
        p.set_defaults(handler=handler)
        return p

    @staticmethod
    def action(actions: argparse._SubParsersAction, name: str, help_text: str, *, formats: Sequence[str] = ()) -> argparse.ArgumentParser:
        """An action under a subcommand (``users add``), taking ``--data`` (and the output
        formats it offers) after it as well."""
        p = actions.add_parser(name, help=help_text, description=help_text)
        _common(p, formats)
        return p

    def main(self, argv: list[str] | None = None) -> int:
        args = self.parser.parse_args(argv)
        private_files()
        try:
            return args.handler(args, data_dir(args.data))
        except self.usage_errors as exc:
            return fail(str(exc))
        except Exception as exc:  # noqa: BLE001 - exit 1 with a one-line reason; the warehouse is unchanged
            print(f"internal error: {type(exc).__name__}: {_first_line(str(exc))}", file=sys.stderr)
            return 1


def _common(p: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    """--data after the subcommand, and --format / --json where it prints a result."""
    p.add_argument("--data", default=argparse.SUPPRESS, help=DATA_HELP)
    if formats:
        p.add_argument("--format", choices=list(formats), default=formats[0], help="output format")
        if "json" in formats:
            p.add_argument("--json", dest="format", action="store_const", const="json", help="same as --format json")


def fail(reason: str) -> int:
    """Report unusable input in the one wording every command uses; exit code 2."""
    print(f"error: {reason}", file=sys.stderr)
    return 2


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "(no reason given)"
