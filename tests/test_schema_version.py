"""The tracking schema is versioned: a model change without its JSON Schema fails here."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nqparse.cli import app
from nqparse.schema import Resolution

VERSIONED = Path(__file__).resolve().parents[1] / "src" / "nqparse" / "schema.json"
REGENERATE = "nqparse schema -o src/nqparse/schema.json"


def test_versioned_json_schema_matches_the_model():
    assert VERSIONED.is_file(), f"{VERSIONED} is missing; create it with: {REGENERATE}"
    versioned = json.loads(VERSIONED.read_text(encoding="utf-8"))
    current = Resolution.model_json_schema()
    assert versioned == current, (
        "the pydantic models in nqparse/schema.py changed but src/nqparse/schema.json did not; "
        f"if the change is intended, bump Resolution.schema_version when it breaks readers and run: {REGENERATE}"
    )


def test_schema_documents_the_public_fields():
    schema = json.loads(VERSIONED.read_text(encoding="utf-8"))
    assert schema["title"] == "Resolution"
    for key in ("metadata", "indicators", "tasks", "bodies", "references", "warnings", "text", "schema_version"):
        assert key in schema["properties"]
    indicator = schema["$defs"]["Indicator"]["properties"]
    assert indicator["id"]["examples"] == ["03-NQ/ĐUK#I.2.2-3"]
    assert "description" in schema["$defs"]["Span"]["properties"]["quote"]


def test_schema_command_writes_the_versioned_file(tmp_path):
    out = tmp_path / "schema.json"
    result = CliRunner().invoke(app, ["schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == Resolution.model_json_schema()
    assert out.read_text(encoding="utf-8") == VERSIONED.read_text(encoding="utf-8")


def test_json_written_by_schema_1_0_still_reads():
    """Schema 1.1 added deadlines as dates, products, table cells and tables; a 1.0 file has none
    of them and must still load (a workbook's register or a saved parse from last month)."""
    from tracking_sample import sample_resolution

    data = json.loads(sample_resolution().model_dump_json())
    data["schema_version"] = "1.0"
    data.pop("tables", None)
    for item in data["tasks"] + data["indicators"]:
        for key in ("due", "start", "recurrence", "product", "person", "source", "cell"):
            item.pop(key, None)
    old = Resolution.model_validate(data)
    assert old.schema_version == "1.0" and old.tables == []
    assert all(t.source.value == "text" and t.due is None for t in old.tasks)
