"""The build's state (``sphinxext/state.py``): one object per environment,
made and dropped by the build's events, never pickled."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from sphinxcontrib_keikaku.sphinxext.apps import app_of
from sphinxcontrib_keikaku.sphinxext.state import KeikakuState, state

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.sphinx("html", testroot="basic")
def test_state_lives_for_one_build(app: Any) -> None:
    seen: list[KeikakuState] = []

    def look(app_: Any, exception: BaseException | None) -> None:
        current = state(app_.env)
        # while the build runs: its plan, its application
        assert current.plan is not None and current.plan.objects
        assert app_of(app_.env) is app_
        seen.append(current)

    app.connect("build-finished", look)
    app.build()
    assert app.statuscode == 0
    assert len(seen) == 1
    after = state(app.env)
    # dropped once the build finished; the application is still noted
    assert after is not seen[0]
    assert after.plan is None and after.chart_drawer is None
    assert app_of(app.env) is app


@pytest.mark.sphinx("html", testroot="basic")
def test_state_is_never_pickled(app: Any) -> None:
    app.build()
    assert state(app.env).app is app
    data = pickle.dumps(app.env, pickle.HIGHEST_PROTOCOL)
    assert b"KeikakuState" not in data
    assert b"_keikaku_config_findings" not in data
    # the pickled environment is whole: its plan data is there
    loaded = pickle.loads(data)
    assert (
        loaded.domaindata["keikaku"]["objects"]
        == app.env.domaindata["keikaku"]["objects"]
    )


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    confoverrides={"keikaku_rules": {"no-such-rule": "error"}},
)
def test_settings_findings_outlive_one_build(app: Any, warning: Any) -> None:
    """The settings are checked once, on config-inited; every build of the
    application reports their findings, also a second ``app.build()``."""
    app.build()
    first = warning.getvalue()
    assert "no-such-rule" in first and "keikaku.config" in first
    warning.truncate(0)
    warning.seek(0)
    app.build()
    second = warning.getvalue()
    assert "no-such-rule" in second and "keikaku.config" in second
    # and the plan itself was built and written both times
    assert (app.outdir / "measures.html").is_file()
    assert "M1-1-1" in (app.outdir / "measures.html").read_text(encoding="utf8")
