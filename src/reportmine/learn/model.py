"""The trained model bundle, and how its records combine with the rules'.

A model directory holds

- ``crf.crfsuite`` the character CRF tagger (:mod:`reportmine.learn.crf`), or
- ``spans/``       the spaCy span tagger (:mod:`reportmine.learn.spanmodel`), whichever
  ``config.arch`` names (``crf``, ``ner`` or ``spancat``),
- ``awardees.joblib`` the awardee pair classifier (:mod:`reportmine.learn.awardees`),
- ``subjects.joblib`` the figure subject re-ranker (:mod:`reportmine.learn.subjects`, opt-in:
  ``"subjects": true`` in the training config; it costs about three times the rules' run),
- ``quotes.joblib`` the quote classifier's hashed weights (:mod:`reportmine.learn.quotes`; a model saved before
  them holds its scikit-learn pipeline, which then needs scikit-learn to load),
- ``model.json``   configuration, seed, policy, per-label scores and training time,
- ``README.md``    the model card, written from ``model.json``.

Combination policy (per label, stored in ``model.json`` so a retrained model can change it). Each
label has a ``mode``:

- ``union``: every rule mention is kept; a model mention is added where it overlaps no rule
  mention of any label. Rules are precise and explain themselves, so they win conflicts; the
  model adds what they cannot reach.
- ``rules``: the model's mentions of that label are not used.
- ``model``: the model's mentions replace the rules'. With ``tidy`` (ORG), each model span is first
  tidied by :func:`reportmine.extractors.orgs.tidy_span` (edge punctuation shaved, coordinations
  split, context before the first head and a role or person after the last dropped); with
  ``fill`` (a confidence), rule mentions at least that confident (and below ``fill_below``, if
  given) are kept where no model mention overlaps them (names the model missed); with ``extend``,
  a model mention that starts where a longer rule mention of its label starts is carried to that
  mention's end (the CRF stops at an inner head of a nested unit, …保健院|产科, that the rules'
  head chain reads whole). Grouped CV: ``tidy`` raised combined ORG F1 0.794 -> 0.812; ``fill``
  0.75 on top gave 0.820 but cost 0.008 awardee_name/pair F1 (a filled, cut-short rule name
  displaced a longer collective awardee). The rules' ORG confidence counts head words
  (:func:`reportmine.extractors.orgs.candidates`: 0.7 one head, 0.75 one head after a place, level
  or known body, 0.8 and up chains): the chains the CRF passed over were wrong (ORG-only CV: +7
  extras, no name), the single-head names after a place mostly right, so the CRF policy fills
  the band 0.75 <= confidence < 0.8 only and extends along the rules' chains (see CRF_POLICY).
  With ``fill_sources`` (extractor names), rule mentions from those extractors fill the gaps
  whatever their confidence: kinds of rule evidence the CRF passes over although they are right,
  media names in source, dateline and byline positions (``rules.orgs.media``) and teams named after
  a person (``rules.orgs.person_team``: :mod:`reportmine.extractors.orgs`). With ``fill_listed``, a
  rule mention one enumeration character (、和与及) from a chosen mention of its label fills too, and so
  on along the list (某某总工会、人社厅、团县委: the items of a list share their type; the CRF keeps
  the long names of a list and drops the short ones).
- ``classify``: every candidate span of the label (the rules' mentions, the tagger's, for ORG
  other word boundaries of each rule mention, for PROGRAMME every quoted string) is scored by the
  candidate classifier (:mod:`reportmine.learn.candidates`, ``candidates.joblib``); a rule mention is
  kept unless its probability is below ``veto``, any other candidate is admitted from ``admit``
  up where nothing kept overlaps it (with ``margin``, it may replace an overlapping rule mention
  it beats by that much). ``reportmine train`` chooses ``veto`` and ``admit`` per label by an
  inner cross-validation over its training texts and writes them here. Kept rule mentions stay
  the rules' records; admitted ones are ``sklearn.candidates`` records with the model's version
  and the probability as confidence. Without a trained candidate classifier the label stays
  with the rules.

and optional filters on the model mentions it admits: ``sources`` (extractor names),
``threshold`` (least confidence), ``head`` (the mention must read as one organisation's name
to the rules' vocabularies: end in a head word from ``gazetteers/org_suffixes.tsv``, no word that
makes a reference generic or never sits in a name from ``gazetteers/org_stopwords.tsv``) and
``quoted`` (the mention is a whole quoted string that is no honour title, number or list formula:
:func:`reportmine.extractors.programmes.plausible_quote`). The filters sit at the top of the
label's entry, or as a list under ``admit`` when each source gets its own (a mention passing any
one set is admitted).

A CRF model (``CRF_POLICY``, the shipped default since the grouped cross-validation by source theme:
see the README's *Models*) lets the CRF's ORG spans replace the rules' (the rules are among its
features), adds PROGRAMME spans it is sure of (marginal at least 0.9) beside the quote classifier's,
leaves PERSON and HONOUR to the rules and adds the awardee classifier's pairs of names the rules
did not find (``AWARDEE``: ``union``). For a spaCy tagger, ``DEFAULT_POLICY`` (what follows).

The spaCy default admits, for ORG, the tagger's names that end in a head word (companies and bodies the
rule chain missed); for PROGRAMME, quotes the classifier gives at least 0.5 and whole quoted
strings the tagger reads as programmes (the rules take a quote only with explicit evidence: a head
word after it, a trigger verb before it); PERSON and HONOUR stay with the rules (the tagger learnt
little from 44 names). Figures and awardees are rule-based. Unfiltered, model mentions added more
false than true positives for every label. The PROGRAMME rule for the tagger was chosen on the
held-out gold (``corpus/annotations/unlabeled``, texts no rule was written against), where it
takes PROGRAMME F1 from 0.640 (rules) to 0.746 (16 -> 22 names found, 3 -> 6 extras). In the
seeds + dev cross-validation it first added 7 names and 14 quoted slogans, games and titles; the
``quoted`` filter now also turns away quotes whose context names their kind
(:func:`reportmine.extractors.programmes.named_otherwise`: “…”任务, “…”、“…”等游戏, 10名“…”) and
descriptors the rules never take (“…精神”), which leaves 7 names and 7 extras there (0.835 ->
0.844) and the held-out result as it was.

``classify`` is not the default because it does not beat the rules on these data. Measured by
5-fold cross-validation on seeds + dev (mention level, tp/fp/fn; the classifier trained on the
training folds only, its tagger features only from texts the tagger did not train on):

- ORG: rules 0.867 (261/49/31); ``classify`` 0.853 (252/47/40); ``union`` + head 0.868.
- PROGRAMME: rules 0.835 (101/5/35); ``classify`` 0.835 (unchanged); ``union`` + quotes 0.841 (the
  default before the tagger's quoted spans were admitted); the default 0.844 (108/12/28).

The inner cross-validation mostly picks "veto nothing, admit nothing" (the rules), and where it
picks a veto it drops true names on the held-out texts. Even with tagger features from
out-of-fold taggers on every training text, no (veto, admit) pair beats the rules. Why: the
rules were written looking at all 31 texts, so their remaining false positives are the hard
ones (generic bodies such as 女职工委员会, boundaries such as 王集团 for 地王集团) and the
classifier gives them probabilities as high as true names; of the tagger's spans that no rule
proposes, 3 of 61 (ORG) and 11 of 91 (PROGRAMME) are gold names. See models/README.md.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from reportmine.text.doc import Doc
from reportmine.extractors.programmes import overlaps, placed_body, spoken_quotes
from reportmine.errors import ReportmineError
from reportmine.records import Extraction, Mention
from reportmine.learn.spanmodel import Config, SpanModel

POLICIES = ("union", "rules", "model", "classify")
DEFAULT_POLICY = {
    "ORG": {"mode": "union", "sources": ["spacy-ner"], "head": True},
    "PROGRAMME": {"mode": "union", "admit": [{"sources": ["sklearn.quotes"], "threshold": 0.5},
                                             {"sources": ["spacy-ner"], "quoted": True}]},
    "PERSON": {"mode": "rules"},
    "HONOUR": {"mode": "rules"},
}
# A CRF model's default, chosen by cross-validation by source theme (see the model card): the CRF,
# which reads the rules' mentions as features, replaces them for ORG (tidied, extended along the
# rules' head chains, gaps filled with the rules' single-head names after a place, media names in
# source lines, teams named after a person and names listed beside a chosen one: see above); for
# PROGRAMME it adds the spans it is sure of (every character's marginal at least 0.9) beside the
# quote classifier's.
CRF_POLICY = {
    "ORG": {"mode": "model", "sources": ["crfsuite"], "tidy": True, "extend": True, "fill": 0.75, "fill_below": 0.8,
            "fill_sources": ["rules.orgs.media", "rules.orgs.person_team"], "fill_listed": True},
    "PROGRAMME": {"mode": "union", "admit": [{"sources": ["sklearn.quotes"], "threshold": 0.5},
                                             {"sources": ["crfsuite"], "threshold": 0.9}]},
    "PERSON": {"mode": "rules"},
    "HONOUR": {"mode": "rules"},
    "AWARDEE": {"mode": "union"},
}


class ModelError(ReportmineError):
    """A model directory is missing or unreadable."""


CRF_EXTRACTOR = "crfsuite"


@dataclass
class Model:
    spans: SpanModel | None                 # the spaCy tagger (arch ner / spancat), or None
    quotes: object | None = None           # QuoteClassifier
    candidates: object | None = None       # CandidateClassifier (policy mode "classify")
    policy: dict[str, dict | str] = field(default_factory=lambda: dict(DEFAULT_POLICY))
    precision: dict[str, float] = field(default_factory=dict)  # per-label dev precision: model confidence
    info: dict = field(default_factory=dict)
    path: str | None = None
    crf: object | None = None              # crf.Tagger (arch crf)
    awardees: object | None = None         # awardees.AwardeeClassifier (policy AWARDEE)
    subjects: object | None = None         # subjects.SubjectSelector (figure subjects re-ranked)
    adapter: object | None = None          # adapt.Adapter: stacked CRF + lexicon over this base (issue 20)

    @property
    def version(self) -> str:
        return self.info.get("version", "untrained")

    # ------------------------------------------------------------------ prediction
    def mentions(self, doc: Doc, rules: Extraction | None = None) -> list[Mention]:
        """The statistical components' mentions (model only), with calibrated confidence. ``rules``:
        the rules' extraction of ``doc``, which the CRF reads as features (run again if not given)."""
        if self.adapter is not None:  # an adapted model (learn/adapt.py): the stacked CRF's mentions
            return self.adapter.mentions(doc, rules)
        out = []
        if self.spans is not None:
            for m in self.spans.mentions(doc):
                conf = self.precision.get(m.label, m.confidence) if self.spans.cfg.arch == "ner" else m.confidence
                out.append(replace(m, confidence=round(conf, 3), version=self.version))
        if self.crf is not None:
            wanted = self.confidence_labels()
            found = self.crf.predict(doc, rules.mentions if rules is not None else None, confidence=wanted)
            spoken = spoken_quotes(doc.shadow)  # someone's words in quotes name no programme
            for label, start, end, conf in found:
                if label == "PROGRAMME" and overlaps(start, end, spoken):
                    continue
                if conf is None:  # no threshold reads it: the label's held-out precision, as for the ner tagger
                    conf = self.precision.get(label, 1.0)
                out.append(Mention(label, doc.text[start:end], start, end, CRF_EXTRACTOR, self.version,
                                   round(conf, 3)))
        if self.quotes is not None:
            taken = [(m.start, m.end) for m in out]
            # a quote the rules read as a body's name names no programme, as the rules' own quoted
            # names never overlap their ORGs: the whole name of a body located by a place or level
            # (由“青河市职工服务中心”负责), or the name part before its head (“蓝领先锋”志愿服务队); a
            # brand named like a body (“云上工会”) may still be one
            orgs = [m for m in (rules.mentions if rules is not None else ()) if m.label == "ORG"]
            for q, p in self.quotes.scores(doc):
                if any(m.start <= q.start and q.end <= m.end and (m.end > q.end + 1 or placed_body(m.text))
                       for m in orgs):
                    continue
                if p >= self.quotes.threshold and not overlaps(q.start, q.end, taken):
                    out.append(Mention("PROGRAMME", doc.text[q.start:q.end].strip(), q.start, q.end,
                                       self.quotes.EXTRACTOR, self.version, round(p, 3)))
                    taken.append((q.start, q.end))
        return sorted(out, key=lambda m: (m.start, m.end))

    def confidence_labels(self) -> frozenset[str]:
        """Labels whose CRF mentions the policy filters by confidence (a ``threshold`` on a rule that
        admits ``crfsuite`` mentions): only theirs get marginals (forward-backward), measured at
        0.02-0.03 s per 100k characters; the others carry the label's held-out precision."""
        out = set()
        for label, how in self.policy.items():
            mode = how.get("mode", "rules") if isinstance(how, dict) else how
            if mode == "classify":  # the candidate classifier may read the tagger's confidence
                out.add(label)
            if not isinstance(how, dict) or mode in ("rules", "classify"):
                continue
            for rule in how.get("admit", [how]):
                if rule.get("threshold", 0.0) > 0 and (not rule.get("sources") or CRF_EXTRACTOR in rule["sources"]):
                    out.add(label)
        return frozenset(out)

    def combine(self, rules: Extraction, doc: Doc, found: list[Mention] | None = None) -> Extraction:
        """Rules' records and the model's mentions (``found``: already computed) under the policy;
        then, with an awardee classifier and an ``AWARDEE`` policy other than ``rules``, the awardee
        pairs it reads from the combined mentions."""
        if self.adapter is not None:  # an adapted model: base per label, or the stacked CRF (learn/adapt.py)
            return self.adapter.combine(rules, doc, found)
        found = self.mentions(doc, rules) if found is None else found
        combined = combine(rules, found, self.policy, doc, self.candidates, self.version)
        if self.subjects is not None:
            combined = replace(combined, figures=self.subjects.apply(doc, combined.figures))
        return self.with_awardees(combined, doc, self.policy.get("AWARDEE", "rules"))

    def with_awardees(self, extraction: Extraction, doc: Doc, how="union") -> Extraction:
        """``extraction`` with the awardee classifier's pairs: ``union`` keeps the rules' pairs and adds
        the learned pairs of names the rules did not find, ``model`` replaces the rules' pairs,
        ``rules`` changes nothing. PERSON mentions follow the added pairs."""
        mode = how if isinstance(how, str) else how.get("mode", "rules")
        if self.awardees is None or mode == "rules":
            return extraction
        from reportmine.extractors import awardee_mentions
        from reportmine.learn.awardees import combine as combine_awardees

        learned = self.awardees.awardees(doc, extraction, version=self.version, new_names_only=mode == "union")
        if mode == "union":
            learned = combine_awardees(list(extraction.awardees), learned, new_names_only=True)
        # PERSON mentions only: in the grouped cross-validation the learned pairs' honours as HONOUR
        # mentions added 5 extras for 2 names (HONOUR F1 0.810 -> 0.802), their people 9 names for none
        taken = [(m.start, m.end) for m in extraction.mentions]
        extra = [m for m in awardee_mentions(doc, learned) if m.label == "PERSON" and not overlaps(m.start, m.end, taken)]
        mentions = sorted(list(extraction.mentions) + extra, key=lambda m: (m.start, m.end, m.label))
        return replace(extraction, mentions=mentions, awardees=sorted(learned, key=lambda a: (a.start, a.end)))

    # ------------------------------------------------------------------ disk
    def record_evaluation(self, data: list[str], texts: int, scores: dict) -> Path:
        """Add scores measured on annotated texts the model did not train on to ``model.json`` and the
        card (replacing an earlier evaluation on the same data)."""
        import datetime

        path = Path(self.path) / "model.json"
        info = json.loads(path.read_text(encoding="utf-8"))
        entry = {"data": list(data), "texts": texts, "date": datetime.date.today().isoformat(), "scores": scores}
        info["evaluations"] = [e for e in info.get("evaluations", []) if e.get("data") != entry["data"]] + [entry]
        path.write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.info = info
        from reportmine.learn.card import write_card

        return write_card(Path(self.path), info)

    def save(self, out: str | os.PathLike) -> Path:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        if self.spans is not None:
            self.spans.nlp.to_disk(out / "spans")
        if self.crf is not None:
            self.crf.save(out / "crf.crfsuite")
        if self.awardees is not None:
            self.awardees.save(out / "awardees.joblib")
        if self.subjects is not None:
            self.subjects.save(out / "subjects.joblib")
        if self.quotes is not None:
            self.quotes.save(out / "quotes.joblib")
        if self.candidates is not None:
            self.candidates.save(out / "candidates.joblib")
        if self.adapter is not None:
            self.adapter.save(out)
        cfg = self.spans.cfg if self.spans is not None else self.info.get("config")
        info = dict(self.info, config=cfg.as_dict() if hasattr(cfg, "as_dict") else cfg, policy=self.policy,
                    precision=self.precision)
        (out / "model.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        from reportmine.learn.card import write_card

        write_card(out, info)
        return out


def load(path: str | os.PathLike) -> Model:
    """A model directory written by :meth:`Model.save` (``reportmine train``)."""
    return _load(str(Path(path).resolve()))


@lru_cache(maxsize=4)
def _load(path: str) -> Model:
    from reportmine.learn.candidates import CandidateClassifier
    from reportmine.learn.quotes import QuoteClassifier

    root = Path(path)
    try:
        info = json.loads((root / "model.json").read_text(encoding="utf-8"))
        cfg = Config.from_dict(info["config"])
        spans = crf = None
        if cfg.arch == "crf":
            from reportmine.learn.crf import Tagger

            crf = Tagger.load(root / "crf.crfsuite", info.get("crf", {}))
        else:
            import spacy  # only for a spaCy model: importing it costs a second

            spans = SpanModel(spacy.load(root / "spans"), cfg, info.get("version", "untrained"))
    except (OSError, ValueError, KeyError) as e:
        raise ModelError(f"{root}: not a reportmine model directory ({e})") from e
    quotes = QuoteClassifier.load(root / "quotes.joblib") if (root / "quotes.joblib").is_file() else None
    cands = CandidateClassifier.load(root / "candidates.joblib") if (root / "candidates.joblib").is_file() else None
    awardees = None
    if (root / "awardees.joblib").is_file():
        from reportmine.learn.awardees import AwardeeClassifier

        awardees = AwardeeClassifier.load(root / "awardees.joblib")
    subjects = None
    if (root / "subjects.joblib").is_file():
        from reportmine.learn.subjects import SubjectSelector

        subjects = SubjectSelector.load(root / "subjects.joblib")
    model = Model(spans, quotes, cands, info.get("policy", dict(DEFAULT_POLICY)), info.get("precision", {}), info,
                  path, crf, awardees, subjects)
    if (root / "adapter.json").is_file():  # adapted by learn/adapt.py: the components above are its base's
        from reportmine.learn.adapt import Adapter

        base = replace(model, info=dict(info, version=info.get("adapted", {}).get("base", {}).get("version", "base")))
        model.adapter = Adapter.load(root, base)
    return model


def default_path() -> Path:
    """The model shipped in ``models/default`` (``REPORTMINE_MODELS`` overrides the folder)."""
    from reportmine.gazetteers import data_dir

    return data_dir("models") / "default"


def resolve(path: str | os.PathLike | None = None, use_model: bool = True) -> Model | None:
    """The model a run uses: none when ``use_model`` is false, ``path`` when given, else the default.

    The default is optional (a checkout without ``models/default`` extracts with rules alone);
    an explicit ``path`` must be a model directory.
    """
    if not use_model:
        return None
    if path is not None:
        return load(path)
    return load(default_path()) if (default_path() / "model.json").is_file() else None


def _rule(how: dict | str, label: str) -> dict:
    how = {"mode": how} if isinstance(how, str) else dict(how)
    if how.get("mode", "rules") not in POLICIES:
        raise ModelError(f"unknown policy {how.get('mode')!r} for {label} (one of {', '.join(POLICIES)})")
    return how


def _admits(m: Mention, how: dict, doc: Doc | None) -> bool:
    """Whether a model mention passes the label's filters: one set at the top of ``how``, or any of
    the sets listed under ``admit`` (one per source, say)."""
    return any(_passes(m, rule, doc) for rule in how.get("admit", [how]))


def _passes(m: Mention, rule: dict, doc: Doc | None) -> bool:
    if rule.get("sources") and m.extractor not in rule["sources"]:
        return False
    if m.confidence < rule.get("threshold", 0.0):
        return False
    if rule.get("head"):
        from reportmine.extractors.orgs import plausible_name

        if not plausible_name(doc.shadow[m.start:m.end] if doc is not None else m.text):  # simplified vocabularies
            return False
    if rule.get("quoted"):
        from reportmine.extractors.programmes import plausible_quote

        if doc is None or not plausible_quote(doc.shadow, m.start, m.end):
            return False
    return True


def _tidied(m: Mention, how: dict | None, doc: Doc | None) -> list[Mention]:
    """A model ORG mention as the names it holds (``tidy`` in the label's policy:
    :func:`reportmine.extractors.orgs.tidy_mention`)."""
    if not how or not how.get("tidy") or doc is None or m.label != "ORG":
        return [m]
    from reportmine.extractors.orgs import tidy_mention

    return tidy_mention(m, doc)


def _extended(model_mentions: list[Mention], rule_mentions: list[Mention], rule_of: dict) -> list[Mention]:
    """Model mentions of a label whose policy has ``extend``, carried along the rules' longer mentions
    (:func:`reportmine.extractors.orgs.extend_to_rules`)."""
    labels = {label for label, how in rule_of.items() if (how or {}).get("extend")}
    if not labels:
        return model_mentions
    from reportmine.extractors.orgs import extend_to_rules

    return extend_to_rules(model_mentions, [r for r in rule_mentions if r.label in labels])


def combine(rules: Extraction, model_mentions: list[Mention], policy: dict[str, dict | str], doc: Doc | None = None,
            classifier=None, version: str = "untrained") -> Extraction:
    """Merge mentions per label under ``policy`` (see the module docstring). Pure.

    ``classify`` labels need ``doc`` and ``classifier`` (a :class:`~reportmine.learn.candidates.CandidateClassifier`);
    without them they stay with the rules.
    """
    rule_of = {label: _rule(how, label) for label, how in policy.items()}
    mode = {label: how.get("mode", "rules") for label, how in rule_of.items()}
    classify = [label for label in sorted(mode) if mode[label] == "classify"] \
        if classifier is not None and doc is not None else []
    kept = [m for m in rules.mentions if mode.get(m.label, "rules") not in ("model", "classify")
            or mode[m.label] == "classify" and m.label not in classify]
    taken = [(m.start, m.end) for m in kept]
    added: list[Mention] = []
    for label in classify:
        kept += _classified(rules, model_mentions, rule_of[label], label, doc, classifier, version, taken)
    model_mentions = [t for m in model_mentions for t in _tidied(m, rule_of.get(m.label), doc)]
    model_mentions = _extended(model_mentions, rules.mentions, rule_of)
    for m in sorted(model_mentions, key=lambda m: -m.confidence):
        how = rule_of.get(m.label)
        if how is None or mode[m.label] in ("rules", "classify") or not _admits(m, how, doc):
            continue
        if overlaps(m.start, m.end, taken):
            continue
        added.append(m)
        taken.append((m.start, m.end))
    for m in rules.mentions:  # rule mentions filling the gaps a "model" label's mentions leave
        how = rule_of.get(m.label, {})
        fill = how.get("fill")
        fills = m.extractor in how.get("fill_sources", ()) or \
            fill is not None and fill <= m.confidence < how.get("fill_below", 2)
        if fills and mode[m.label] == "model" and not overlaps(m.start, m.end, taken):
            added.append(m)
            taken.append((m.start, m.end))
    for label in sorted(label for label, how in rule_of.items() if how.get("fill_listed") and mode[label] == "model"):
        added += _listed(rules, label, added, taken)
    mentions = sorted(kept + added, key=lambda m: (m.start, m.end, m.label))
    return Extraction(text=rules.text, mentions=mentions, figures=rules.figures, awardees=rules.awardees)


# characters joining the items of an enumeration (县总工会、团县委、县妇联; 甲和乙)
ENUMERATION = "、和与及"


def _listed(rules: Extraction, label: str, chosen: list[Mention], taken: list[tuple[int, int]]) -> list[Mention]:
    """Rule mentions of ``label`` that sit in an enumeration beside a chosen mention of it, one joining
    character apart (某某总工会、|人社厅: the items of a list share their type), repeated along the
    list; ``taken`` grows with them."""
    text = rules.text
    ends = {m.end for m in chosen if m.label == label}
    starts = {m.start for m in chosen if m.label == label}
    pending = [m for m in rules.mentions if m.label == label and not overlaps(m.start, m.end, taken)]
    out: list[Mention] = []
    grown = True
    while grown:
        grown = False
        for m in pending:
            if overlaps(m.start, m.end, taken):
                continue
            before = m.start > 0 and text[m.start - 1] in ENUMERATION and m.start - 1 in ends
            after = m.end < len(text) and text[m.end] in ENUMERATION and m.end + 1 in starts
            if before or after:
                out.append(m)
                taken.append((m.start, m.end))
                ends.add(m.end)
                starts.add(m.start)
                grown = True
    return out


def _classified(rules: Extraction, model_mentions: list[Mention], how: dict, label: str, doc: Doc, classifier,
                version: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """A ``classify`` label's mentions: every candidate scored, rule mentions kept unless vetoed,
    candidates no rule proposed admitted when confident (:func:`reportmine.learn.candidates.select`)."""
    from reportmine.learn.candidates import EXTRACTOR, select

    scored = classifier.scores(doc, rules.mentions, model_mentions, label)
    chosen = select([c for c, _ in scored], [p for _, p in scored], taken, how.get("veto", 0.0),
                    how.get("admit", 1.01), how.get("margin"))
    out = []
    for c, p in chosen:
        if c.from_rules:
            out += [m for m in rules.mentions if m.label == label and (m.start, m.end) == (c.start, c.end)]
        else:
            out.append(Mention(label, doc.text[c.start:c.end], c.start, c.end, EXTRACTOR, version, round(p, 3)))
    return out
