"""AWARDEE records (placeholder until the rule extractor lands)."""
from __future__ import annotations

from ..doc import Doc
from ..records import Awardee, Mention


def extract_awardees(doc: Doc, orgs: list[Mention]) -> list[Awardee]:
    return []
