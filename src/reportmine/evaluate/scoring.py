"""Score extractions against gold files, with the matching rules of ``shared/annotation/score_kb.py``.

ORG and PROGRAMME: distinct normalised surface strings per document, exact match (and a
relaxed variant). FIGURE: one-to-one on (value, unit class); figure_subject also needs the
subject to agree. AWARDEE: names, and (name, honour) pairs. Optional gold items are neither
rewarded nor punished.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from reportmine.errors import GoldError, KBError
from reportmine.text.script import to_simplified

PINYIN_GLOSS = re.compile(r"\([a-zA-Z\u00e0-\u01dc\u0300-\u036f]+\)")
QUOTES = "“”\"'‘’《》「」『』〈〉()（）【】[] \t\r\n\u3000"
UNIT_CLASS = {"名": "人", "位": "人", "人": "人", "员": "人", "万人": "人"}
METRICS = ("org", "org_relaxed", "programme", "programme_relaxed",
           "figure", "figure_subject", "awardee_name", "awardee_pair")
HEADLINE = ("org", "programme", "figure", "figure_subject", "awardee_pair")


def norm(s) -> str:
    if s is None:
        return ""
    s = unicodedata.normalize("NFKC", str(s))
    s = PINYIN_GLOSS.sub("", s)
    s = to_simplified(s)
    return "".join(ch for ch in s if ch not in QUOTES and not ch.isspace())


def unit_norm(u) -> str:
    u = norm(u)
    for scale in ("亿", "万", "千", "百"):
        if u.startswith(scale) and len(u) > 1:
            u = u[1:]
    return UNIT_CLASS.get(u, u)


def value_eq(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def relaxed_eq(a, b) -> bool:
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 2 and short in long_ and len(short) / len(long_) >= 0.5


def relaxed_subject(g, p) -> bool:
    """Agree when one contains the other and the prediction is not padded by over 6 characters."""
    g, p = norm(g), norm(p)
    if not g:
        return True
    if not p:
        return False
    return (g in p and len(p) <= len(g) + 6) or (len(p) >= 2 and p in g)


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self) -> dict:
        return {"p": round(self.p, 3), "r": round(self.r, 3), "f1": round(self.f1, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Score:
    metrics: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in METRICS})
    report: list[str] = field(default_factory=list)
    documents: int = 0
    missing: list[str] = field(default_factory=list)

    def f1(self, metric: str) -> float:
        return self.metrics[metric].f1

    def as_dict(self) -> dict:
        out = {k: v.as_dict() for k, v in self.metrics.items()}
        out["documents_scored"] = self.documents
        out["documents_missing_from_kb"] = self.missing
        return out


def _match(gold, optional, pred, eq):
    left = list(pred)
    tp, misses = 0, []
    for g in gold:
        hit = next((p for p in left if eq(g, p)), None)
        if hit is None:
            misses.append(g)
        else:
            left.remove(hit)
            tp += 1
    extras = [p for p in left if not any(eq(o, p) for o in optional)]
    return tp, len(extras), len(misses), misses, extras


def empty_prediction() -> dict:
    return {"ORG": [], "PROGRAMME": [], "figures": [], "awardees": []}


def score_document(score: Score, name: str, gold: dict, pred: dict) -> None:
    """Add one document's counts to ``score`` (``pred`` as from :func:`prediction_of`)."""
    m, report = score.metrics, score.report
    for kind, gkey, label in (("org", "orgs", "ORG"), ("programme", "programmes", "PROGRAMME")):
        pl = sorted({norm(t) for t in pred[label] if norm(t)})
        req = sorted({norm(x["text"]) for x in gold.get(gkey, []) if not x.get("optional")})
        opt = [o for o in sorted({norm(x["text"]) for x in gold.get(gkey, []) if x.get("optional")}) if o not in req]
        tp, fp, fn, miss, extra = _match(req, opt, pl, lambda a, b: a == b)
        m[kind].add(tp, fp, fn)
        m[kind + "_relaxed"].add(*_match(req, opt, pl, relaxed_eq)[:3])
        report.append(f"{name} {kind}: missed {miss} | extra {extra}")

    def fig_eq(g, p):
        return value_eq(g.get("value"), p.get("value")) and unit_norm(g.get("unit")) == unit_norm(p.get("unit"))

    gfig = [g for g in gold.get("figures", []) if not g.get("optional")]
    ofig = [g for g in gold.get("figures", []) if g.get("optional")]
    pfig = list(pred["figures"])
    tp = subj_ok = 0
    misses, wrong_subject = [], []
    for g in gfig:
        hit = next((p for p in pfig if fig_eq(g, p)), None)
        if hit is None:
            misses.append(g.get("text"))
            continue
        pfig.remove(hit)
        tp += 1
        if relaxed_subject(g.get("subject"), hit.get("subject")):
            subj_ok += 1
        else:
            wrong_subject.append(f"{g.get('text')}: {g.get('subject')!r} vs {hit.get('subject')!r}")
    extras = [p for p in pfig if not any(fig_eq(o, p) for o in ofig)]
    m["figure"].add(tp, len(extras), len(misses))
    m["figure_subject"].add(subj_ok, len(extras) + tp - subj_ok, len(misses) + tp - subj_ok)
    report.append(f"{name} figures: missed {misses} | extra {[p.get('text') for p in extras]}")
    if wrong_subject:
        report.append(f"{name} figure subjects: {wrong_subject}")

    gaw = [a for a in gold.get("awardees", []) if not a.get("optional")]
    oaw = [a for a in gold.get("awardees", []) if a.get("optional")]
    gnames = sorted({norm(a["name"]) for a in gaw})
    onames = sorted({norm(a["name"]) for a in oaw} - set(gnames))
    pnames = sorted({norm(a.get("name")) for a in pred["awardees"] if norm(a.get("name"))})
    m["awardee_name"].add(*_match(gnames, onames, pnames, lambda a, b: a == b)[:3])

    def pair_eq(g, p):
        return g[0] == p[0] and relaxed_subject(g[1], p[1])

    gpairs = [(norm(a["name"]), a.get("honour")) for a in gaw]
    ppairs = [(norm(a.get("name")), a.get("honour")) for a in pred["awardees"]]
    opairs = [(norm(a["name"]), a.get("honour")) for a in oaw]
    tp, fp, fn, miss, extra = _match(gpairs, opairs, ppairs, pair_eq)
    m["awardee_pair"].add(tp, fp, fn)
    report.append(f"{name} awardees: missed {miss} | extra {extra}")


def load_gold(gold_dir: str | os.PathLike) -> dict[str, dict]:
    """Gold files keyed by the text file name they describe."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldError(gold_dir, "not a folder of gold JSON files")
    out = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise GoldError(path, f"unreadable: {e}") from e
        if "file" not in gold:
            raise GoldError(path, "no 'file' key naming the text")
        out[gold["file"]] = gold
    return out


def prediction_of(extraction) -> dict:
    """The scorer's view of an :class:`~reportmine.records.Extraction`."""
    pred = empty_prediction()
    for mention in extraction.mentions:
        if mention.label in ("ORG", "PROGRAMME"):
            pred[mention.label].append(mention.text)
    pred["figures"] = [f.as_dict() for f in extraction.figures]
    pred["awardees"] = [a.as_dict() for a in extraction.awardees]
    return pred


def load_kb(db_path: str | os.PathLike) -> dict[str, dict]:
    """Predictions per document basename, read through the KB contract."""
    if not Path(db_path).is_file():
        raise KBError(f"{db_path}: no such knowledge base")
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        docs = {r["id"]: os.path.basename(str(r["source"])) for r in con.execute("select id, source from documents")}
        per_doc: dict[str, dict] = defaultdict(empty_prediction)
        for r in con.execute("select document_id, label, text from mentions where label in ('ORG', 'PROGRAMME')"):
            if r["document_id"] in docs:
                per_doc[docs[r["document_id"]]][r["label"]].append(r["text"])
        for r in con.execute("select document_id, value, value_max, unit, qualifier, subject, text from figures"):
            if r["document_id"] in docs:
                per_doc[docs[r["document_id"]]]["figures"].append(dict(r))
        for r in con.execute("select document_id, name, kind, honour, organisation from awardees"):
            if r["document_id"] in docs:
                per_doc[docs[r["document_id"]]]["awardees"].append(dict(r))
    except sqlite3.Error as e:
        raise KBError(f"{db_path}: not a reportmine knowledge base ({e})") from e
    finally:
        con.close()
    for name in docs.values():
        per_doc.setdefault(name, empty_prediction())
    return dict(per_doc)


def score(golds: dict[str, dict], preds: dict[str, dict]) -> Score:
    result = Score(documents=len(golds))
    for name, gold in golds.items():
        if name not in preds:
            result.missing.append(name)
        score_document(result, name, gold, preds.get(name, empty_prediction()))
    return result


def score_texts(text_dir: str | os.PathLike, gold_dir: str | os.PathLike | None = None, model=None) -> Score:
    """Clean and extract every text that has a gold file, in memory, and score the result
    (rules alone, or combined with ``model``)."""
    from reportmine.ingest.clean import clean
    from reportmine.extractors import extract
    from reportmine.ingest.files import read_text_file

    text_dir = Path(text_dir)
    golds = load_gold(gold_dir or text_dir / "gold")
    preds = {}
    for name in golds:
        path = text_dir / name
        if path.is_file():
            preds[name] = prediction_of(extract(clean(read_text_file(path)), model))
    return score(golds, preds)


def format_score(result: Score, verbose: bool = False) -> str:
    lines = []
    if verbose:
        lines += result.report + [""]
    lines.append(f"{'metric':<18} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for k in METRICS:
        d = result.metrics[k]
        lines.append(f"{k:<18} {d.p:6.3f} {d.r:6.3f} {d.f1:6.3f} {d.tp:5d} {d.fp:5d} {d.fn:5d}")
    lines.append(f"documents scored: {result.documents}")
    if result.missing:
        lines.append(f"documents missing from the KB: {', '.join(result.missing)}")
    return "\n".join(lines)
