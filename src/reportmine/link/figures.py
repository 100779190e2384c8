"""Figures made comparable: the metric a figure counts (``gazetteers/metrics.tsv``). Pure."""
from __future__ import annotations

from functools import lru_cache

from reportmine.link.keys import NAME_CACHE

from reportmine.gazetteers import load

METRICS = ("women_workers", "members", "workers", "organisations", "facilities", "events", "participants",
           "people_served", "money", "contracts", "trainings", "awards", "jobs", "projects", "other")


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[str, str, str], ...]:
    rows = tuple((r["word"], r["unit"], r["metric"]) for r in load("metrics"))
    bad = [m for _, _, m in rows if m not in METRICS]
    if bad:
        from reportmine.errors import GazetteerError

        raise GazetteerError(load("metrics").path, f"unknown metric(s) {sorted(set(bad))}; known: {METRICS}")
    return rows


@lru_cache(maxsize=NAME_CACHE)
def metric(subject: str | None, unit: str | None) -> str:
    """The first rule (file order) whose word is in the subject, or whose unit is the figure's unit."""
    subject, unit = subject or "", unit or ""
    for word, unit_rule, name in _rules():
        if word and word in subject and (not unit_rule or unit_rule == unit):
            return name
        if not word and unit_rule and unit_rule == unit:
            return name
    return "other"
