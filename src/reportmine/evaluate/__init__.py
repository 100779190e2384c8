"""Measuring: extractions, KBs and links against gold.

- :mod:`~reportmine.evaluate.scoring`: gold files, mention- and record-level scores with the
  matching rules of ``shared/annotation/score_kb.py``;
- :mod:`~reportmine.evaluate.links`: linking accuracy against ``corpus/links/``;
- :mod:`~reportmine.evaluate.crossval`: reproducible held-out shares and folds.

Sits above the pipeline stages it scores; :mod:`reportmine.learn` builds on it.
"""
