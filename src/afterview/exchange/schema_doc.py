"""The afterview/1 field reference, written from the shipped JSON Schema.

`python -m afterview.exchange.schema_doc > docs/afterview-1.md` regenerates it;
a test keeps the file and the schema in step, so every field stays documented.
"""

from __future__ import annotations

import json
from typing import Any

from afterview.exchange.document import schema


def _type(node: dict[str, Any]) -> str:
    if "enum" in node:
        return " \\| ".join(f"`{v}`" for v in node["enum"])
    if "const" in node:
        return f"`{node['const']}`"
    if node.get("format") == "date":
        return "date `YYYY-MM-DD`"
    kind = node.get("type", "object")
    if kind == "array":
        return f"list of {_type(node.get('items', {}))}"
    return str(kind)


def _rows(node: dict[str, Any], path: str, out: list[str]) -> None:
    required = set(node.get("required", ()))
    for name, child in node.get("properties", {}).items():
        where = f"{path}.{name}" if path else name
        default = f" Default: `{json.dumps(child['default'])}`." if "default" in child else ""
        need = "yes" if name in required else ""
        description = child.get("description", "").replace("|", "\\|")
        out.append(f"| `{where}` | {_type(child)} | {need} | {description}{default} |")
        item = child.get("items", child)
        if isinstance(item, dict) and item.get("type") == "object":
            _rows(item, where + ("[]" if child.get("type") == "array" else ""), out)
        extra = child.get("additionalProperties")
        if isinstance(extra, dict):
            out.append(f"| `{where}.<name>` | object | | {extra.get('description', '')} |")
            _rows(extra, f"{where}.<name>", out)


def render() -> str:
    document = schema()
    lines = [
        "# The afterview/1 document",
        "",
        document["description"],
        "",
        "Generated from `src/afterview/schema/afterview-1.schema.json`; unknown fields are refused.",
        "",
        "| field | type | required | meaning |",
        "|---|---|---|---|",
    ]
    _rows(document, "", lines)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
