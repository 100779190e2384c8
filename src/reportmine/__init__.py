"""reportmine: scraped Chinese trade-union reports in, a normalised SQLite knowledge base out.

Stages (each a module): ingest -> clean -> segment -> extractors -> link -> store,
wired together in :mod:`reportmine.pipeline`.

For research, two functions of :mod:`reportmine.api`, imported on first use so that
``import reportmine`` stays cheap (no pandas, no jieba):

- ``reportmine.load(FILE)``: a knowledge base as joined pandas DataFrames (:func:`reportmine.api.load`);
- ``reportmine.extract(text, model=None)``: the linked records of one text (:func:`reportmine.api.extract`).
"""
__version__ = "0.1.0"
__all__ = ["load", "extract", "__version__"]


def __getattr__(name):
    if name in ("load", "extract"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), "load", "extract"])
