"""Cleaning: raw scraped text in, the document text every span points into out.

Pure functions, applied in order by :func:`clean`:

1. :func:`normalise_chars`  - newlines, invisible characters, full-width ASCII folded to half-width
   (the several middle dots stay as written: the simplified shadow folds them, see text/doc.py);
2. :func:`drop_glosses`     - big5-gateway pinyin glosses (``總工會(huì)`` -> ``總工會``);
3. :func:`drop_furniture`   - whole lines of page furniture (navigation bars, copyright and ICP
   footers, forum chrome), with patterns from ``gazetteers/furniture.tsv``;
4. :func:`drop_noise`       - symbols scattered inside words by anti-scraping filters (``吉香⊙居``);
5. :func:`rejoin`           - words broken by PDF line wraps and stray spaces between Chinese
   characters (``第八 届`` -> ``第八届``).

Traditional characters are kept as written: extraction reads a simplified shadow (text/script.py).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from reportmine import gazetteers
from reportmine.ingest.textmeta import is_meta_line
from reportmine.text.chars import normalise_chars

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_GLOSS = re.compile(rf"(?<=[{CJK}])\((?:[a-zA-Z\u00e0-\u01dc\u0300-\u036f]{{1,7}})\)")
# one stray space inside Chinese is an artefact; a wider gap separates fields and is kept
_SPACE_IN_WORD = re.compile(rf"(?<=[{CJK}]) (?=[{CJK}])")
_PUNCT_END = "。！？!?；;:：,，、”’」』)）》】…—-"


def drop_glosses(text: str) -> str:
    return _GLOSS.sub("", text)


def drop_noise(text: str) -> str:
    """Remove single non-ASCII math/other symbols standing between two Chinese characters.

    ASCII symbols stay: ``培训+竞赛`` and ``A|B`` are written on purpose.
    """
    return _BETWEEN_CJK.sub(_drop_symbol, text)


# a character that is neither ASCII nor Chinese, between two Chinese characters
_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])[^\x00-\x7f{CJK}](?=[{CJK}])")


def _drop_symbol(m: re.Match) -> str:
    return "" if unicodedata.category(m.group()) in ("Sm", "So") else m.group()


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


@lru_cache(maxsize=1)
def _furniture() -> list[re.Pattern]:
    return [re.compile(p) for p in gazetteers.load("furniture").column("pattern")]


def is_furniture(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if any(p.search(s) for p in _furniture()):
        return True
    # a navigation bar: many short items separated by | or spaces, no sentence punctuation
    items = [x for x in re.split(r"[|｜/]+", s) if x.strip()]
    return len(items) >= 6 and max(len(x.strip()) for x in items) <= 6 and not re.search("[。,，]", s)


def drop_furniture(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not is_furniture(line))


def rejoin(text: str) -> str:
    """Undo stray spaces inside Chinese and fixed-width line wrapping."""
    lines = [_SPACE_IN_WORD.sub("", line.strip()) for line in text.split("\n")]
    width = _wrap_width(lines)
    out: list[str] = []
    previous = ""  # the previous physical line, before any joining
    for line in lines:
        if width and out and line and previous and _wrapped(previous, line, width):
            out[-1] += line
        else:
            out.append(line)
        previous = line
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _wrapped(previous: str, line: str, width: int) -> bool:
    """Whether ``line`` continues ``previous``: it filled the wrap width and broke inside a sentence
    (a dateline or field line never continues anything)."""
    return (abs(len(previous) - width) <= 1 and previous[-1] not in _PUNCT_END and _is_cjk(line[0])
            and not is_meta_line(line))


def _wrap_width(lines: list[str]) -> int | None:
    """The line width a PDF or fixed-width export wrapped at, if the text looks wrapped."""
    lengths = Counter(len(line) for line in lines if len(line) >= 15)
    if not lengths:
        return None
    width, n = max(lengths.items(), key=lambda kv: (kv[1] + lengths.get(kv[0] - 1, 0) + lengths.get(kv[0] + 1, 0), kv[0]))
    near = n + lengths.get(width - 1, 0) + lengths.get(width + 1, 0)
    # wrapped text: most long lines end at the same width; a list of similar names does not
    return width if near >= 3 and near * 2 >= sum(lengths.values()) and width >= 20 else None


def clean(raw: str) -> str:
    """The cleaned document text (see the module docstring for the steps)."""
    text = normalise_chars(raw)
    text = drop_glosses(text)
    text = drop_furniture(text)
    text = drop_noise(text)
    return rejoin(text)
