"""The command line, ``shoreline`` (or ``python -m sourcing``): the top layer. ``args`` parses
and builds the Scenario; ``commands`` runs a sub-command and writes its table. Heavy modules
(the brief, the workbook, the operating model) load only for the sub-command that needs them."""

from sourcing.cli.args import command_for
from sourcing.cli.commands import main, run

__all__ = ["command_for", "main", "run"]
