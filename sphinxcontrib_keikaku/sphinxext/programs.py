"""Programs outside Python that a page may need, and what happens without them.

HTML needs nothing but Python. A few optional diagrams are drawn by a
program the machine may lack: sphinx-needs' ``needflow`` (and
``plan-logic-model`` when an author asks for ``:engine: graphviz``) run
Graphviz's ``dot``. When it is missing, the page shows a line in place of
the diagram and the build warns **once** (at the first page that needed
it), naming the program, what it is for and the install line for the
platform the build runs on (:func:`~.diagrams.report_missing`).

Whether the program was found is part of what decides that a page is
current: the domain notes, per document, the programs its doctree needs
(:func:`needed_by`, at read time) and, per build, whether each was found.
When that changes (Graphviz installed or removed since the last build),
``env-get-outdated`` returns the pages that need it
(:func:`~.domain.pages_needing_changed_programs`), so they are read and
written again, and an incremental build equals a fresh one.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = [
    "GRAPHVIZ",
    "Program",
    "install_line",
    "is_found",
    "needed_by",
]


@dataclass(frozen=True)
class Program:
    """A program some diagrams need."""

    #: The key in the environment and the name users know.
    name: str
    #: The configuration value naming the command (Sphinx's own setting).
    setting: str
    #: The command when the setting is empty.
    default_command: str
    #: The install command per ``sys.platform`` prefix (``linux``,
    #: ``darwin``, ``win32``); the first entry is the fallback.
    install: tuple[tuple[str, str], ...]

    def command(self, config: Config) -> str:
        return str(getattr(config, self.setting, "") or self.default_command)


#: Graphviz: sphinx-needs' needflow and ``sphinx.ext.graphviz`` run ``dot``.
#: On Windows the installer does not add ``dot`` to ``PATH``; the how-to
#: (docs/howto/publish.md) says to add it or set ``graphviz_dot``.
GRAPHVIZ = Program(
    name="Graphviz",
    setting="graphviz_dot",
    default_command="dot",
    install=(
        ("linux", "sudo apt-get install graphviz"),
        ("darwin", "brew install graphviz"),
        ("win32", "winget install --id Graphviz.Graphviz -e"),
    ),
)

PROGRAMS = (GRAPHVIZ,)


def install_line(program: Program, platform: str | None = None) -> str:
    """The command that installs *program* on *platform* (this machine's by
    default).

    >>> install_line(GRAPHVIZ, "darwin")
    'brew install graphviz'
    >>> install_line(GRAPHVIZ, "freebsd14")
    'sudo apt-get install graphviz'
    """
    platform = sys.platform if platform is None else platform
    for prefix, line in program.install:
        if platform.startswith(prefix):
            return line
    return program.install[0][1]


def is_found(app: Sphinx, program: Program) -> bool:
    """Whether the command configured for *program* can be run."""
    return shutil.which(program.command(app.config)) is not None


def needed_by(document: nodes.document) -> tuple[str, ...]:
    """The programs whose output *document* shows (read time).

    Graphviz: sphinx-needs' ``NeedflowGraphiz`` (left for the Graphviz
    engine; the PlantUML engine leaves another node) and
    ``sphinx.ext.graphviz``'s node, which ``plan-logic-model`` uses when an
    author asks for Graphviz and any page may use directly.
    """
    from sphinx.ext.graphviz import graphviz
    from sphinx_needs.directives.needflow import NeedflowGraphiz

    for node in document.findall(nodes.Element):
        if isinstance(node, (NeedflowGraphiz, graphviz)) or node.get(
            "keikaku_needs_graphviz"
        ):
            return (GRAPHVIZ.name,)
    return ()
