"""The document view extractors read: cleaned text, its simplified shadow, sentences, words."""
from __future__ import annotations

from functools import cached_property

from reportmine.text import segment
from reportmine.text.patterns import CharMap
from reportmine.text.script import to_simplified

# the several middle dots and the corner quotes of traditional-script pages fold to one form in the
# shadow (never in the stored text), so one set of rules reads them all
_SHADOW_FOLD = CharMap(str.maketrans({"・": "·", "•": "·", "‧": "·", "∙": "·", "⋅": "·",
                                      "「": "“", "」": "”", "『": "“", "』": "”"}))


class Doc:
    """A cleaned text with lazily computed analyses.

    ``text`` is what the KB stores and every span indexes; ``shadow`` is its simplified twin of
    the same length, with middle dots folded to ``·`` and corner quotes to “”, which extractors match against
    (gazetteers are written in simplified).
    """

    __slots__ = ("text", "__dict__")

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def shadow(self) -> str:
        s = _SHADOW_FOLD(to_simplified(self.text))
        assert len(s) == len(self.text)
        return s

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return segment.sentences(self.shadow)

    @cached_property
    def tokens(self) -> list[segment.Token]:
        return segment.words(self.shadow)

    @property
    def is_traditional(self) -> bool:
        """Whether the text is in traditional script: its simplified shadow differs noticeably."""
        changed = 0 if self.text == self.shadow else sum(map(str.__ne__, self.text, self.shadow))
        return changed >= max(3, len(self.text) // 100)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for s, e in self.sentences:
            if s <= pos < e:
                return s, e
        return 0, len(self.text)
