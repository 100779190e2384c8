"""reportmine: scraped Chinese trade-union reports in, a normalised SQLite knowledge base out.

Stages (each a module): load -> clean -> segment -> extract -> normalise -> store,
wired together in :mod:`reportmine.pipeline`.
"""

__version__ = "0.1.0"
