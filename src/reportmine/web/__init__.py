"""Browsing a KB: ``reportmine serve`` (Datasette with metadata, canned queries and dashboards,
:mod:`~reportmine.web.serve`) and the Datasette plugin that segments search queries
(:mod:`~reportmine.web.plugin`, registered as the ``reportmine`` entry point). Reads the KB only.
"""
