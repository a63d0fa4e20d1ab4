"""One HTML id per anchor: a plan object keeps its id, nothing else takes it.

Every link to a plan object (keikaku's own, sphinx-needs' ``need`` role, the
``url`` of ``plan.json``, another plan's links) ends in ``#<id>``, so the
object's id is its anchor and must be unique on its page.  Docutils gives
sections and labels ids of their own (``# Plan`` → ``plan``, ``(M1)=`` →
``m1``) without knowing the plan objects, so a heading or label could take
an object's id, giving the page two identical ids and sending links to the
section.  :class:`PlanAnchors` runs after docutils has placed every target
and before Sphinx collects the labels: a section or label that has an
object's id gets a fresh one (``plan-1``), which ``{ref}`` and the toctree
then use, and a ``keikaku.duplicate-id`` warning says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from sphinxcontrib_keikaku.core.findings import Finding
from sphinxcontrib_keikaku.core.model import Kind
from sphinxcontrib_keikaku.core.naming import describe_object
from sphinxcontrib_keikaku.core.rules import Rule
from sphinxcontrib_keikaku.sphinxext.domain import get_domain
from sphinxcontrib_keikaku.sphinxext.i18n import _
from sphinxcontrib_keikaku.sphinxext.nodes import plan_object

if TYPE_CHECKING:
    from collections.abc import Iterable


class PlanAnchors(SphinxTransform):
    """Give each plan object its id as the only HTML id of that name."""

    # After docutils' target transforms (the last, InternalTargets, is 660)
    # have moved label ids onto sections; Sphinx collects labels and the
    # table of contents afterwards, on doctree-read.
    default_priority = 700

    def apply(self, **kwargs: object) -> None:
        blocks = [b for b in self.document.findall(plan_object) if b["ids"]]
        if not blocks:
            return
        taken = set(self.document.ids)
        claimed: dict[str, plan_object] = {}
        for block in blocks:
            # a second object with this id gives up its anchor when it is
            # resolved (output/resolve.py): the plan and the links hold the
            # first, and the checks report the duplicate
            claimed.setdefault(block["ids"][0], block)
        for node in list(self.document.findall(nodes.Element)):
            if isinstance(node, plan_object):
                continue
            for index, node_id in enumerate(node["ids"]):
                owner = claimed.get(node_id)
                if owner is None:
                    continue
                fresh = self._fresh(node_id, taken, claimed)
                taken.add(fresh)
                node["ids"][index] = fresh
                self._rename(node, node_id, fresh)
                self._report(node, node_id, fresh, owner)
        for object_id, block in claimed.items():
            self.document.ids[object_id] = block

    @staticmethod
    def _fresh(node_id: str, taken: set[str], claimed: Iterable[str]) -> str:
        reserved = taken | set(claimed)
        number = 1
        while f"{node_id}-{number}" in reserved:
            number += 1
        return f"{node_id}-{number}"

    def _rename(self, node: nodes.Element, old: str, new: str) -> None:
        """Point everything that named *old* for *node* at *new*."""
        document = self.document
        if document.ids.get(old) is node:
            del document.ids[old]
        document.ids[new] = node
        for name, target in list(document.nameids.items()):
            if target == old:
                document.nameids[name] = new
        for other in document.findall(nodes.Element):
            if other.get("refid") == old and not isinstance(other, plan_object):
                other["refid"] = new
            if old in other.get("backrefs", []):
                other["backrefs"] = [new if b == old else b for b in other["backrefs"]]

    def _what(self, node: nodes.Element, new: str) -> str:
        labels = [
            name
            for name, target in self.document.nameids.items()
            if target == new and self.document.nametypes.get(name)
        ]
        if labels:
            return _("the label %r") % labels[0]
        if isinstance(node, nodes.section) and node.children:
            return _("the heading %r") % node[0].astext()
        return _("the target %r") % new

    def _report(
        self, node: nodes.Element, old: str, new: str, block: plan_object
    ) -> None:
        docname = self.env.docname
        # the label's own line, else the heading's
        lines = [
            t.line for t in self.document.findall(nodes.target) if t.get("refid") == new
        ]
        line = lines[0] if lines and lines[0] else node.line
        if line is None and node.children and isinstance(node[0], nodes.Element):
            line = node[0].line
        kind = Kind(block["kind"])
        title = ""
        for obj in get_domain(self.env).objects_of(docname):
            if obj.id == old:
                title = obj.title
                break
        what = self._what(node, new)
        get_domain(self.env).add_problem(
            Finding(
                Rule.DUPLICATE_ID,
                _(
                    "%(what)s has the HTML id %(id)s of %(object)s on the same "
                    "page; the object keeps #%(id)s, %(what)s gets #%(new)s: "
                    "rename the label or heading, or the object, to keep both "
                    "anchors as written"
                )
                % {
                    "what": what,
                    "id": old,
                    "object": describe_object(kind, old, title),
                    "new": new,
                },
                docname,
                line or block.line,
                old,
                # both anchors work; the warning says which one moved
                max_severity="warning",
            )
        )
