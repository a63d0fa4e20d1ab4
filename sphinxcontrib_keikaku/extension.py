"""Wiring: every part of keikaku registered with Sphinx, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinxcontrib_keikaku.output import latex, opendata
from sphinxcontrib_keikaku.output.a11y import setup_a11y
from sphinxcontrib_keikaku.output.assets import add_assets
from sphinxcontrib_keikaku.output.axisbadges import setup_axes
from sphinxcontrib_keikaku.output.charts import setup_charts
from sphinxcontrib_keikaku.output.dashboardsetup import setup_dashboard
from sphinxcontrib_keikaku.output.epub import setup_epub
from sphinxcontrib_keikaku.output.lang import setup_lang
from sphinxcontrib_keikaku.output.resolve import resolve_parts
from sphinxcontrib_keikaku.output.sheets_builder import setup_sheets_builder
from sphinxcontrib_keikaku.output.tables import setup_tables
from sphinxcontrib_keikaku.output.visitors import HTML_BUILDERS, setup_nodes
from sphinxcontrib_keikaku.sphinxext import (
    apps,
    config,
    external_hooks,
    hooks,
    needs_bridge,
    opinions_needs,
    priorities,
    reporting,
    sheet_needs,
    state,
)
from sphinxcontrib_keikaku.sphinxext.anchors import PlanAnchors
from sphinxcontrib_keikaku.sphinxext.diagrams import setup_diagrams
from sphinxcontrib_keikaku.sphinxext.directives import DIRECTIVES
from sphinxcontrib_keikaku.sphinxext.domain import (
    KeikakuDomain,
    pages_needing_changed_programs,
)
from sphinxcontrib_keikaku.sphinxext.historydirective import HISTORY_DIRECTIVES
from sphinxcontrib_keikaku.sphinxext.i18n import LOCALE_DIR, MESSAGE_CATALOG_NAME
from sphinxcontrib_keikaku.sphinxext.opinions_directive import (
    OPINION_DIRECTIVES,
    OpinionDirective,
)
from sphinxcontrib_keikaku.sphinxext.plan_catalogue import setup_plan_catalogue
from sphinxcontrib_keikaku.sphinxext.presentation import TABLE_DIRECTIVES
from sphinxcontrib_keikaku.sphinxext.presentation_external import EXTERNAL_DIRECTIVES
from sphinxcontrib_keikaku.sphinxext.record_directive import EvaluationRecordDirective
from sphinxcontrib_keikaku.sphinxext.translation import setup_translation

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Bumped whenever the stored plan data changes shape or its classes move:
#: old environments are then read afresh instead of being misread.
#: 6: the 0.2 model (axes, evaluation records, survey years, planned cost
#: and funding of budget links, served external objects); 7: derived record
#: ids ``M1~2024-1`` (were ``M1.2024.1``), sheet records as needs; 9: the
#: programs each page needs, and whether they were found (.programs); 10:
#: staff time of budget links; 11: opinions (市民の声), a plan object's
#: record tag on its class (``PlanObject.TAG``)
ENV_VERSION = 11


def setup_extension(app: Sphinx, version: str) -> dict[str, Any]:
    """Register keikaku with *app*; the metadata :func:`setup` returns."""
    app.setup_extension("sphinx_needs")
    app.add_message_catalog(MESSAGE_CATALOG_NAME, str(LOCALE_DIR))
    config.register(app)
    app.add_domain(KeikakuDomain)
    setup_nodes(app)
    setup_a11y(app)
    setup_diagrams(app, HTML_BUILDERS)
    setup_epub(app)
    app.add_transform(PlanAnchors)
    setup_tables(app)
    for name, directive in {**TABLE_DIRECTIVES, **EXTERNAL_DIRECTIVES}.items():
        app.add_directive(name, directive)
    for name, directive in {**HISTORY_DIRECTIVES, **OPINION_DIRECTIVES}.items():
        app.add_directive(name, directive)
    setup_charts(app)
    setup_axes(app)
    setup_dashboard(app)
    setup_translation(app)
    setup_lang(app)
    setup_plan_catalogue(app)
    setup_sheets_builder(app)

    app.connect(
        "config-inited", needs_bridge.configure, priority=priorities.NEEDS_DECLARATIONS
    )
    app.connect(
        "config-inited",
        sheet_needs.include_in_needs_json,
        priority=priorities.NEEDS_ADDITIONS,
    )
    app.connect("config-inited", hooks.on_config_inited)
    app.connect("config-inited", latex.configure)
    app.connect(
        "config-inited", _register_directives, priority=priorities.PLAN_DIRECTIVES
    )
    app.connect("builder-inited", apps.remember_app, priority=priorities.REMEMBER_APP)
    app.connect("builder-inited", add_assets)
    app.connect("env-get-outdated", hooks.on_env_get_outdated)
    app.connect("env-get-outdated", pages_needing_changed_programs)
    app.connect(
        "env-merge-info",
        needs_bridge.drop_duplicate_needs,
        priority=priorities.BEFORE_SPHINX_NEEDS,
    )
    app.connect("env-before-read-docs", external_hooks.on_env_before_read_docs)
    app.connect("env-before-read-docs", sheet_needs.forget_sheet_needs)
    app.connect("env-updated", hooks.on_env_updated)
    app.connect(
        "env-updated", sheet_needs.add_sheet_needs, priority=priorities.AFTER_PLAN_BUILT
    )
    app.connect(
        "env-updated",
        opinions_needs.add_opinion_sheet_needs,
        priority=priorities.AFTER_SHEET_NEEDS,
    )
    app.connect("env-updated", external_hooks.on_env_updated)
    app.connect("needs-before-post-processing", hooks.on_needs_before_post_processing)
    app.connect("doctree-resolved", resolve_parts)
    app.connect("build-finished", latex.copy_style)
    app.connect("build-finished", opendata.write_exports)
    app.connect("build-finished", reporting.finish, priority=priorities.SUMMARY)
    app.connect("build-finished", state.end, priority=priorities.DROP_STATE)

    return {
        "version": version,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _register_directives(app: Sphinx, _config: Any) -> None:
    for kind, directive in DIRECTIVES.items():
        app.add_directive(kind.value, directive, override=True)
    app.add_directive("evaluation", EvaluationRecordDirective, override=True)
    app.add_directive("opinion", OpinionDirective, override=True)
