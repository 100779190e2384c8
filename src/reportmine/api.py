"""The researcher's front end: a knowledge base as pandas DataFrames, one text's records as dicts.

- :func:`load` opens a KB (read-only) and returns a :class:`KB` whose attributes are DataFrames
  already joined, so no SQL is needed: ``documents``, ``organisations``, ``programmes``,
  ``programme_runs``, ``figures``, ``awardees`` and ``mentions``.
- :func:`extract` runs the pipeline's analysis on one text (no KB) and returns :class:`Records`:
  organisations, programmes, figures and awardees as plain dicts with their spans and what linking
  made of them (canonical name, region, province, kind, metric, period).
- :func:`cjk_font` / :func:`use_cjk_font` find and select an installed font that has Chinese
  glyphs, so matplotlib labels are not empty boxes.

Column conventions shared by both: ``text`` (and ``*_text``) is the span as written; ``canonical``,
``organisation``, ``honour`` and ``affiliation`` are linked canonical names; ``region`` is the
lowest division known and ``province`` the top of its chain (``regions.parent_id``).
Both are exposed lazily as ``reportmine.load`` and ``reportmine.extract``.
"""
from __future__ import annotations

import os
import re
import sqlite3
import warnings
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from reportmine.errors import ExtractionIncompleteWarning, KBError

# -------------------------------------------------------------------------------------- the KB

REQUIRED = ("documents", "mentions", "figures", "awardees", "organisations", "regions", "programmes",
            "honours", "people", "programme_runs", "organisation_aliases", "programme_variants",
            "organisation_stats", "programme_stats")

# Every region with the name of its province (the top of the regions.parent_id chain).
PLACES = """
with recursive province_of(region_id, province_id) as (
    select id, id from regions where parent_id is null
    union all
    select r.id, p.province_id from regions r join province_of p on r.parent_id = p.region_id
), places as (
    select r.id as region_id, r.name as region, r.level as region_level, top.name as province
    from regions r join province_of po on po.region_id = r.id join regions top on top.id = po.province_id
)
"""

QUERIES = {
    "documents": """
        select d.id, d.title, d.date,
               case when d.date glob '[0-9][0-9][0-9][0-9]*' then cast(substr(d.date, 1, 4) as integer) end as year,
               d.source_name, d.author, d.url, d.source, d.line, d.chars, d.script,
               d.duplicate_of, d.similarity, d.added_at, d.text
        from documents d order by d.id""",
    "organisations": PLACES + """
        select o.id, o.name, o.kind, o.level, pl.region, pl.region_level, pl.province, up.name as parent,
               coalesce(s.mentions, 0) as mentions, coalesce(s.documents, 0) as documents,
               (select group_concat(a.alias, '、') from organisation_aliases a
                where a.organisation_id = o.id) as aliases,
               o.parent_id, o.region_id
        from organisations o left join places pl on pl.region_id = o.region_id
        left join organisations up on up.id = o.parent_id
        left join organisation_stats s on s.id = o.id
        order by documents desc, mentions desc, o.id""",
    "programmes": """
        select p.id, p.name, p.kind, coalesce(s.mentions, 0) as mentions, coalesce(s.documents, 0) as documents,
               (select group_concat(v.variant, '、') from programme_variants v where v.programme_id = p.id) as variants
        from programmes p left join programme_stats s on s.id = p.id order by p.id""",
    "programme_runs": PLACES + """
        select r.programme_id, p.name as programme, p.kind, r.organisation_id, o.name as organisation,
               pl.region, pl.province, r.document_id, d.title, d.date, d.duplicate_of
        from programme_runs r join programmes p on p.id = r.programme_id
        join organisations o on o.id = r.organisation_id join documents d on d.id = r.document_id
        left join places pl on pl.region_id = o.region_id
        order by r.programme_id, r.document_id, r.organisation_id""",
    "figures": PLACES + """
        select f.id, f.document_id, d.title, d.date, f.text, f.value, f.value_max, f.unit, f.qualifier,
               f.subject, f.metric, f.period, o.name as organisation, pl.region, pl.province,
               f.organisation_id, f.start, f.end, f.extractor, f.confidence, d.duplicate_of
        from figures f join documents d on d.id = f.document_id
        left join organisations o on o.id = f.organisation_id left join places pl on pl.region_id = o.region_id
        order by f.document_id, f.start""",
    "awardees": PLACES + """
        select a.id, a.document_id, d.title, d.date, a.name, a.kind,
               h.name as honour, h.level as honour_level, h.title as honour_title, h.issuer, a.honour as honour_text,
               pe.organisation as affiliation, a.organisation as affiliation_text,
               coalesce(po.region, ph.region) as region, coalesce(po.province, ph.province) as province,
               a.person_id, a.honour_id, a.organisation_id, a.start, a.end, a.extractor, a.confidence,
               d.duplicate_of
        from awardees a join documents d on d.id = a.document_id
        left join honours h on h.id = a.honour_id left join people pe on pe.id = a.person_id
        left join organisations o on o.id = a.organisation_id
        left join places po on po.region_id = o.region_id left join places ph on ph.region_id = h.region_id
        order by a.document_id, a.start""",
    "mentions": """
        select m.id, m.document_id, d.title, m.label, m.text, coalesce(o.name, p.name, h.name) as canonical,
               m.link as how, m.start, m.end, m.organisation_id, m.programme_id, m.honour_id,
               m.extractor, m.confidence, d.duplicate_of
        from mentions m join documents d on d.id = m.document_id
        left join organisations o on o.id = m.organisation_id left join programmes p on p.id = m.programme_id
        left join honours h on h.id = m.honour_id
        order by m.document_id, m.start, m.end""",
}

ABOUT = {
    "documents": "one row per stored text: title, date, year, source, chars, duplicate_of (near duplicates), text",
    "organisations": "canonical organisations with kind, level, region, province, parent, mention/document counts",
    "programmes": "canonical programmes with kind, adopting organisations / regions / provinces, adopters",
    "programme_runs": "which organisation runs which programme, in which document, with region and province",
    "figures": "reported quantities: value, unit, qualifier, subject, metric, period, organisation, region",
    "awardees": "honoured people and collectives: canonical honour, level, affiliation, region, province",
    "mentions": "every ORG / PROGRAMME / PERSON / HONOUR span with its canonical name and how it was linked",
}

# nullable integer columns (pandas would make them float because of the NULLs)
INTEGER_COLUMNS = ("year", "line", "duplicate_of", "period", "parent_id", "region_id", "organisation_id",
                   "programme_id", "honour_id", "person_id", "document_id", "organisations", "regions", "provinces")


@dataclass(frozen=True, eq=False)
class KB:
    """A reportmine knowledge base as joined pandas DataFrames (see :func:`load`).

    ``near duplicates``: rows of a document with a ``duplicate_of`` repeat another report; drop them
    (``df[df.duplicate_of.isna()]``) to count each report once, as the ``mentions``/``documents``
    counts of ``organisations`` and ``programmes`` already do.
    """

    path: Path
    documents: pd.DataFrame
    organisations: pd.DataFrame
    programmes: pd.DataFrame
    programme_runs: pd.DataFrame
    figures: pd.DataFrame
    awardees: pd.DataFrame
    mentions: pd.DataFrame

    def tables(self) -> pd.DataFrame:
        """The DataFrames of this KB: rows, columns and what one row is."""
        return pd.DataFrame([{"table": name, "rows": len(frame), "columns": ", ".join(frame.columns),
                              "about": ABOUT[name]} for name, frame in self.frames().items()]).set_index("table")

    def query(self, sql: str, params: Iterable = ()) -> pd.DataFrame:
        """Any read-only SQL over the KB file, for what the frames do not cover."""
        with _connect(self.path) as con:
            return pd.read_sql_query(sql, con, params=list(params))

    def frames(self) -> dict[str, pd.DataFrame]:
        """The DataFrames by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "path"}

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(frame)} {name}" for name, frame in self.frames().items())
        return f"KB({str(self.path)!r}: {counts})"


def load(path: str | os.PathLike) -> KB:
    """Open the reportmine KB at ``path`` read-only and return its tables as joined DataFrames.

    Raises :class:`reportmine.errors.KBError`, naming the file, when it is missing, not SQLite, or
    not a reportmine knowledge base (build one with ``reportmine run INPUTS --db FILE``).
    """
    path = Path(path)
    with _connect(path) as con:
        _check(con, path)
        try:
            frames = {name: _integers(pd.read_sql_query(sql, con)) for name, sql in QUERIES.items()}
        except pd.errors.DatabaseError as e:
            if "no such column" not in str(e.__cause__):
                raise
            raise KBError(f"{path}: written by an older reportmine ({e.__cause__}); add to it once with "
                          "`reportmine run INPUTS --db FILE` to upgrade it") from e
    frames["programmes"] = _adoption(frames["programmes"], frames["programme_runs"])
    return KB(path=path, **frames)


@contextmanager
def _connect(path: Path):
    """A read-only connection (``mode=ro``: nothing a reader does can change the KB); SQLite's errors as KBError."""
    if not path.is_file():
        raise KBError(f"{path}: no such knowledge base file")
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        try:
            con.execute("select count(*) from sqlite_master").fetchone()
        except sqlite3.DatabaseError as e:
            raise KBError(f"{path}: not a reportmine knowledge base (SQLite says: {e})") from e
        yield con
    finally:
        con.close()


def _check(con: sqlite3.Connection, path: Path) -> None:
    have = {r[0] for r in con.execute("select name from sqlite_master where type in ('table', 'view')")}
    missing = [t for t in REQUIRED if t not in have]
    if missing:
        lacks = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise KBError(f"{path}: not a reportmine knowledge base (no {lacks}); "
                      "build one with `reportmine run INPUTS --db FILE`")


def _integers(df: pd.DataFrame) -> pd.DataFrame:
    for column in INTEGER_COLUMNS:
        if column in df.columns:
            df[column] = df[column].astype("Int64")
    return df


def _adoption(programmes: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """Per programme: how many organisations, regions and provinces run it, and who (first seen first)."""
    grouped = runs.groupby("programme_id")
    adoption = pd.DataFrame({
        "organisations": grouped["organisation_id"].nunique(),
        "regions": grouped["region"].nunique(),
        "provinces": grouped["province"].nunique(),
        "adopted_by": grouped["organisation"].agg(lambda names: "、".join(dict.fromkeys(names))),
    })
    out = programmes.merge(adoption, left_on="id", right_index=True, how="left")
    for column in ("organisations", "regions", "provinces"):
        out[column] = out[column].fillna(0)
    out = _integers(out)
    columns = ["id", "name", "kind", "organisations", "regions", "provinces", "adopted_by", "mentions",
               "documents", "variants"]
    return out[columns].sort_values(["organisations", "regions", "documents", "id"],
                                    ascending=[False, False, False, True], ignore_index=True)


# ---------------------------------------------------------------------------- one text's records

ORGANISATION_COLUMNS = ("text", "start", "end", "canonical", "how", "kind", "level", "region", "province",
                        "parent", "extractor", "confidence")
PROGRAMME_COLUMNS = ("text", "start", "end", "canonical", "how", "kind", "organisation", "region", "province",
                     "extractor", "confidence")
FIGURE_COLUMNS = ("text", "start", "end", "value", "value_max", "unit", "qualifier", "subject", "metric",
                  "period", "organisation", "region", "province", "extractor", "confidence")
AWARDEE_COLUMNS = ("name", "kind", "start", "end", "honour", "honour_level", "honour_title", "issuer",
                   "honour_text", "honour_start", "honour_end", "affiliation", "affiliation_text", "region",
                   "province", "extractor", "confidence")
COLUMNS = {"organisations": ORGANISATION_COLUMNS, "programmes": PROGRAMME_COLUMNS, "figures": FIGURE_COLUMNS,
           "awardees": AWARDEE_COLUMNS}


@dataclass(frozen=True)
class Records:
    """The records of one text (see :func:`extract`). Spans index ``text``, the cleaned text."""

    text: str
    title: str | None
    organisations: list[dict] = field(default_factory=list)
    programmes: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    awardees: list[dict] = field(default_factory=list)

    def frames(self) -> dict[str, pd.DataFrame]:
        """One DataFrame per record kind (columns fixed, so an empty kind is an empty frame)."""
        return {kind: pd.DataFrame(getattr(self, kind), columns=list(columns)) for kind, columns in COLUMNS.items()}

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(getattr(self, kind))} {kind}" for kind in COLUMNS)
        return f"Records({counts})"


def extract(text: str, model=None) -> Records:
    """The records of one text, linked as the KB would store them; nothing is written anywhere.

    The text is cleaned and analysed as :func:`reportmine.document.process` does for every document
    of a run (the first line may be read as its headline, which gives linking context).
    ``model``: ``None`` (the default) extracts with the rules alone; ``"default"`` adds the shipped
    model (``models/default``, loaded through :mod:`reportmine.learn.model`); a model directory path or a
    loaded :class:`reportmine.learn.model.Model` adds that one. Note that the CLI's ``reportmine extract``
    uses the shipped model unless ``--no-model``.
    Raises :class:`reportmine.errors.InputError` when no text is left after cleaning. When a part of
    the analysis fails (an extractor, linking: a bug), the records of the other parts are returned
    and an :class:`reportmine.errors.ExtractionIncompleteWarning` is issued (``warnings.warn``)
    naming the part, the exception and where it was raised.
    """
    from reportmine.ingest.files import RawDocument
    from reportmine.document import process

    doc = process(RawDocument(source="<text>", text=text), model=_model(model))
    if doc.extraction.failures:
        warnings.warn(ExtractionIncompleteWarning(doc.extraction.failures), stacklevel=2)
    ex, links = doc.extraction, doc.links
    runners = dict(links.runs)  # programme mention index -> the organisation that runs it
    records: dict[str, list[dict]] = {kind: [] for kind in COLUMNS}
    for i, (m, lk) in enumerate(zip(ex.mentions, links.mentions)):
        if m.label == "ORG":
            records["organisations"].append(_mention(m, lk, **_organisation_info(lk.canonical, lk.region, links)))
        elif m.label == "PROGRAMME":
            records["programmes"].append(_mention(m, lk, kind=lk.kind, **_organisation(runners.get(i))))
    records["figures"] = [_figure(f, fl) for f, fl in zip(ex.figures, links.figures)]
    records["awardees"] = [_awardee(a, al) for a, al in zip(ex.awardees, links.awardees)]
    return Records(text=doc.text, title=doc.title,
                   **{kind: [{c: r[c] for c in COLUMNS[kind]} for r in rows] for kind, rows in records.items()})


def _model(model):
    """None (rules only), "default", a model directory, or a loaded Model."""
    if model is None or not isinstance(model, (str, os.PathLike)):
        return model
    from reportmine.learn import model as models

    return models.load(models.default_path() if model == "default" else model)


# The helpers below read reportmine.link.Links the way store._Writer does when it writes entity rows.

def _place(region) -> dict:
    """A region's name and its province's (the top of its chain, as regions.parent_id in the KB)."""
    if region is None:
        return {"region": None, "province": None}
    from reportmine.link.regions import regions

    return {"region": region.name, "province": regions().chain(region)[-1].name}


def _organisation(ref) -> dict:
    """An organisation reference (canonical name, region) as the organisation/region/province columns."""
    name, region = ref if ref is not None else (None, None)
    return {"organisation": name, **_place(region)}


def _organisation_info(name: str | None, region, links) -> dict:
    """Kind, level, region, province and parent of a canonical organisation (links.organisations)."""
    info = links.organisations.get((name, region.code if region is not None else None)) if name else None
    return {"kind": info.kind if info else None, "level": info.level if info else None, **_place(region),
            "parent": info.parent[0] if info and info.parent else None}


def _mention(m, lk, **linked) -> dict:
    """An ORG or PROGRAMME mention with its canonical name, how it was resolved, and what else linking says."""
    return {"text": m.text, "start": m.start, "end": m.end, "canonical": lk.canonical, "how": lk.how, **linked,
            "extractor": m.extractor, "confidence": m.confidence}


def _figure(f, fl) -> dict:
    """A figure with its metric, period and the organisation it is about."""
    return {"text": f.text, "start": f.start, "end": f.end, "value": f.value, "value_max": f.value_max,
            "unit": f.unit, "qualifier": f.qualifier, "subject": f.subject, "metric": fl.metric,
            "period": fl.period, **_organisation(fl.organisation), "extractor": f.extractor,
            "confidence": f.confidence}


def _awardee(a, al) -> dict:
    """An awardee with its canonical honour and affiliation; region from the affiliation, else the honour."""
    h = al.honour
    affiliation = al.organisation[0] if al.organisation else a.organisation
    region = al.organisation[1] if al.organisation and al.organisation[1] is not None else h.region
    return {"name": a.name, "kind": a.kind, "start": a.start, "end": a.end, "honour": h.name,
            "honour_level": h.level, "honour_title": h.title, "issuer": h.issuer, "honour_text": a.honour,
            "honour_start": a.honour_start, "honour_end": a.honour_end, "affiliation": affiliation,
            "affiliation_text": a.organisation, **_place(region), "extractor": a.extractor,
            "confidence": a.confidence}


# ---------------------------------------------------------------------------------- CJK fonts

PREFERRED_CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Zen Hei",
                       "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC",
                       "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Serif SC",
                       "SimSun", "Songti SC")
# family names that say Chinese glyphs: CJK, the 黑体/宋体/楷体 families, WenQuanYi, Source Han, PingFang
# (whole parts of names, case kept: a bare "Song" or "Kai" would also catch Songbird or Kailasa)
CJK_NAME = re.compile(r"CJK|Hei\b|Heiti|Songti|STSong|FangSong|SimSun|KaiTi|UKai|UMing|WenQuanYi|Han Sans|Han Serif|"
                      r"PingFang")


def cjk_font(available: Iterable[str] | None = None) -> str | None:
    """The family name of an installed font with Chinese glyphs, or None when there is none.

    ``available``: font family names to choose from (default: those matplotlib knows). The
    preferred simplified-Chinese sans fonts come first (Noto Sans CJK SC, from Debian's
    fonts-noto-cjk), then any family whose name says CJK, Hei (黑体), Song (宋体), Kai (楷体) or
    WenQuanYi (see ``CJK_NAME``), the first in alphabetical order.
    """
    if available is None:
        from matplotlib import font_manager

        available = (f.name for f in font_manager.fontManager.ttflist)
    names = set(available)
    preferred = [name for name in PREFERRED_CJK_FONTS if name in names]
    if preferred:
        return preferred[0]
    hinted = sorted(name for name in names if CJK_NAME.search(name))
    return hinted[0] if hinted else None


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese: put :func:`cjk_font` first in ``font.sans-serif``. Returns its name."""
    import matplotlib

    name = cjk_font()
    if name is not None:
        rc = matplotlib.rcParams
        rc["font.sans-serif"] = [name, *[f for f in rc["font.sans-serif"] if f != name]]
        rc["font.family"] = "sans-serif"
        rc["axes.unicode_minus"] = False  # CJK fonts often lack U+2212
    return name
