"""Every command has help text, and every command is documented in the README."""
import re

import pytest
from click.testing import CliRunner

from conftest import ROOT

from reportmine.cli import main

COMMANDS = sorted(main.commands)


def test_there_are_commands():
    assert {"run", "serve", "evaluate", "train", "merge"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help(name):
    command = main.commands[name]
    assert command.help and len(command.help.split()) >= 5, name
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    first = " ".join(command.help.split("\n\n")[0].split())
    assert first in " ".join(result.output.split())  # shown, however the terminal wraps it
    for param in command.params:  # every option says what it does
        if param.param_type_name == "option" and param.name != "help":
            assert param.help and len(param.help.split()) >= 2, f"{name} {param.opts}"


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_is_documented_in_the_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"reportmine {re.escape(name)}\b", readme), f"README never shows `reportmine {name}`"
