"""Normalise and link one document's records: who each mention is, where, under whom.

:func:`link` is a pure function of a document's extraction and metadata. It gives every ORG,
PROGRAMME and HONOUR mention its canonical name (or ``None`` with the reason, when the document
does not tell), every organisation its kind, level, region and parent chain, every figure the
organisation it is about, its period and metric, every awardee canonical honour and affiliation,
and every programme the organisation that runs it. The store turns these into entity rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportmine.link.keys import name_key
from reportmine.records import Extraction, pickled_by_fields
from reportmine.link import context as ctxmod
from reportmine.link import figures as figmod
from reportmine.link import honours as honmod
from reportmine.link import programmes as progmod
from reportmine.link.orgs import OrgInfo, describe
from reportmine.link.resolve import document, resolve
from reportmine.link.regions import Region, regions

SENTENCE_END = re.compile(r"[。！？!?；;\n]")
MAX_PARENT_DEPTH = 8


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Link:
    canonical: str | None
    how: str
    region: Region | None = None
    kind: str | None = None      # programme kind / honour level


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FigureLink:
    organisation: tuple[str, Region | None] | None
    period: int | None
    metric: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class AwardeeLink:
    organisation: tuple[str, Region | None] | None
    honour: honmod.HonourName


@pickled_by_fields
@dataclass
class Links:
    mentions: list[Link | None] = field(default_factory=list)  # parallel to extraction.mentions
    organisations: dict[tuple[str, str | None], OrgInfo] = field(default_factory=dict)
    figures: list[FigureLink] = field(default_factory=list)
    awardees: list[AwardeeLink] = field(default_factory=list)
    runs: list[tuple[int, tuple[str, Region | None]]] = field(default_factory=list)  # programme mention index -> org

    def add_org(self, name: str, region: Region | None) -> tuple[str, Region | None]:
        """Describe an organisation and, recursively, its parents."""
        ref = (name, region)
        depth = 0
        while ref is not None and _key(ref) not in self.organisations and depth < MAX_PARENT_DEPTH:
            info = describe(*ref)
            self.organisations[_key(ref)] = info
            ref, depth = info.parent, depth + 1
        return (name, region)


def _key(ref: tuple[str, Region | None]) -> tuple[str, str | None]:
    return ref[0], ref[1].code if ref[1] is not None else None


def link(ex: Extraction, title: str | None = None, meta: dict | None = None) -> Links:
    meta = meta or {}
    orgs = [m for m in ex.mentions if m.label == "ORG"]
    ctx = document(ex.text, [m.text for m in orgs] + [a.organisation for a in ex.awardees if a.organisation],
                   title=title, source_name=meta.get("source_name"), date=meta.get("date"),
                   lead=_lead(ex.text, orgs))
    out = Links()
    programme_names = {progmod.canonical(m.text) for m in ex.mentions if m.label == "PROGRAMME"}
    org_at: list[tuple[int, tuple[str, Region | None]]] = []
    for m in ex.mentions:
        if m.label == "ORG":
            r = resolve(m.text, ctx, m.start)
            if r.name:
                org_at.append((m.start, out.add_org(r.name, r.region)))
            out.mentions.append(Link(r.name, r.how, r.region))
        elif m.label == "PROGRAMME":
            name = _programme(m.text, programme_names)
            how = "as written" if name == name_key(m.text) else "the brand of a variant"
            out.mentions.append(Link(name, how, None, progmod.kind_of(name)))
        elif m.label == "HONOUR":
            out.mentions.append(None)  # below, once every honour of the document is read
        else:
            out.mentions.append(None)
    honours, awarded = _honours(ex, ctx)
    for i, m in enumerate(ex.mentions):
        if m.label == "HONOUR":
            h = honours[i]
            if honmod.several_levels(m.text):
                out.mentions[i] = Link(None, "honours of several levels written as one (省、市)")
            else:
                out.mentions[i] = Link(h.name, "honour", h.region, h.level)
    reporting = out.add_org(ctx.reporting.name, ctx.reporting.region) if ctx.reporting else None
    for i, m in enumerate(ex.mentions):
        if m.label == "PROGRAMME":
            runner = _nearest_org(ex.text, m.start, org_at) or reporting
            if runner is not None:
                out.runs.append((i, runner))
    for f in ex.figures:
        about = _nearest_org(ex.text, f.start, org_at) or reporting
        out.figures.append(FigureLink(about, _period(ex.text, f.start) or ctx.year, figmod.metric(f.subject, f.unit)))
    for a, honour in zip(ex.awardees, awarded):
        org = None
        if a.organisation:
            r = resolve(a.organisation, ctx)
            org = out.add_org(r.name, r.region) if r.name else None
        out.awardees.append(AwardeeLink(org, honour))
    return out


def _honours(ex: Extraction, ctx) -> tuple[dict[int, honmod.HonourName], list[honmod.HonourName]]:
    """The canonical honour of every HONOUR mention (by index) and of every awardee: an honour
    written bare takes the place or level written just before its quotes (授予泉州市“工人先锋号”),
    then the one place the document writes it with (:func:`reportmine.link.honours.settle`)."""
    near, before = ctx.nearby(), {}

    def read(surface: str, start: int | None, end: int | None) -> honmod.HonourName:
        h = honmod.canonical(surface, ctx.home)
        if start is not None and h.name == h.title:
            prefix = honmod.written_before(ex.text, start, near, before)
            if prefix:
                h = honmod.canonical(prefix + surface, ctx.home)
            if end is not None:
                before[end] = prefix
        return h

    at = sorted((m.start, i) for i, m in enumerate(ex.mentions) if m.label == "HONOUR")
    mentions = {i: read(ex.mentions[i].text, ex.mentions[i].start, ex.mentions[i].end) for _, i in at}
    awarded = [read(a.honour, a.honour_start, a.honour_end) for a in ex.awardees]
    settled = honmod.settle(list(mentions.values()) + awarded)
    return dict(zip(mentions, settled)), settled[len(mentions):]


UNLINKED = "not linked: linking failed"


def unlinked(ex: Extraction) -> Links:
    """The links of a document whose linking raised: every record kept, none resolved (the mentions'
    ``link`` says why; an awardee's honour is taken as written)."""
    return Links(
        mentions=[Link(None, UNLINKED) if m.label in ("ORG", "PROGRAMME", "HONOUR") else None for m in ex.mentions],
        figures=[FigureLink(None, None, "other") for _ in ex.figures],
        awardees=[AwardeeLink(None, honmod.HonourName(a.honour, None, a.honour, None)) for a in ex.awardees])


def _programme(surface: str, names: set[str]) -> str:
    """A variant's brand; also a brand the document writes alone (玫瑰书香 beside 玫瑰书香·悦读悦美)."""
    name = progmod.canonical(surface)
    parts = [p for p in progmod.SEPARATORS.split(name) if p]
    if len(parts) >= 2:
        shared = [p for p in parts if p in names]
        if len(shared) == 1:
            return shared[0]
    return name


def _lead(text: str, orgs) -> str | None:
    """The first organisation of the document's first sentence (the lead's subject), read in the
    line that ends it: a masthead or page furniture above it is not the lead."""
    stop = text.find("。")
    if stop < 0:
        return None
    start = text.rfind("\n", 0, stop) + 1
    return next((m.text for m in sorted(orgs, key=lambda m: m.start) if start <= m.start < stop), None)


def _sentence_start(text: str, pos: int) -> int:
    floor = max(0, pos - 300)
    return max((m.end() for m in SENTENCE_END.finditer(text, floor, pos)), default=floor)


def _nearest_org(text: str, pos: int, org_at) -> tuple[str, Region | None] | None:
    """The last organisation named before ``pos`` in the same sentence (the sentence's subject)."""
    start = _sentence_start(text, pos)
    before = [ref for at, ref in org_at if start <= at < pos]
    return before[-1] if before else None


def _period(text: str, pos: int) -> int | None:
    """The year written in the figure's sentence, before it (2023年以来, 今年 not read)."""
    start = _sentence_start(text, pos)
    years = ctxmod.YEAR.findall(text, start, pos)
    return int(years[-1]) if years else None


__all__ = ["link", "unlinked", "Links", "Link", "FigureLink", "AwardeeLink", "regions"]
