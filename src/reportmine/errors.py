"""One named exception per failure. Messages say what was wrong, where, and what to do."""
from __future__ import annotations


class ReportmineError(Exception):
    """Base class of every error reportmine raises on purpose."""


class GazetteerError(ReportmineError):
    """A gazetteer file is missing or malformed."""

    def __init__(self, path, message: str, line: int | None = None):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")
        self.path, self.line = path, line


class InputError(ReportmineError):
    """An input document cannot be read (missing, empty, binary, undecodable)."""

    def __init__(self, source: str, message: str, line: int | None = None):
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")
        self.source, self.line, self.reason = source, line, message


class GoldError(ReportmineError):
    """A gold annotation file does not follow GUIDELINES.md."""

    def __init__(self, path, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path


class KBError(ReportmineError):
    """The knowledge base file is missing or not a reportmine KB."""


class AnnotationError(ReportmineError):
    """An annotated sample (gold folder, Doccano, Label Studio, DocBin) cannot be used for training."""

    def __init__(self, path, message: str, line: int | None = None):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")
        self.path, self.line = path, line


class ExtractionIncompleteWarning(UserWarning):
    """One part of a text's analysis (an extractor, linking) raised: the records returned lack that
    part's. ``failures`` lists them (:class:`reportmine.records.Failure`: stage, exception, place).
    A bug worth reporting with the text; ``reportmine run`` records the same in the KB's errors table."""

    def __init__(self, failures):
        super().__init__("extraction incomplete: " + "; ".join(map(str, failures)))
        self.failures = list(failures)
