"""Traditional -> simplified shadow text, aligned character by character (OpenCC).

The stored document keeps the script it was written in; extractors read a simplified shadow of
the same length so that every span found in the shadow indexes the stored text unchanged.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    import opencc

    for config in ("t2s", "t2s.json"):  # the two OpenCC packages name their configs differently
        try:
            return opencc.OpenCC(config)
        except (ValueError, RuntimeError, OSError):
            continue
    raise RuntimeError("OpenCC has no t2s configuration; reinstall the 'opencc' package")


def to_simplified(text: str) -> str:
    """Simplified shadow of ``text`` with exactly ``len(text)`` characters.

    OpenCC converts phrases, which can change length; where a line's length changes we fall
    back to converting that line one character at a time, which always keeps length.
    """
    if not text or text.isascii():
        return text
    convert = _converter().convert
    whole = convert(text)
    if len(whole) == len(text):
        return whole
    out = []
    for line in text.splitlines(keepends=True):
        conv = convert(line)
        if len(conv) != len(line):
            conv = "".join(c if len(c := convert(ch)) == 1 else ch for ch in line)
        out.append(conv)
    return "".join(out)
