"""reportmine: scraped Chinese trade-union reports in, a normalised SQLite knowledge base out.

Stages (each a package): ingest -> text -> extractors -> link -> kb, one document at a time in
:mod:`reportmine.document`, streamed over many in :mod:`reportmine.pipeline`. Beside them: learn
(training and the model), evaluate (scores against gold), scale (workers, Dask, bench) and web
(Datasette).

For research, two functions of :mod:`reportmine.api`, imported on first use so that
``import reportmine`` stays cheap (no pandas, no jieba):

- ``reportmine.load(FILE)``: a knowledge base as joined pandas DataFrames (:func:`reportmine.api.load`);
- ``reportmine.extract(text, model=None)``: the linked records of one text (:func:`reportmine.api.extract`).
"""
__version__ = "0.1.0"
__all__ = ["load", "extract", "__version__"]


def __getattr__(name):
    if name in ("load", "extract"):
        from reportmine import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), "load", "extract"])
