"""PROGRAMME mentions (placeholder until the rule extractor lands)."""
from __future__ import annotations

from ..doc import Doc
from ..records import Mention


def extract_programmes(doc: Doc, orgs: list[Mention]) -> list[Mention]:
    return []
