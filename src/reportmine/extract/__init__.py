"""Extraction: cleaned text in, records out. Every extractor is a pure function of the text.

Rule-based extractors live in one module per record kind; :func:`extract` runs them in order
(organisations and programmes first, because figures and awardees read them) and is the seam
where model-based extractors are combined with the rules.
"""
from __future__ import annotations

from ..doc import Doc
from ..records import Extraction
from .awardees import extract_awardees
from .figures import extract_figures
from .orgs import extract_orgs
from .programmes import extract_programmes


def extract(text: str) -> Extraction:
    """All records of one cleaned text."""
    doc = Doc(text)
    orgs = extract_orgs(doc)
    programmes = extract_programmes(doc, orgs)
    figures = extract_figures(doc)
    awardees = extract_awardees(doc, orgs)
    return Extraction(text=text, mentions=sorted(orgs + programmes, key=lambda m: (m.start, m.end)),
                      figures=figures, awardees=awardees)
