"""One CLI kit for every command line: each subcommand has its own help and is in the README,
takes --data after the subcommand, prints results with --json/--format, and refuses unusable
input with exit 2 and the same wording."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from dashboard import __main__ as dashboard_cli
from orchestration.cli import models as models_cli
from orchestration.cli import pipelines as pipelines_cli
from orchestration.cli import warehouse as warehouse_cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
CLIS = {"pipelines": pipelines_cli, "warehouse": warehouse_cli, "models": models_cli, "dashboard": dashboard_cli}


def _commands(module) -> dict:
    return dict(module.build().sub.choices)


def _with_actions(commands: dict) -> dict:
    """Subcommands and their actions (``users add``) by the words that call them."""
    out = {}
    for name, parser in commands.items():
        out[name] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                out.update({f"{name} {a}": p for a, p in action.choices.items()})
    return out


@pytest.mark.parametrize("package", sorted(CLIS))
def test_every_command_has_help_and_is_in_the_readme(package: str, capsys):
    commands = _commands(CLIS[package])
    assert len(commands) >= 3
    for name, parser in _with_actions(commands).items():
        with pytest.raises(SystemExit) as done:
            CLIS[package].main([*name.split(), "--help"])
        assert done.value.code == 0
        shown = capsys.readouterr().out
        assert shown.startswith(f"usage: python -m {package} {name}")
        assert " ".join(parser.description.split()) in " ".join(shown.split())  # help wraps lines
        assert f"python -m {package} {name}" in README, f"README lacks python -m {package} {name}"
        assert "--data" in shown  # accepted after the subcommand too


@pytest.mark.parametrize("package", sorted(CLIS))
def test_every_printing_command_has_json_and_format(package: str):
    for name, parser in _commands(CLIS[package]).items():
        options = {o for a in parser._actions for o in a.option_strings}
        if "--format" in options:  # --json, where offered, is --format json
            fmt = next(a for a in parser._actions if "--format" in a.option_strings)
            assert ("--json" in options) == ("json" in fmt.choices), (package, name)


def test_unusable_input_is_exit_2_with_one_wording(data: Path, capsys):
    assert models_cli.main(["backtest", "--data", str(data)]) == 2
    assert capsys.readouterr().err.startswith(f"error: no warehouse in {data}")
    assert pipelines_cli.main(["--data", str(data), "load", "--profile", "no-such-profile", "x.csv"]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert warehouse_cli.main(["query", "SELECT 1", "--data", str(data)]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert dashboard_cli.main(["users", "add", "li.na", "--role", "admin", "--data", str(data)]) == 0
    assert dashboard_cli.main(["users", "add", "li.na", "--role", "admin", "--data", str(data)]) == 2
    assert capsys.readouterr().err == "error: username: 'li.na' exists already\n"
    assert pipelines_cli.main(["--data", str(data), "grids"]) == 2
    assert capsys.readouterr().err == "error: grids needs --profile NAME FILE, or --square METRES\n"


def test_json_shorthand_and_format_agree(capsys):
    assert pipelines_cli.main(["profiles", "--json"]) == 0
    by_flag = json.loads(capsys.readouterr().out)
    assert pipelines_cli.main(["profiles", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == by_flag
    assert {"canonical", "baltimore-311", "chicago-crimes"} <= {p["name"] for p in by_flag}


def test_progress_is_plain_lines_in_a_log(capsys):
    """Output that is not a terminal (a service, a redirected first run) gets one line per step
    with the step count and elapsed time, not an invisible progress bar."""
    from orchestration.cli.output import StepBar

    with StepBar("demo city", 2, log_steps=True) as bar:
        bar("generate: grids")
        bar("load demo-cases")
    lines = capsys.readouterr().err.strip().splitlines()
    assert [line.split("]")[0] for line in lines] == ["[1/2", "[2/2"]
    assert lines[0].endswith("generate: grids") and " s  " in lines[1]
