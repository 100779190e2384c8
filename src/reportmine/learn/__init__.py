"""The learning loop, beside the pipeline: annotations in, a trained model bundle out, and the
model's mentions combined with the rules'.

- :mod:`~reportmine.learn.annotations`: gold folders, Doccano, Label Studio, spaCy DocBin -> spans;
- :mod:`~reportmine.learn.spanmodel`: the span tagger; :mod:`~reportmine.learn.quotes` and
  :mod:`~reportmine.learn.candidates`: scikit-learn classifiers over rule candidates;
- :mod:`~reportmine.learn.model`: the bundle on disk and the combination policy;
- :mod:`~reportmine.learn.training`: ``reportmine train`` and the rules/model/combined tables;
- :mod:`~reportmine.learn.preannotate`: tasks to correct, least certain first;
- :mod:`~reportmine.learn.card`: the model card.

Uses the extractors (rule candidates are features) and :mod:`reportmine.evaluate`; the
extraction stage reaches a model only through the object it is handed.
"""

from dataclasses import asdict


class Settings:
    """Mixin of the training settings' dataclasses (:class:`reportmine.learn.spanmodel.Config`,
    :class:`reportmine.learn.crf.Config`): written to ``model.json`` and read back, keys the class
    does not know ignored, so a model saved by another version still loads."""

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict):
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        if "labels" in known:
            known["labels"] = tuple(known["labels"])
        return cls(**known)
