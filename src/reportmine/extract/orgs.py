"""ORG mentions (placeholder until the rule extractor lands)."""
from __future__ import annotations

from ..doc import Doc
from ..records import Mention


def extract_orgs(doc: Doc) -> list[Mention]:
    return []
