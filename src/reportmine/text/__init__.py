"""Stage 2, the text model: a cleaned text in, the :class:`~reportmine.text.doc.Doc` extractors read out.

- :mod:`~reportmine.text.doc`: the Doc: text, its simplified shadow (same length), sentences, words;
- :mod:`~reportmine.text.segment`: sentences and jieba words with the domain dictionary;
- :mod:`~reportmine.text.script`: traditional -> simplified, character-aligned (OpenCC);
- :mod:`~reportmine.text.chars`, :mod:`~reportmine.text.patterns`: character folds and word-list
  regular expressions that every stage shares.

The lowest layer: imports nothing of reportmine but :mod:`reportmine.gazetteers`.
"""
