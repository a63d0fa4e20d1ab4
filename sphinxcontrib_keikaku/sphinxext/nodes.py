"""The doctree nodes keikaku's directives leave, pickled with the doctrees.

``plan_object`` is the compact block of one plan object; ``plan_part`` and
``plan_table`` are placeholders that the output layer replaces at resolve
time with content drawn from the whole plan (navigation, value tables, the
plan-wide tables), so that it is always computed from the current plan,
never from what a page saw when it was read. Their visitors are in
:mod:`sphinxcontrib_keikaku.output.visitors`.
"""

from __future__ import annotations

from docutils import nodes


class plan_object(nodes.General, nodes.Element):
    """The block of one plan object; its ``ids`` are the object id."""


class plan_title(nodes.paragraph):
    """The header line of a plan object: kind, id, title."""


class plan_part(nodes.General, nodes.Element):
    """Placeholder for resolve-time content of object ``object_id``.

    ``part`` is ``head`` (navigation up, key facts) or ``tail`` (value tables,
    navigation down).
    """


class plan_table(nodes.General, nodes.Element):
    """Placeholder for a plan-wide table, filled in at resolve time."""
