"""Extraction: cleaned text in, records out. Every extractor is a pure function of the text.

Rule-based extractors live in one module per record kind. :func:`extract` runs them in order
(organisations first, because programmes and awardees read them) and combines them
with a trained model's mentions when one is given (see :mod:`reportmine.learn.model`).
"""
from __future__ import annotations

from reportmine.text.doc import Doc
from reportmine.records import Awardee, Extraction, Mention, isolated
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
    Each extractor (and the model) runs isolated: one that raises costs only its own records, and
    the result's ``failures`` say which (:func:`reportmine.records.isolated`).
    """
    rules = extract_rules(doc)
    if model is None:
        return rules
    failures = list(rules.failures)
    combined = isolated("model", failures, model.combine, rules, doc, fallback=rules)
    combined.failures = failures
    return combined


def extract_rules(doc: Doc) -> Extraction:
    """The rule-based records of a document; an extractor that raises is in ``failures``, not its records."""
    text = doc.text
    failed: list = []
    orgs = isolated("orgs", failed, extract_orgs, doc, fallback=list)
    programmes = isolated("programmes", failed, extract_programmes, doc, orgs, fallback=list)
    figures = isolated("figures", failed, extract_figures, doc, fallback=list)
    awardees = isolated("awardees", failed, extract_awardees, doc, orgs, fallback=list)
    mentions = orgs + programmes + awardee_mentions(doc, awardees)
    return Extraction(text=text, mentions=sorted(mentions, key=lambda m: (m.start, m.end, m.label)),
                      figures=figures, awardees=awardees, failures=failed)


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
