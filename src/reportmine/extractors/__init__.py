"""Extraction: cleaned text in, records out. Every extractor is a pure function of the text.

Rule-based extractors live in one module per record kind. :func:`extract` runs them in order
(organisations first, because programmes and awardees read them) and combines them
with a trained model's mentions when one is given (see :mod:`reportmine.learn.model`).
"""
from __future__ import annotations

from reportmine.text.doc import Doc
from reportmine.records import Awardee, Extraction, Mention
from reportmine.extractors.awardees import extract_awardees
from reportmine.extractors.figures import extract_figures
from reportmine.extractors.orgs import extract_orgs
from reportmine.extractors.programmes import extract_programmes


def extract(text: str, model=None) -> Extraction:
    """All records of one cleaned text (``model``: a :class:`reportmine.learn.model.Model` to combine with the rules)."""
    return extract_doc(Doc(text), model)


def extract_doc(doc: Doc, model=None) -> Extraction:
    """All records of a document view (lets the caller reuse its shadow and tokens).

    Rules first; with a model, its mentions join them under the model's policy (:mod:`reportmine.learn.model`).
    """
    rules = extract_rules(doc)
    return model.combine(rules, doc) if model is not None else rules


def extract_rules(doc: Doc) -> Extraction:
    """The rule-based records of a document."""
    text = doc.text
    orgs = extract_orgs(doc)
    programmes = extract_programmes(doc, orgs)
    figures = extract_figures(doc)
    awardees = extract_awardees(doc, orgs)
    mentions = orgs + programmes + awardee_mentions(doc, awardees)
    return Extraction(text=text, mentions=sorted(mentions, key=lambda m: (m.start, m.end, m.label)),
                      figures=figures, awardees=awardees)


def awardee_mentions(doc: Doc, awardees: list[Awardee]) -> list[Mention]:
    """PERSON and HONOUR mentions at the spans of awardee names and honours (one per span)."""
    seen: dict[tuple[str, int, int], Mention] = {}
    for a in awardees:
        if a.kind == "person":
            seen.setdefault(("PERSON", a.start, a.end),
                            Mention("PERSON", doc.text[a.start:a.end], a.start, a.end, a.extractor, a.version, a.confidence))
        if a.honour_start is not None and a.honour_end is not None:
            key = ("HONOUR", a.honour_start, a.honour_end)
            seen.setdefault(key, Mention("HONOUR", doc.text[a.honour_start:a.honour_end], a.honour_start,
                                         a.honour_end, a.extractor, a.version, a.confidence))
    return list(seen.values())
