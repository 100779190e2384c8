"""Number parsing for reported quantities: Arabic, Chinese and mixed numerals, scales and ranges.

A pure module (no gazetteers, no state): the figure extractor finds a numeral with
:data:`NUMBER_PATTERN` and turns it into a value with :func:`parse_number` or
:func:`parse_range`. Chinese numerals follow the usual grammar (``三千五百``, ``十万``,
``两千零五``); Arabic numbers may carry commas, decimals and a trailing Chinese scale
(``26.5万``, ``3千``, ``1.1亿``). Vague markers inside a numeral (``余``, ``多``, ``几``,
``上百``) do not change the value (``30余万`` -> 300000) but are reported as ``over`` so the
caller can set the qualifier.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}
SMALL_SCALES = {"十": 10, "百": 100, "千": 1000}
BIG_SCALES = {"万": 10_000, "亿": 100_000_000}
SCALES = {**SMALL_SCALES, **BIG_SCALES}
VAGUE = "余多几"

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千万亿]"
# one numeral: Arabic with optional scales (and vague markers between them), or a Chinese numeral
NUMBER_PATTERN = (
    rf"(?:{_ARABIC}(?: ?[余多几]?[十百千])?(?: ?[余多几]?[万亿]+)?"
    rf"|{_CN}*[十百千万亿]{_CN}*[余多几]?(?:[万亿]+)?|{_CN}+)"
)
RANGE_SEPARATORS = r"(?:-|~|～|—|–|至|到)"
_NUMBER_RE = re.compile(NUMBER_PATTERN)
_RANGE_RE = re.compile(rf"({NUMBER_PATTERN})\s*{RANGE_SEPARATORS}\s*({NUMBER_PATTERN})")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A parsed numeral: its value, the range's upper bound, and whether it was vague (``余``)."""

    value: float
    value_max: float | None = None
    vague: bool = False


def _chinese_value(s: str) -> float | None:
    """Value of a pure Chinese numeral (``三千五百``, ``十万``, ``两亿三千万``); None if malformed."""
    total, section, digit = 0, 0, None
    seen = False
    for ch in s:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0 and digit != 0:
                return None  # two digits in a row (三四十) is a range, not a number
            digit = DIGITS[ch]
            seen = True
        elif ch in SMALL_SCALES:
            section += (1 if digit is None else digit) * SMALL_SCALES[ch]
            digit, seen = None, True
        elif ch in BIG_SCALES:
            section += digit or 0
            if section == 0 and total == 0:
                section = 1  # 万余人 -> 10000
            if BIG_SCALES[ch] == 10_000 and total and total % 100_000_000 == 0 and section < 10_000:
                total += section * 10_000  # 两亿三千万
            else:
                total = (total + section) * BIG_SCALES[ch]
            section, digit, seen = 0, None, True
        else:
            return None
    if not seen:
        return None
    return float(total + section + (digit or 0))


def _split_vague(s: str) -> tuple[str, bool]:
    """Drop the vague markers (余/多/几) inside a numeral, saying whether there were any."""
    stripped = "".join(ch for ch in s if ch not in VAGUE)
    return stripped, stripped != s


def parse_number(s: str) -> Quantity | None:
    """Parse one numeral: ``26.5万`` -> 265000, ``百余`` -> 100 (vague), ``1,200`` -> 1200.

    Returns None when ``s`` is not a numeral. Scales after an Arabic number multiply it
    (``3千`` -> 3000, ``2千万`` -> 20000000); ``十几`` is read as 10, vague.
    """
    s = s.strip()
    if not s:
        return None
    core, vague = _split_vague(s.replace(" ", ""))
    m = re.fullmatch(rf"({_ARABIC})([十百千万亿]*)", core)
    if m:
        value = float(m.group(1).replace(",", ""))
        for ch in m.group(2):
            value *= SCALES[ch]
        return Quantity(_tidy(value), vague=vague)
    value = _chinese_value(core)
    if value is None:
        return None
    return Quantity(_tidy(value), vague=vague)


def _tidy(value: float) -> float:
    """Round away binary noise from scale multiplication (26.5 * 10000)."""
    return float(round(value, 6))


def _adjacent_digits(s: str) -> Quantity | None:
    """Chinese ranges written as two adjacent digits: ``三四十`` -> 30..40, ``七八个`` -> 7..8."""
    m = re.fullmatch(r"([一二三四五六七八九])([二三四五六七八九])([十百千万亿]*)", s)
    if not m or DIGITS[m.group(2)] != DIGITS[m.group(1)] + 1:
        return None
    scale = 1.0
    for ch in m.group(3):
        scale *= SCALES[ch]
    return Quantity(DIGITS[m.group(1)] * scale, DIGITS[m.group(2)] * scale)


def parse_range(s: str) -> Quantity | None:
    """Parse a numeral or a range (``5000-10000``, ``3至5万``, ``三四十``) into value/value_max.

    A scale written only on the upper bound applies to both ends when the lower end is
    smaller than the scale's step (``3至5万`` -> 30000..50000).
    """
    s = s.strip()
    m = _RANGE_RE.fullmatch(s)
    if m:
        low, high = parse_number(m.group(1)), parse_number(m.group(2))
        if low is None or high is None:
            return None
        low_value = low.value
        trailing = re.search(r"[万亿]+$", m.group(2))
        if trailing and not re.search(r"[万亿]", m.group(1)):
            scaled = parse_number(m.group(1) + trailing.group(0))
            if scaled is not None and scaled.value <= high.value:
                low_value = scaled.value
        if low_value > high.value:
            return None
        return Quantity(low_value, high.value, low.vague or high.vague)
    return _adjacent_digits(s) or parse_number(s)


def is_chinese_numeral(s: str) -> bool:
    """True when the numeral has no Arabic digit (``两``, ``百余``): such numbers need more care."""
    return not any(ch.isdigit() for ch in s)
