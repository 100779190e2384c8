"""The statistical span tagger: a spaCy pipeline (blank ``zh``) that marks ORG, PROGRAMME, PERSON, HONOUR.

Architecture, chosen by 5-fold cross-validation on seeds + dev gold (scripts/compare_models.py;
numbers in README.md, *Models*):

- tokens are **characters** (spaCy's ``char`` segmenter), each also carrying the jieba word it
  sits in (LEMMA) and that word's position, part of speech and gazetteer class (TAG). Gold span
  edges fall inside jieba words 6-7 % of the time, which a word-level tagger cannot represent;
  the word features give the characters the context words carry (ORG F1 0.35 -> 0.47).
- component ``ner`` with a convolution window of 2 (ORG 0.47 -> 0.54). ``spancat`` (nested spans,
  real probabilities) is available through ``Config.arch`` but trained 10x slower here.

Texts are read through their simplified shadow (:class:`reportmine.text.doc.Doc`), like the rules,
so one model reads both scripts and spans index the stored text.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from reportmine.learn import Settings
from reportmine.learn.annotations import LABELS, Annotated
from reportmine.text.doc import Doc
from reportmine.records import Mention

SPANS_KEY = "sc"


@dataclass
class Config(Settings):
    """Everything that decides a trained model, saved with it."""

    arch: str = "crf"               # "crf" (learn/crf.py), or a spaCy tagger: "ner" or "spancat"
    crf: dict = field(default_factory=dict)  # arch crf: learn.crf.Config settings (c1, c2, features...)
    subjects: bool = False          # also train the figure subject re-ranker (learn/subjects.py)
    segmenter: str = "char"         # "char" or "jieba"
    width: int = 96
    depth: int = 4
    window: int = 2
    rows: int = 5000
    max_len: int = 24               # longest span spancat considers, in tokens
    epochs: int = 40
    patience: int = 8               # stop after this many epochs without a better dev score
    dropout: float = 0.2
    batch_size: int = 16            # chunks (about 200 characters each) per update
    seed: int = 13
    dev_share: float = 0.2          # share of texts held out for choosing the epoch
    threshold: float = 0.5          # spancat: smallest probability kept
    word_features: bool = True      # char tokens also see their jieba word (LEMMA) and its class (TAG)
    labels: tuple[str, ...] = LABELS


def blank(cfg: Config):
    """An untrained pipeline for ``cfg``."""
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer",
                                                          "segmenter": cfg.segmenter}}})
    if cfg.segmenter == "char" and cfg.word_features:
        attrs, rows = ["NORM", "LEMMA", "TAG", "SHAPE"], [cfg.rows, cfg.rows, 1000, 50]
    elif cfg.segmenter == "char":
        attrs, rows = ["NORM", "SHAPE"], [cfg.rows, 50]
    else:
        attrs, rows = ["NORM", "PREFIX", "SUFFIX", "SHAPE"], [cfg.rows, cfg.rows // 2, cfg.rows // 2, 50]
    tok2vec = {"@architectures": "spacy.Tok2Vec.v2",
               "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": cfg.width, "attrs": attrs,
                         "rows": rows, "include_static_vectors": False},
               "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": cfg.width,
                          "window_size": cfg.window, "maxout_pieces": 3, "depth": cfg.depth}}
    if cfg.arch == "ner":
        nlp.add_pipe("ner", config={"model": {"@architectures": "spacy.TransitionBasedParser.v2",
                                              "state_type": "ner", "extra_state_tokens": False,
                                              "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
                                              "tok2vec": tok2vec}})
    elif cfg.arch == "spancat":
        nlp.add_pipe("spancat", config={
            "spans_key": SPANS_KEY, "threshold": cfg.threshold, "max_positive": 1,
            "suggester": {"@misc": "spacy.ngram_range_suggester.v1", "min_size": 1, "max_size": cfg.max_len},
            "model": {"@architectures": "spacy.SpanCategorizer.v1",
                      "reducer": {"@layers": "spacy.mean_max_reducer.v1", "hidden_size": 128},
                      "scorer": {"@layers": "spacy.LinearLogistic.v1"}, "tok2vec": tok2vec}})
    else:
        raise ValueError(f"unknown architecture {cfg.arch!r} (spancat or ner)")
    for label in cfg.labels:
        nlp.get_pipe(cfg.arch).add_label(label)
    return nlp


def word_features(doc: Doc) -> tuple[list[str], list[str]]:
    """Per character of the text: the jieba word holding it, and a tag for its position in that word
    (B/M/E/S), the word's part of speech and gazetteer classes (R region, H organisation head, K known body).

    They let a character tagger see words without being tied to their boundaries.
    """
    from reportmine.extractors import orgs as org_rules

    lex = org_rules.lexicon()
    words = [""] * len(doc.text)
    tags = ["O"] * len(doc.text)
    for t in doc.tokens:
        cls = ("R" if t.text in lex.regions else "") + ("H" if org_rules.is_head(t.text, lex) else "") + \
              ("K" if t.text in lex.known else "")
        pos = lex.pos.get(t.text, "x")
        n = t.end - t.start
        for i in range(t.start, t.end):
            words[i] = t.text
            where = "S" if n == 1 else "B" if i == t.start else "E" if i == t.end - 1 else "M"
            tags[i] = f"{where}|{pos}|{cls}"
    return words, tags


PREDICT_BATCH = 64  # chunks per forward pass when predicting


def make_docs(nlp, doc: Doc, cfg: Config) -> list:
    """spaCy docs for the chunks of a document's shadow, with word features set when configured."""
    pieces = chunks(doc.shadow)
    feats = word_features(doc) if cfg.segmenter == "char" and cfg.word_features else None
    out = []
    for cs, ce in pieces:
        sdoc = nlp.make_doc(doc.shadow[cs:ce])
        if feats:
            for tok in sdoc:
                tok.lemma_ = feats[0][cs + tok.idx] or tok.text
                tok.tag_ = feats[1][cs + tok.idx]
        out.append((cs, sdoc))
    return out


def chunks(text: str, size: int = 200) -> list[tuple[int, int]]:
    """Split at sentence ends into pieces of about ``size`` characters (training batches, and bounded memory)."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in "。！？!?\n" and i + 1 - start >= size // 4 or i + 1 - start >= size * 2:
            out.append((start, i + 1))
            start = i + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def examples(nlp, items: Iterable[Annotated], cfg: Config) -> list:
    """spaCy training examples, one per chunk of each text; ignored regions are left unannotated."""
    from spacy.training import Example, offsets_to_biluo_tags

    out = []
    for item in items:
        for cs, doc in make_docs(nlp, Doc(item.text), cfg):
            ce = cs + len(doc.text)
            spans = [(s.start - cs, s.end - cs, s.label) for s in item.spans if cs <= s.start and s.end <= ce]
            ignore = [(s - cs, e - cs) for s, e in item.ignore if cs <= s and e <= ce]
            if cfg.arch == "ner":
                flat = [sp for sp in spans if not any(a < sp[1] and sp[0] < b for a, b in ignore)]
                tags = offsets_to_biluo_tags(doc, flat, missing="O")
                for s, e in ignore:
                    for tok in doc:
                        if tok.idx < e and s < tok.idx + len(tok):
                            tags[tok.i] = "-"
                out.append(Example.from_dict(doc, {"entities": tags}))
            else:
                ref = doc.copy()
                ref.spans[SPANS_KEY] = [sp for sp in (ref.char_span(s, e, label=lab, alignment_mode="expand")
                                                      for s, e, lab in spans) if sp is not None]
                out.append(Example(doc, ref))
    return out


@dataclass
class TrainLog:
    epochs: list[dict] = field(default_factory=list)
    best_epoch: int = 0
    seconds: float = 0.0


def train(items: Sequence[Annotated], dev: Sequence[Annotated], cfg: Config,
          progress: Callable[[dict], None] | None = None):
    """Train a pipeline on ``items``, keeping the epoch that scores best on ``dev`` (mention F1)."""
    import spacy
    from spacy.util import minibatch

    started = time.perf_counter()
    random.seed(cfg.seed)
    spacy.util.fix_random_seed(cfg.seed)
    nlp = blank(cfg)
    train_examples = examples(nlp, items, cfg)
    if not train_examples:
        raise ValueError("no training texts")
    optimizer = nlp.initialize(lambda: train_examples)
    log, best, best_bytes, stale = TrainLog(), -1.0, None, 0
    for epoch in range(1, cfg.epochs + 1):
        random.shuffle(train_examples)
        losses: dict = {}
        for batch in minibatch(train_examples, size=cfg.batch_size):
            nlp.update(batch, drop=cfg.dropout, sgd=optimizer, losses=losses)
        model = SpanModel(nlp, cfg)
        f1 = mention_f1(model, dev) if dev else 0.0
        entry = {"epoch": epoch, "loss": round(float(sum(losses.values())), 2), "dev_f1": round(f1, 4),
                 "seconds": round(time.perf_counter() - started, 1)}
        log.epochs.append(entry)
        if progress:
            progress(entry)
        if f1 > best or not dev:
            best, best_bytes, stale, log.best_epoch = f1, nlp.to_bytes(), 0, epoch
        else:
            stale += 1
            if stale >= cfg.patience:
                break
    nlp.from_bytes(best_bytes)
    log.seconds = round(time.perf_counter() - started, 1)
    return SpanModel(nlp, cfg), log


class SpanModel:
    """A trained pipeline with the configuration it was trained with."""

    EXTRACTOR = "spacy"

    def __init__(self, nlp, cfg: Config, version: str = "untrained"):
        self.nlp, self.cfg, self.version = nlp, cfg, version

    def mentions(self, doc: Doc | str) -> list[Mention]:
        """Labelled spans of one text, each with the model's probability as its confidence."""
        doc = doc if isinstance(doc, Doc) else Doc(doc)
        out: list[Mention] = []
        pieces = make_docs(self.nlp, doc, self.cfg)
        sdocs = [sdoc for _, sdoc in pieces]
        for _, proc in self.nlp.pipeline:  # a text's chunks in one batch: the tagger 14% faster than one by one
            sdocs = list(proc.pipe(sdocs, batch_size=PREDICT_BATCH))
        for (cs, _), sdoc in zip(pieces, sdocs):
            if self.cfg.arch == "ner":
                found = [(e.start_char, e.end_char, e.label_, 1.0) for e in sdoc.ents]
            else:
                group = sdoc.spans.get(SPANS_KEY, [])
                scores = group.attrs.get("scores") if hasattr(group, "attrs") else None
                found = [(sp.start_char, sp.end_char, sp.label_, float(scores[i]) if scores is not None else 1.0)
                         for i, sp in enumerate(group)]
            for s, e, label, conf in _disjoint(found):
                s, e = s + cs, e + cs
                s, e = _trim(doc.text, s, e)
                if s < e:
                    out.append(Mention(label, doc.text[s:e], s, e, f"{self.EXTRACTOR}-{self.cfg.arch}",
                                       self.version, round(conf, 3)))
        return out


def _disjoint(found: list[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """The most probable spans that do not overlap (ties: the longer); gold follows the longest-name rule."""
    taken: list[tuple[int, int]] = []
    out = []
    for s, e, label, conf in sorted(found, key=lambda f: (-f[3], f[0] - f[1])):
        if all(e <= a or b <= s for a, b in taken):
            taken.append((s, e))
            out.append((s, e, label, conf))
    return sorted(out)


_EDGE = set(" \t\n“”\"'‘’「」『』《》()（）、，。,.：:；;！？!?")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _EDGE:
        s += 1
    while e > s and text[e - 1] in _EDGE:
        e -= 1
    return s, e


def mention_f1(model: SpanModel, items: Sequence[Annotated]) -> float:
    """Micro F1 over labels of :meth:`Annotated.counts` (what choosing the epoch optimises)."""
    tp = fp = fn = 0
    for item in items:
        for t, f, n in item.counts(model.mentions(item.text)).values():
            tp, fp, fn = tp + t, fp + f, fn + n
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
