"""The afterview/1 JSON Schema's limits, written from the one spec (afterview.domain.limits).

`python -m afterview.exchange.schema_limits` rewrites the shipped schema with every
text field's maxLength and character pattern, every date's pattern (years 1900–2200),
every number's range and every list's maxItems as the spec declares them; a test
keeps the shipped file equal to what this writes, so the two cannot drift apart.
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

from afterview.domain import limits

# Which declared text limit each property of the document follows (by property name).
TEXT_KIND: dict[str, str] = {
    "name": "name", "email": "email", "phone": "phone", "subdivision": "subdivision", "timezone": "timezone",
    "strengths": "strength", "relationship": "relationship", "company": "company", "role": "role",
    "title": "title", "interviewers": "name", "person": "name", "topics": "topic", "promised": "topic",
    "files": "file", "goes_by": "name", "went_well": "debrief", "fell_short": "debrief", "questions": "question",
    "strong_topics": "topic", "topic": "topic", "addition": "question", "asked_by": "name", "task": "task_id",
    "why": "why", "note": "note", "reason": "why",
}
NUMBER_KIND: dict[str, str] = {"round": "round", "pipeline_target": "pipeline_target"}
LIST_KIND: dict[str, str] = {
    "applications": "applications", "references": "references", "strengths": "strengths", "people": "people",
    "interviews": "interviews", "interviewers": "interviewers", "interactions": "interactions",
    "employer_away": "employer_away", "topics": "notes", "promised": "notes", "questions": "notes",
    "strong_topics": "notes", "improve": "notes", "dismissals": "dismissals",
}
# Fields whose own pattern already says more than "no control characters".
_OWN_PATTERN = {"id", "country", "at"}


def _text(node: dict[str, Any], kind: str, name: str) -> None:
    limit = limits.text_limit(kind)
    node["maxLength"] = limit.max_length
    if name not in _OWN_PATTERN:
        node["pattern"] = limits.MULTILINE_PATTERN if limit.multiline else limits.ONE_LINE_PATTERN


def _apply(node: dict[str, Any], name: str) -> None:
    """Set the limits of the value `node`, a property called `name` (or an item of it)."""
    kind = node.get("type")
    if node.get("format") == "date":
        node["pattern"] = limits.DAY_PATTERN
    elif kind == "string" and name in TEXT_KIND:
        _text(node, TEXT_KIND[name], name)
    elif kind == "integer" and name in NUMBER_KIND:
        number = limits.NUMBERS[NUMBER_KIND[name]]
        node["minimum"], node["maximum"] = number.minimum, number.maximum
    elif kind == "integer" and name.endswith(("_days", "_months", "_contacts")):
        number = limits.NUMBERS["cadence"]
        node["minimum"], node["maximum"] = number.minimum, number.maximum
    if kind == "array":
        if name in LIST_KIND:
            node["maxItems"] = limits.MAX_ITEMS[LIST_KIND[name]]
        items = node.get("items")
        if isinstance(items, dict):
            _apply(items, name)
    if kind == "object" or "properties" in node:
        for child_name, child in node.get("properties", {}).items():
            _apply(child, child_name)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            _apply(extra, name)
            if "maxProperties" not in node and name in ("notes", "files"):
                node["maxProperties"] = limits.MAX_ITEMS["notes"]


def with_limits(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with every limit set from the spec (a copy; the argument is not changed)."""
    out = copy.deepcopy(schema)
    _apply(out, "$")
    return out


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=1) + "\n"


def shipped_path() -> Path:
    return Path(str(resources.files("afterview").joinpath("schema/afterview-1.schema.json")))


def main() -> None:
    path = shipped_path()
    path.write_text(schema_text(with_limits(json.loads(path.read_text("utf-8")))), "utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
