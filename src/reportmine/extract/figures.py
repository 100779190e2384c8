"""FIGURE records (placeholder until the rule extractor lands)."""
from __future__ import annotations

from ..doc import Doc
from ..records import Figure


def extract_figures(doc: Doc) -> list[Figure]:
    return []
