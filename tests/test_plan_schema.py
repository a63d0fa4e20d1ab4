"""``plan.json`` against its JSON Schema (issue 17): the schema shipped in
the package is valid, and every export (the example plans', every test
project's, and every build of the ``build`` fixture, see conftest) follows
it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOTS, run_build, validate_plan_json

from sphinxcontrib_keikaku.core.planfile import SCHEMA_VERSION
from sphinxcontrib_keikaku.output.opendata import SCHEMA_VERSION as WRITTEN

REPO = Path(__file__).parent.parent


def _schema() -> dict[str, object]:
    from importlib.resources import files

    text = (files("sphinxcontrib_keikaku") / "schemas" / "plan.schema.json").read_text(
        encoding="utf-8"
    )
    return json.loads(text)  # type: ignore[no-any-return]


def test_schema_is_valid_and_shipped() -> None:
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema_version"] == {"const": WRITTEN}  # type: ignore[index]
    # the version keikaku writes is the newest it reads
    assert WRITTEN == SCHEMA_VERSION


def test_schema_rejects_what_is_wrong(tmp_path: Path) -> None:
    """Strict about the fields that exist, open to added ones."""
    data = json.loads(
        (ROOTS / "test-external-served" / "_editions" / "previous.json").read_text(
            "utf8"
        )
    )
    validator = jsonschema.Draft202012Validator(_schema())
    assert list(validator.iter_errors(data)) == []
    data["objects"][0]["some_future_field"] = {"x": 1}
    data["some_future_section"] = []
    assert list(validator.iter_errors(data)) == []
    for breakage in (
        lambda d: d.pop("objects"),
        lambda d: d["objects"][0].pop("title"),
        lambda d: d["objects"][0].update(kind="goal"),
        lambda d: d.update(schema_version=2),
        lambda d: next(o for o in d["objects"] if o["kind"] == "indicator").update(
            target={"R7": 1}
        ),
        lambda d: next(o for o in d["objects"] if o["kind"] == "measure").update(
            serves=["M1"]
        ),
    ):
        broken = json.loads(json.dumps(data))
        breakage(broken)
        assert list(validator.iter_errors(broken)), breakage


ROOT_NAMES = sorted(p.name[len("test-") :] for p in ROOTS.glob("test-*") if p.is_dir())


@pytest.mark.parametrize("name", ROOT_NAMES)
def test_every_test_root_exports_valid_plan_json(name: str, tmp_path: Path) -> None:
    src = tmp_path / name
    shutil.copytree(ROOTS / f"test-{name}", src)
    result = run_build(src, tmp_path / "out")
    plan = result.outdir / "keikaku" / "plan.json"
    # even a plan full of defects is exported (the findings are in it)
    assert plan.is_file(), result.warnings
    validate_plan_json(plan)


def test_checked_in_copies_are_valid() -> None:
    """The fixtures other builds read are exports too."""
    copies = [
        *REPO.glob("example_*/_external/*.json"),
        *REPO.glob("example_*/_editions/*.json"),
        *ROOTS.glob("test-*/_external/*.json"),
        *ROOTS.glob("test-*/_editions/*.json"),
    ]
    assert len(copies) >= 5
    for path in copies:
        validate_plan_json(path)
