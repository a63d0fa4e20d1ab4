"""The priorities of keikaku's event handlers, in one place.

Sphinx calls the handlers of an event from the lowest priority up; a
handler connected without one runs at 500, as do nearly all of Sphinx's and
sphinx-needs' own. keikaku connects most of its handlers at that default; a
handler that must run before or after another one has its priority here,
with the handler it is ordered against. Compare them with sphinx-needs'
(``sphinx_needs.needs.setup``) when that dependency is updated.
"""

from __future__ import annotations

__all__ = [
    "AFTER_CHARTS_PUBLISHED",
    "AFTER_PLAN_BUILT",
    "AFTER_SHEET_NEEDS",
    "AXIS_DIRECTIVES",
    "BEFORE_SPHINX_NEEDS",
    "DROP_STATE",
    "NEEDS_ADDITIONS",
    "NEEDS_DECLARATIONS",
    "PLAN_DIRECTIVES",
    "PUBLISH_CHARTS",
    "REMEMBER_APP",
    "SUMMARY",
]

# --- config-inited ---------------------------------------------------------

#: keikaku's need types, fields and links declared to sphinx-needs
#: (``needs_bridge.configure``): after sphinx-needs resolves ``needs_types``
#: (12) and before it loads its configuration (``load_config``, 500), so
#: that a project's own ``needs_fields`` of the same name win and its own
#: types are kept beside keikaku's.
NEEDS_DECLARATIONS = 20

#: What the settings add to those declarations (the axes' need fields,
#: checked against keikaku's own just declared; the sheet records in
#: needs.json's filter): after :data:`NEEDS_DECLARATIONS`, still before
#: sphinx-needs loads its configuration (500).
NEEDS_ADDITIONS = NEEDS_DECLARATIONS + 1

#: The plan directives registered under each need type's name
#: (``extension._register_directives``): after sphinx-needs registered its
#: own directive under the same names (``load_config``, 500) and checked its
#: configuration (600), so that keikaku's override it.
PLAN_DIRECTIVES = 900

#: ``measure``, ``indicator`` and ``budget-link`` registered again with the
#: project's axes as options (``axisdirective.register_object_directives``):
#: after :data:`PLAN_DIRECTIVES`, which they subclass and replace.
AXIS_DIRECTIVES = PLAN_DIRECTIVES + 1

# --- builder-inited --------------------------------------------------------

#: The build's state made and its application noted (``apps.remember_app``,
#: ``state.begin``) before any handler at the default 500, keikaku's or
#: another extension's, can look it up.
REMEMBER_APP = 100

# --- env-merge-info, doctree-resolved --------------------------------------

#: Before sphinx-needs' handler of the same event (500): a parallel reader's
#: duplicate plan needs dropped before ``merge_data`` merges them
#: (env-merge-info); a needflow that cannot be drawn without Graphviz
#: replaced before ``process_need_nodes`` renders it (doctree-resolved).
BEFORE_SPHINX_NEEDS = 400

# --- env-updated -----------------------------------------------------------

#: The evaluation sheets' records added as needs
#: (``sheet_needs.add_sheet_needs``): after the plan is built
#: (``hooks.on_env_updated``, 500), and on env-updated, before sphinx-needs
#: freezes its needs (write-started).
AFTER_PLAN_BUILT = 600
#: The opinion sheets' rows added as needs
#: (``opinions_needs.add_opinion_sheet_needs``): after the evaluation
#: sheets' (AFTER_PLAN_BUILT), whose domain key they share, and still
#: before write-started.
AFTER_SHEET_NEEDS = 601

# --- html-collect-pages ----------------------------------------------------

#: The build's own files left out of an EPUB (``epub.leave_out_build_files``):
#: after the charts are published on the same event (charts.node, 500).
AFTER_CHARTS_PUBLISHED = 900

# --- build-finished --------------------------------------------------------

#: The charts waited for, reported and put in the output
#: (``charts.node._on_build_finished``): before the default handlers (500)
#: and before :data:`SUMMARY`, so that the problems a chart gave are counted.
PUBLISH_CHARTS = 400

#: The one-screen summary of findings, which fails the build on errors
#: (``reporting.finish``): after every handler that may still report
#: (500, :data:`PUBLISH_CHARTS`).
SUMMARY = 900

#: The build's state dropped (``state.end``): after every handler that may
#: still use it (:data:`PUBLISH_CHARTS`, 500, :data:`SUMMARY`).
DROP_STATE = 1000
