"""Score linking against linking gold (``corpus/links/``: one TSV per text, mention -> canonical).

For every gold row whose mention the extractors found, each canonical the linker gave that
string in the text is one decision:

- ``correct``: the gold canonical, or unresolved where the gold is empty (the document does not tell);
- ``wrong``: another canonical: a wrong merge, the worst outcome (reported on its own);
- ``unresolved``: no canonical where the gold has one: a missed link, safe but less useful.

``accuracy`` = correct / decisions; ``resolved share`` = the share of all ORG, PROGRAMME and
HONOUR mentions the linker gave a canonical. Gold rows whose mention was not extracted are
counted apart (an extraction miss, not a linking error).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from reportmine.link.keys import name_key
from reportmine.errors import AnnotationError

LINKED = ("ORG", "PROGRAMME", "HONOUR")


@dataclass
class LinkScore:
    correct: int = 0
    wrong: int = 0
    unresolved: int = 0
    not_extracted: int = 0
    mentions: int = 0          # all linked-label mentions the system produced
    resolved: int = 0          # of which with a canonical
    errors: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # text, label, mention, gold, got

    @property
    def decisions(self) -> int:
        return self.correct + self.wrong + self.unresolved

    @property
    def accuracy(self) -> float:
        return self.correct / self.decisions if self.decisions else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.decisions if self.decisions else 0.0

    @property
    def resolved_share(self) -> float:
        return self.resolved / self.mentions if self.mentions else 0.0

    def as_dict(self) -> dict:
        return {"accuracy": round(self.accuracy, 3), "wrong_rate": round(self.wrong_rate, 3),
                "resolved_share": round(self.resolved_share, 3), "correct": self.correct, "wrong": self.wrong,
                "unresolved": self.unresolved, "not_extracted": self.not_extracted, "mentions": self.mentions,
                "resolved": self.resolved}


def same(a: str | None, b: str | None) -> bool:
    norm = lambda s: name_key(s).replace("・", "·") if s else ""  # noqa: E731
    return norm(a) == norm(b)


def read_gold(path: Path) -> tuple[str | None, list[tuple[str, str, str]]]:
    """The text a gold file annotates (its ``# text:`` line) and its rows (label, mention, canonical)."""
    text_name, rows = None, []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, line in enumerate(fh, 1):
            if line.startswith("#"):
                key, _, value = line[1:].partition(":")
                if key.strip() == "text":
                    text_name = value.strip()
                continue
            cells = line.rstrip("\n").split("\t")
            if not line.strip() or cells[0] == "label":
                continue
            if len(cells) < 2 or cells[0] not in LINKED:
                raise AnnotationError(str(path), f"expected label<TAB>mention<TAB>canonical, label one of {LINKED}", n)
            rows.append((cells[0], cells[1], cells[2] if len(cells) > 2 else ""))
    return text_name, rows


def score(links_dir: str | Path, text_dir: str | Path, model=None) -> LinkScore:
    """Link every text a gold file names (from ``text_dir``) and score it."""
    from reportmine.ingest.files import iter_documents
    from reportmine.document import process

    total = LinkScore()
    for gold_path in sorted(Path(links_dir).glob("*.tsv")):
        text_name, rows = read_gold(gold_path)
        text_path = Path(text_dir) / (text_name or gold_path.with_suffix(".txt").name)
        if not text_path.is_file():
            raise AnnotationError(str(gold_path), f"the text it annotates is missing: {text_path}")
        raw = next(d for d in iter_documents([str(text_path)]))
        doc = process(raw, model=model)
        got: dict[tuple[str, str], set] = defaultdict(set)
        for m, link in zip(doc.extraction.mentions, doc.links.mentions):
            if m.label in LINKED:
                got[(m.label, name_key(m.text))].add(link.canonical if link else None)
                total.mentions += 1
                total.resolved += bool(link and link.canonical)
        for label, mention, canonical in rows:
            found = got.get((label, name_key(mention)))
            if not found:
                total.not_extracted += 1
                continue
            for c in found:
                if (c is None and not canonical) or (c is not None and canonical and same(c, canonical)):
                    total.correct += 1
                elif c is None:
                    total.unresolved += 1
                    total.errors.append((text_path.name, label, mention, canonical, "-"))
                else:
                    total.wrong += 1
                    total.errors.append((text_path.name, label, mention, canonical or "-", c))
    return total


def format_score(s: LinkScore, verbose: bool = False) -> str:
    lines = [f"linking accuracy {s.accuracy:.3f} ({s.correct}/{s.decisions}); wrong links {s.wrong} "
             f"({s.wrong_rate:.3f}); unresolved where gold links {s.unresolved}; resolved share "
             f"{s.resolved_share:.3f} ({s.resolved}/{s.mentions}); gold mentions not extracted {s.not_extracted}"]
    if verbose:
        for text, label, mention, gold, got in s.errors:
            lines.append(f"  {text}\t{label}\t{mention}\tgold {gold}\tgot {got}")
    return "\n".join(lines)
