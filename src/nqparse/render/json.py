"""JSON and YAML: the public contract, as-is."""
from __future__ import annotations

import json

from ..schema import Resolution


def to_dict(resolution: Resolution) -> dict:
    return resolution.model_dump(mode="json")


def to_json(resolution: Resolution) -> str:
    return json.dumps(to_dict(resolution), ensure_ascii=False, indent=2)


def to_yaml(resolution: Resolution) -> str:
    import yaml

    return yaml.safe_dump(to_dict(resolution), allow_unicode=True, sort_keys=False, width=100)
