"""Adapting a trained model to a researcher's few annotations (issue 20): stacking and a lexicon.

The base model's training texts are not shipped, so a base is adapted by **stacking**: a new
character CRF (:mod:`reportmine.learn.crf`'s features) trained on the user's texts only, whose
features also hold, per character,

- the base model's combined output as BIO, one feature per label (``bORG=B``, ``bORG=I``),
- the base model's own (model-only) mentions (``mORG=B`` ...),
- matches of the **lexicon** (``xORG=B`` ...): every ORG / PROGRAMME / PERSON string the user
  annotated, saved with the model with its provenance (the annotation file). On a training text
  the lexicon features come only from the *other* training texts' names (leave one text out), so
  the CRF learns how far a name seen elsewhere is to be trusted, not that it always is.

With few texts the stacked CRF learns when to trust the base and what to correct. Per label the
adapted model then chooses, by cross-validation over the user's texts (every fold's stacked CRF
and lexicon built from the other folds), among

- ``base``: the base model's behaviour for that label, unchanged;
- ``adapted``: the stacked CRF's mentions of that label;
- ``adapted+lexicon``: those plus every lexicon match that overlaps nothing kept.

The base wins ties where the cross-validation saw no mention of the label; when the adapted
choices all score below the base for a label, :func:`adapt` says so (``warnings``) and the label
keeps the base's behaviour. A model thus never finds less than its base on the user's
cross-validated texts for a label, and never nothing.

A saved adapted model is its base's directory contents (written by :meth:`Model.save` as usual)
plus ``stack.crfsuite``, ``lexicon.tsv`` (name, label, source) and ``adapter.json``.
"""
from __future__ import annotations

import csv
import json
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportmine.learn.annotations import LABELS, Annotated
from reportmine.records import Extraction, Mention
from reportmine.text.doc import Doc

LEXICON_LABELS = ("ORG", "PROGRAMME", "PERSON")
CHOICES = ("base", "adapted", "adapted+lexicon")
EXTRACTOR = "crfsuite.adapted"
LEXICON_EXTRACTOR = "lexicon"
# ``lean`` stacking keeps only these of the CRF's features (no characters, bigrams or neighbours):
# with a handful of texts the CRF cannot overfit to their words
LEAN = ("t=", "w=", "wp=", "wg=", "h", "ti", "sn", "q=", "lp=", "sp=", "ac=", "ro=", "sl=", "r")
MIN_LEN = {"ORG": 3, "PROGRAMME": 3, "PERSON": 2}

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def _simplified(s: str) -> str:
    from reportmine.text.script import to_simplified

    return to_simplified(s)


# ---------------------------------------------------------------------------- lexicon

@dataclass
class Lexicon:
    """Annotated names: simplified string -> label, with the files each came from."""

    entries: dict[str, dict] = field(default_factory=dict)   # key -> {"label", "name", "sources": set}

    @classmethod
    def from_items(cls, items: Sequence[Annotated]) -> "Lexicon":
        votes: dict[str, Counter] = defaultdict(Counter)
        names: dict[str, str] = {}
        sources: dict[str, set] = defaultdict(set)
        for item in items:
            for sp in item.spans:
                if sp.label not in LEXICON_LABELS:
                    continue
                name = item.text[sp.start:sp.end].strip()
                if len(name) < MIN_LEN[sp.label] or "\n" in name:
                    continue
                key = _simplified(name)
                votes[key][sp.label] += 1
                names.setdefault(key, name)
                sources[key].add(_provenance(item))
        lex = cls()
        for key, c in votes.items():
            (label, n), = c.most_common(1)
            if n * 2 <= sum(c.values()):   # no majority label: ambiguous, left out
                continue
            lex.entries[key] = {"label": label, "name": names[key], "sources": sources[key]}
        return lex

    def __len__(self) -> int:
        return len(self.entries)

    def _pattern(self, exclude: str | None = None) -> re.Pattern | None:
        keys = [k for k, e in self.entries.items() if exclude is None or e["sources"] - {exclude}]
        if not keys:
            return None
        return re.compile("|".join(map(re.escape, sorted(keys, key=len, reverse=True))))

    def matches(self, shadow: str, exclude: str | None = None) -> list[tuple[str, int, int]]:
        """(label, start, end) of the names found in a simplified text, longest first, not overlapping;
        ``exclude``: leave out names only that source gave (a training text's own names)."""
        if exclude is None:
            pat = getattr(self, "_cached", None)
            if pat is None:
                pat = self._cached = self._pattern() or False
        else:
            pat = self._pattern(exclude)
        if not pat:
            return []
        return [(self.entries[m.group()]["label"], m.start(), m.end()) for m in pat.finditer(shadow)]

    def novelty(self, names: Sequence[str]) -> float:
        """Share of ``names`` the lexicon does not know (1.0 for none given)."""
        names = [n for n in names if n]
        if not names:
            return 1.0
        return sum(_simplified(n) not in self.entries for n in names) / len(names)

    def save(self, path: Path) -> Path:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter="\t", lineterminator="\n")
            w.writerow(["name", "label", "sources"])
            for key in sorted(self.entries):
                e = self.entries[key]
                w.writerow([e["name"], e["label"], "|".join(sorted(e["sources"]))])
        return path

    @classmethod
    def load(cls, path: Path) -> "Lexicon":
        lex = cls()
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                lex.entries[_simplified(row["name"])] = {"label": row["label"], "name": row["name"],
                                                         "sources": set(filter(None, row["sources"].split("|")))}
        return lex


def _provenance(item: Annotated) -> str:
    return item.name


# ---------------------------------------------------------------------------- features

@dataclass
class Prepared:
    """One text's base view, computed once: rules, base mentions and combined output, CRF features."""

    item: Annotated | None
    doc: Doc
    rules: Extraction
    base_found: list
    base: Extraction
    feats: list


def _bio(out: dict, prefix: str, label: str, s: int, e: int) -> None:
    out.setdefault(s, []).append(f"{prefix}{label}=B")
    for i in range(s + 1, e):
        out.setdefault(i, []).append(f"{prefix}{label}=I")


def prepare(base, doc: Doc, ccfg, rules: Extraction | None = None, item: Annotated | None = None) -> Prepared:
    from reportmine.extractors import extract_doc
    from reportmine.learn import crf

    rules = extract_doc(doc) if rules is None else rules
    base_found = base.mentions(doc, rules)
    combined = base.combine(rules, doc, base_found)
    feats = crf.features(doc, rules.mentions, ccfg)
    keep = getattr(ccfg, "lean", False)
    if keep:
        keep = tuple(keep) if isinstance(keep, (list, tuple)) else LEAN
        feats = [[f for f in row if f.startswith(keep)] for row in feats]
    extra: dict[int, list] = {}
    for m in combined.mentions:
        if m.label in LABELS:
            _bio(extra, "b", m.label, m.start, m.end)
    for m in base_found:
        if m.label in LABELS:
            _bio(extra, "m", m.label, m.start, m.end)
    for i, fs in extra.items():
        feats[i].extend(fs)
    return Prepared(item, doc, rules, base_found, combined, feats)


def with_lexicon(p: Prepared, lexicon: Lexicon | None, exclude: str | None = None) -> list:
    """The prepared features plus lexicon matches (a new list; the prepared rows are not changed)."""
    if lexicon is None or not len(lexicon):
        return p.feats
    extra: dict[int, list] = {}
    for label, s, e in lexicon.matches(p.doc.shadow, exclude):
        _bio(extra, "x", label, s, e)
    if not extra:
        return p.feats
    return [row + extra[i] if i in extra else row for i, row in enumerate(p.feats)]


# ---------------------------------------------------------------------------- the stacked CRF

_STACKED = tuple(p + label for p in "bmx" for label in LABELS)


def weighted(rows: list, ccfg) -> list:
    """Rows as crfsuite items: with ``stack_weight`` w != 1 the stack and lexicon features get value w
    (cheaper under L2, so the CRF leans on the base unless the texts say otherwise)."""
    w = getattr(ccfg, "stack_weight", 1.0)
    if w == 1.0:
        return rows
    return [{f: (w if f.startswith(_STACKED) else 1.0) for f in row} for row in rows]


def train_stack(prepared: Sequence[Prepared], lexicon: Lexicon | None, ccfg) -> bytes:
    """crfsuite bytes of a CRF trained on the prepared texts (lexicon features leave each text's own
    names out)."""
    import pycrfsuite

    from reportmine.learn import crf

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({"c1": ccfg.c1, "c2": ccfg.c2, "max_iterations": ccfg.max_iterations,
                        "feature.minfreq": ccfg.minfreq, "feature.possible_transitions": True})
    n = 0
    for p in prepared:
        feats = weighted(with_lexicon(p, lexicon, _provenance(p.item)), ccfg)
        tags, optional = crf.bio(p.item, ccfg)
        for a, b in p.doc.sentences:
            if ccfg.optional == "cut" and any(optional[a:b]):
                continue
            trainer.append(feats[a:b], tags[a:b])
            n += 1
    if not n:
        raise ValueError("no annotated sentences to adapt the model with")
    return crf.trained_bytes(trainer)


def stack_config(base, settings: dict | None = None):
    """The stacked CRF's settings: the base CRF's feature switches (so its features mean the same),
    with ``settings`` (adapt options: c1, c2, minfreq ...) over them."""
    from reportmine.learn import crf

    d = dict(base.info.get("crf", {})) if base is not None else {}
    # few texts: keep attributes seen once; L2 only (c1 0.2 or 1-3, lean feature sets and c2 0.05, 0.3 or 10
    # did worse on the genre test, scripts/adapt_eval.py); the base's tags at value 3 (traditional script,
    # leave one text out: ORG 0.769 at 1, 0.775 at 3, and 3 lost less on skills competitions than 1 or 10)
    d.update({"minfreq": 1.0, "c1": 0.0, "c2": 1.0, "stack_weight": 3.0})
    d.update(settings or {})
    cfg = crf.Config.from_dict(d)
    cfg.lean = d.get("lean", False)
    cfg.stack_weight = float(d.get("stack_weight", 1.0))
    return cfg


class Adapter:
    """A base model, the stacked CRF, the lexicon and the per-label choice."""

    def __init__(self, base, data: bytes, ccfg, lexicon: Lexicon, choice: dict[str, str], info: dict | None = None):
        import pycrfsuite

        self.base, self.data, self.cfg, self.lexicon, self.choice = base, data, ccfg, lexicon, dict(choice)
        self.info = info or {}
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(data)
        self._last: tuple | None = None
        self.version = self.info.get("version", "adapted")

    # prediction
    def _view(self, doc: Doc, rules: Extraction | None) -> tuple[Prepared, list]:
        if self._last is not None and self._last[0] is doc:
            return self._last[1], self._last[2]
        p = prepare(self.base, doc, self.cfg, rules)
        tagged = self.tag(p, self.lexicon)
        self._last = (doc, p, tagged)
        return p, tagged

    def tag(self, p: Prepared, lexicon: Lexicon | None, tagger=None) -> list[Mention]:
        """The stacked CRF's mentions of a prepared text, each with its smallest character marginal."""
        return _tag(p, lexicon, tagger or self._tagger, self.cfg, self.version, marginals=True)

    def mentions(self, doc: Doc, rules: Extraction | None = None) -> list[Mention]:
        """The stacked CRF's mentions (the adapted model alone)."""
        return self._view(doc, rules)[1]

    def combine(self, rules: Extraction, doc: Doc, found: list[Mention] | None = None) -> Extraction:
        p, tagged = self._view(doc, rules)
        return merge(p, tagged, self.lexicon, self.choice, self.version)

    # disk
    def save(self, out: Path) -> None:
        (out / "stack.crfsuite").write_bytes(self.data)
        self.lexicon.save(out / "lexicon.tsv")
        (out / "adapter.json").write_text(json.dumps({"crf": dict(self.cfg.as_dict(), lean=getattr(self.cfg, "lean", False),
                                                              stack_weight=getattr(self.cfg, "stack_weight", 1.0)),
                                                      "choice": self.choice,
                                                      "info": self.info}, ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")

    @classmethod
    def load(cls, root: Path, base) -> "Adapter":
        from reportmine.learn import crf

        d = json.loads((root / "adapter.json").read_text(encoding="utf-8"))
        ccfg = crf.Config.from_dict(d["crf"])
        ccfg.lean = d["crf"].get("lean", False)
        ccfg.stack_weight = float(d["crf"].get("stack_weight", 1.0))
        return cls(base, (root / "stack.crfsuite").read_bytes(), ccfg,
                   Lexicon.load(root / "lexicon.tsv"), d["choice"], d.get("info", {}))


def merge(p: Prepared, tagged: list[Mention], lexicon: Lexicon | None, choice: dict[str, str],
          version: str = "adapted") -> Extraction:
    """The base's combined extraction with, for each label whose choice is not ``base``, the stacked
    CRF's mentions (and lexicon matches overlapping nothing kept) in place of the base's."""
    from reportmine.extractors.programmes import overlaps

    adapted = {label for label, c in choice.items() if c != "base"}
    if not adapted:
        return p.base
    from reportmine.extractors.orgs import extend_to_rules, tidy_mention

    kept = [m for m in p.base.mentions if m.label not in adapted]
    # the stacked CRF's ORG spans are shaped as the base CRF's are (CRF_POLICY: tidied, extended along
    # the rules' head chains), so that choosing them weighs the tagger, not the missing tidying
    new = [t for m in tagged if m.label in adapted for t in (tidy_mention(m, p.doc) if m.label == "ORG" else [m])]
    new = extend_to_rules(new, [r for r in p.rules.mentions if r.label == "ORG"])
    with_lex = {label for label, c in choice.items() if c == "adapted+lexicon"}
    if with_lex and lexicon is not None:
        taken = [(m.start, m.end) for m in kept + new]
        for label, s, e in lexicon.matches(p.doc.shadow):
            if label in with_lex and not overlaps(s, e, taken):
                new.append(Mention(label, p.doc.text[s:e], s, e, LEXICON_EXTRACTOR, version, 1.0))
                taken.append((s, e))
    mentions = sorted(kept + new, key=lambda m: (m.start, m.end, m.label))
    return replace(p.base, mentions=mentions)


# ---------------------------------------------------------------------------- adapting

MARGIN = 0.02      # an adapted choice must beat the base by this much F1 in the cross-validation ...
MIN_TEXTS = 5      # ... over at least this many texts (with fewer, folds of one text are too noisy)


def choose(prepared: Sequence[Prepared], ccfg, k: int = 5, seed: int = 13,
           progress: Progress = _quiet) -> tuple[dict[str, str], dict]:
    """Per label, the best of :data:`CHOICES` by ``k``-fold cross-validation over the prepared texts
    (an adapted one only when it beats the base by :data:`MARGIN` over :data:`MIN_TEXTS` texts or
    more); and the pooled (tp, fp, fn) of each choice per label."""
    import pycrfsuite

    from reportmine.evaluate.crossval import folds
    from reportmine.evaluate.scoring import PRF

    table = {c: {label: PRF() for label in LABELS} for c in CHOICES}
    k = min(k, len(prepared))
    if k < 2:
        return {label: "base" for label in LABELS}, {}
    for i, (train, test) in enumerate(folds(list(prepared), k, seed), 1):
        lex = Lexicon.from_items([p.item for p in train])
        # crfsuite reads the model in place from the buffer it is given, without a copy: the bytes must
        # outlive the tagger (a temporary here was freed at once and tagging read freed memory)
        data = train_stack(train, lex, ccfg)
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(data)
        for p in test:
            tagged = _tag(p, lex, tagger, ccfg)
            for c in CHOICES:
                ex = merge(p, tagged, lex, {label: c for label in LABELS})
                for label, counts in p.item.counts(ex.mentions).items():
                    table[c][label].add(*counts)
        progress(f"adapt: fold {i}/{k} done")
    choice = {}
    for label in LABELS:
        base = table["base"][label]
        best = max(CHOICES, key=lambda c: (round(table[c][label].f1, 4), c == "base"))
        if best != "base" and (table[best][label].f1 < base.f1 + MARGIN or len(prepared) < MIN_TEXTS):
            best = "base"
        choice[label] = best
    return choice, {c: {label: v.as_dict() for label, v in t.items()} for c, t in table.items()}


def _tag(p: Prepared, lex: Lexicon | None, tagger, ccfg=None, version: str = "cv",
         marginals: bool = False) -> list[Mention]:
    """Mentions ``tagger`` (a stacked CRF) reads in a prepared text with ``lex``'s matches as features,
    edge spaces shaved; with ``marginals`` each carries its smallest character marginal (the
    adapter's prediction), else 1.0 (the cross-validation in :func:`choose` needs no confidence)."""
    from reportmine.learn import crf

    feats = weighted(with_lexicon(p, lex), ccfg)
    out = []
    text = p.doc.text
    for a, b in p.doc.sentences:
        tags = tagger.tag(feats[a:b])
        for label, s, e in crf.decode([t or "O" for t in tags], a):
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                conf = round(min(tagger.marginal(tags[i - a], i - a) for i in range(s, e)), 3) if marginals else 1.0
                out.append(Mention(label, text[s:e], s, e, EXTRACTOR, version, conf))
    return out


def prepare_items(base, items: Sequence[Annotated], ccfg, progress: Progress = _quiet) -> list[Prepared]:
    out = []
    for n, item in enumerate(items, 1):
        out.append(prepare(base, Doc(item.text), ccfg, item=item))
        if n % 10 == 0:
            progress(f"adapt: base view of {n}/{len(items)} texts")
    return out


def adapt(base, items: Sequence[Annotated], settings: dict | None = None, seed: int = 13, folds: int = 5,
          progress: Progress = _quiet, prepared: Sequence[Prepared] | None = None):
    """A :class:`~reportmine.learn.model.Model` adapting ``base`` to ``items`` (see the module docstring).
    The choice per label comes from ``folds``-fold cross-validation over ``items``; the stacked CRF
    and lexicon are then trained on them all. ``prepared``: the texts' base views, if already made."""
    import datetime as dt

    from reportmine import __version__

    if not items:
        raise ValueError("no annotated texts to adapt the model with")
    started = time.perf_counter()
    ccfg = stack_config(base, settings)
    prepared = list(prepared) if prepared is not None else prepare_items(base, items, ccfg, progress)
    choice, cv = choose(prepared, ccfg, folds, seed, progress) if len(items) >= 2 else (
        {label: "base" for label in LABELS}, {})
    warnings = []
    for label in LABELS:
        if cv and choice[label] == "base":
            b = cv["base"][label]
            a = max((cv[c][label] for c in CHOICES[1:]), key=lambda d: d["f1"])
            if a["f1"] < b["f1"]:
                warnings.append(f"{label}: the adapted model scores below the base on your held-out texts "
                                f"(F1 {a['f1']:.3f} < {b['f1']:.3f}); keeping the base's behaviour for {label}")
            elif a["f1"] > b["f1"]:
                warnings.append(f"{label}: the adapted model's gain on your held-out texts (F1 {b['f1']:.3f} -> "
                                f"{a['f1']:.3f}) is under {MARGIN} or from fewer than {MIN_TEXTS} texts; "
                                f"keeping the base's behaviour for {label}")
    lexicon = Lexicon.from_items(items)
    data = train_stack(prepared, lexicon, ccfg)
    version = f"{__version__}+adapted{dt.datetime.now(dt.timezone.utc).strftime('%Y%m%d%H%M%S')}"
    seconds = round(time.perf_counter() - started, 1)
    info = {"version": version, "base": {"path": base.path, "version": base.version},
            "texts": len(items), "sources": sorted({str(it.source) for it in items}),
            "lexicon": {label: sum(1 for e in lexicon.entries.values() if e["label"] == label)
                        for label in LEXICON_LABELS},
            "choice": choice, "cv_folds": min(folds, len(items)) if cv else 0, "cv": cv,
            "warnings": warnings, "seconds": seconds}
    adapter = Adapter(base, data, ccfg, lexicon, choice, info)
    return adapted_model(base, adapter, info)


def adapted_model(base, adapter: Adapter, info: dict):
    """A Model with the base's components and ``adapter`` attached (what :func:`model.load` builds too)."""
    model = replace(base, info=dict(base.info, version=info["version"], adapted=info), path=None)
    model.adapter = adapter
    return model


# ---------------------------------------------------------------------------- learning curve

def learning_curve(base, items: Sequence[Annotated], sizes: Sequence[int] | None = None, seed: int = 13,
                   test_share: float = 0.3, order: Sequence[int] | None = None, settings: dict | None = None,
                   progress: Progress = _quiet, test: Sequence[Annotated] | None = None) -> dict:
    """F1 per label of the model adapted with the first n texts (shuffled by ``seed``, or in
    ``order``) for each n of ``sizes`` (0: the base), measured on the rest (a fixed ``test_share``
    of the texts, or ``test``). Returns {"sizes", "test_texts", "rows": [{n, label: {p, r, f1...}}]}."""
    from reportmine.evaluate.scoring import PRF

    items = list(items)
    if test is None:
        idx = list(range(len(items)))
        random.Random(seed).shuffle(idx)
        n_test = max(1, round(len(items) * test_share))
        test = [items[i] for i in idx[:n_test]]
        pool = [items[i] for i in idx[n_test:]]
    else:
        pool = items
    if order is not None:
        pool = [pool[i] for i in order]
    if sizes is None:
        sizes = [0] + [n for n in (5, 10, 20, 40, 80, 160) if n < len(pool)] + [len(pool)]
    sizes = sorted({n for n in sizes if n <= len(pool)})
    ccfg = stack_config(base, settings)
    progress(f"learning curve: preparing {len(pool) + len(test)} texts")
    prep_pool = prepare_items(base, pool, ccfg, progress)
    prep_test = prepare_items(base, test, ccfg, progress)
    rows = []
    for n in sizes:
        started = time.perf_counter()
        table = {label: PRF() for label in LABELS}
        if n == 0:
            for p in prep_test:
                for label, c in p.item.counts(p.base.mentions).items():
                    table[label].add(*c)
        else:
            model = adapt(base, pool[:n], settings, seed, prepared=prep_pool[:n])
            ad = model.adapter
            for p in prep_test:
                ex = merge(p, ad.tag(p, ad.lexicon), ad.lexicon, ad.choice)
                for label, c in p.item.counts(ex.mentions).items():
                    table[label].add(*c)
        row = {"n": n, "seconds": round(time.perf_counter() - started, 1),
               **{label: table[label].as_dict() for label in LABELS}}
        if n:
            row["choice"] = model.adapter.choice
        rows.append(row)
        progress(f"learning curve: {n:>4} texts  " + "  ".join(f"{label} {table[label].f1:.3f}" for label in LABELS))
    return {"sizes": list(sizes), "test_texts": len(test), "pool_texts": len(pool), "rows": rows}


def format_curve(curve: dict) -> str:
    lines = [f"F1 on {curve['test_texts']} texts not used to adapt (n = annotated texts the model adapted with)",
             f"{'n':>5} " + " ".join(f"{label:>10}" for label in LABELS) + "  choice"]
    for row in curve["rows"]:
        lines.append(f"{row['n']:>5} " + " ".join(f"{row[label]['f1']:10.3f}" for label in LABELS)
                     + ("  " + ",".join(f"{k[:3]}:{v}" for k, v in row["choice"].items()) if "choice" in row else "  base"))
    return "\n".join(lines)


def plot_curve(curve: dict, path: str | Path, title: str = "F1 per label against annotated texts") -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    xs = [r["n"] for r in curve["rows"]]
    for label in LABELS:
        ax.plot(xs, [r[label]["f1"] for r in curve["rows"]], marker="o", label=label)
    ax.set_xlabel("annotated texts used to adapt the model")
    ax.set_ylabel(f"F1 on {curve['test_texts']} other texts")
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def card_lines(adapted: dict, curve: dict | None = None) -> list[str]:
    """The model card's section on an adaptation: base, added data, before/after table, choices."""
    lines = ["", "## Adapted from a base model (learn/adapt.py)", "",
             f"- Base: `{adapted['base'].get('path')}` version {adapted['base'].get('version')}.",
             f"- Added data: {adapted['texts']} annotated texts from {', '.join(adapted['sources'][:10])}"
             + (" ..." if len(adapted["sources"]) > 10 else "") + ".",
             f"- Lexicon of annotated names (`lexicon.tsv`, with the file each came from): "
             f"{json.dumps(adapted['lexicon'], ensure_ascii=False)}.",
             f"- Adapting took {adapted['seconds']} s.", ""]
    cv = adapted.get("cv") or {}
    if cv:
        lines += [f"Before (base) / after (each adapted choice), {adapted['cv_folds']}-fold cross-validation over "
                  "the added texts (mention F1, tp/fp/fn); the label uses the chosen one:", "",
                  "| label | " + " | ".join(CHOICES) + " | chosen |", "|---|" + "---|" * (len(CHOICES) + 1)]
        for label in LABELS:
            cells = [f"{cv[c][label]['f1']:.3f} ({cv[c][label]['tp']}/{cv[c][label]['fp']}/{cv[c][label]['fn']})"
                     for c in CHOICES]
            lines.append(f"| {label} | " + " | ".join(cells) + f" | {adapted['choice'][label]} |")
    else:
        lines.append("Too few texts to cross-validate: every label keeps the base's behaviour.")
    for w in adapted.get("warnings", []):
        lines.append(f"\n**Warning**: {w}")
    if curve:
        lines += ["", "### Learning curve", "", "```", format_curve(curve), "```"]
    return lines


# ---------------------------------------------------------------------------- active learning

def priority(found: Sequence[Mention], names: Sequence[str], lexicon: Lexicon | None) -> float:
    """How much annotating a text should teach: the mean uncertainty of the model's own mentions
    (1 at confidence 0.5, 0 when sure) averaged with the share of its names the lexicon does not
    know (every name is new without a lexicon)."""
    unsure = [1 - abs(2 * m.confidence - 1) for m in found]
    u = sum(unsure) / len(unsure) if unsure else 0.5
    novelty = lexicon.novelty(names) if lexicon is not None and len(lexicon) else 1.0
    return 0.5 * u + 0.5 * novelty


def active_order(base, items: Sequence[Annotated], test: Sequence[Annotated], batch: int = 5,
                 upto: int | None = None, settings: dict | None = None, seed: int = 13,
                 progress: Progress = _quiet, prepared: dict | None = None,
                 fixed_order: Sequence[int] | None = None) -> dict:
    """Simulated active learning: annotate ``batch`` texts at a time, each batch the pool texts of
    highest :func:`priority` under the model adapted so far (the base at first); F1 per label on
    ``test`` after each batch (``fixed_order``: take the texts in this order instead, e.g. random,
    to compare). ``prepared``: {id(text): Prepared} cache, shared between runs. Returns {"order": indices, "rows": [{n, label: PRF dict}]}."""
    from reportmine.evaluate.scoring import PRF

    ccfg = stack_config(base, settings)
    prepared = prepared if prepared is not None else {}
    for it in list(items) + list(test):
        if id(it) not in prepared:
            prepared[id(it)] = prepare(base, Doc(it.text), ccfg, item=it)
    upto = min(upto or len(items), len(items))
    chosen: list[int] = []
    rows = []
    model = None
    while True:
        table = {label: PRF() for label in LABELS}
        for it in test:
            p = prepared[id(it)]
            ex = p.base if model is None else merge(p, model.adapter.tag(p, model.adapter.lexicon),
                                                    model.adapter.lexicon, model.adapter.choice)
            for label, c in it.counts(ex.mentions).items():
                table[label].add(*c)
        rows.append({"n": len(chosen), **{label: table[label].as_dict() for label in LABELS}})
        progress(f"active: {len(chosen):>3} texts  " + "  ".join(f"{label} {table[label].f1:.3f}" for label in LABELS))
        if len(chosen) >= upto:
            break
        if fixed_order is not None:
            chosen = list(fixed_order[: len(chosen) + min(batch, upto - len(chosen))])
            picked = [items[i] for i in chosen]
            model = adapt(base, picked, settings, seed, prepared=[prepared[id(it)] for it in picked])
            continue
        scores = []
        for i, it in enumerate(items):
            if i in chosen:
                continue
            p = prepared[id(it)]
            if model is None:
                found, names, lex = p.base_found, [m.text for m in p.base.mentions if m.label in LEXICON_LABELS], None
            else:
                found = model.adapter.tag(p, model.adapter.lexicon)
                names = [m.text for m in merge(p, found, model.adapter.lexicon, model.adapter.choice).mentions
                         if m.label in LEXICON_LABELS]
                lex = model.adapter.lexicon
            scores.append((-priority(found, names, lex), i))
        chosen += [i for _, i in sorted(scores)[: min(batch, upto - len(chosen))]]
        picked = [items[i] for i in chosen]
        model = adapt(base, picked, settings, seed, prepared=[prepared[id(it)] for it in picked])
    return {"order": chosen, "rows": rows}
