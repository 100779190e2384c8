"""Browse a knowledge base in Datasette: read-only, on 127.0.0.1 unless told otherwise.

:func:`metadata` describes every table and column (with the source and licence of its data),
sets label columns (so foreign keys show names), default sorts, facets and full-text search,
and adds the canned research queries (:data:`QUERIES`) and the charts (:func:`dashboards`,
drawn by the datasette-dashboards plugin, whose Vega scripts ship inside its package);
:func:`command` builds the ``datasette`` invocation: the KB opened immutable (read-only
connections while a ``run`` is writing it), no writable canned query, so nothing the browser sends
can write to it, and queries cut off after :data:`SQL_TIME_LIMIT_MS`; :func:`run` runs it.
"""
from __future__ import annotations

import html
import json
import signal
import subprocess
import sys
import urllib.parse
from pathlib import Path

from reportmine.errors import KBError

SQL_TIME_LIMIT_MS = 3000

# Where each table's data comes from, and under which terms (shown on its Datasette page).
PROVENANCE = {
    "texts": {"source": "Scraped news pages and work reports: each document's source, url and source_name "
                        "say where it was published",
              "license": "The publishers' terms: quote for research, check before republishing"},
    "extracted": {"source": "reportmine: extracted and linked from the documents' text (extractor, "
                            "extractor_version and confidence on each row)",
                  "license": "Derived from the documents: their publishers' terms apply"},
    "regions": {"source": "cpca 0.5.5 administrative divisions (gazetteers/regions.tsv)",
                "license": "MIT (cpca)"},
    "runs": {"source": "reportmine's own bookkeeping", "license": "MIT (reportmine)"},
}
TABLE_PROVENANCE = {"documents": "texts", "document_sources": "texts", "sentences": "texts",
                    "documents_fts": "texts", "sentences_fts": "texts", "regions": "regions",
                    "errors": "runs", "runs": "runs", "lsh_bands": "runs",
                    "lsh_signatures": "runs"}  # others: "extracted"

# Rows with a span in a document; the canned query record_sentence shows the sentence behind one.
RECORD_TABLES = ("mentions", "figures", "awardees", "programme_runs", "mention_links")

COMMON = {
    "document_id": "The document the record comes from (documents.id).",
    "start": "Start offset of the span in documents.text (characters, 0-based).",
    "end": "End offset of the span in documents.text (characters, exclusive).",
    "extractor": "Name of the extractor that produced the row (rules.* = rule-based, model.* = trained model).",
    "extractor_version": "Version of that extractor.",
    "confidence": "The extractor's confidence in the row, 0 to 1.",
}


def _stats_view(entity: str, what: str) -> dict:
    """Metadata of an ``*_stats`` view: an entity with counts over original documents."""
    return {"description": f"{entity} by number of documents {what} them; near duplicates counted once.",
            "sort_desc": "documents",
            "columns": {"id": f"{entity[:-1]} id.", "name": "Name.", "mentions": "Mentions in original documents.",
                        "documents": f"Original documents {what} it."}}


def _alias_table(entity: str, what: str) -> dict:
    return {"description": f"{what}, with how often it was written.",
            "columns": {"id": "Row id.", f"{entity}_id": f"The {entity}.",
                        ("variant" if entity == "programme" else "alias"): "The form as written.",
                        "mentions": "Mentions written this way."}}


TABLES: dict[str, dict] = {
    "documents": {
        "description": "One row per input document (deduplicated by the SHA-256 of its cleaned text).",
        "label_column": "title",
        "sort_desc": "date",
        "facets": ["script", "source_name"],
        "fts_table": "documents_fts",
        "fts_pk": "id",
        "columns": {
            "id": "Document id.",
            "source": "The input path as given on the command line (<stdin> for standard input).",
            "line": "Line of a JSON Lines export the document came from.",
            "title": "The headline: from the HTML page or JSON record, else found in the text.",
            "date": "Publication date (ISO), from the page, the record or a dateline in the text.",
            "url": "The page address, where the input gave one.",
            "source_name": "The publishing source (文章来源/来源 line, or the record's source field).",
            "author": "Reporters and correspondents named in the byline (; between names).",
            "record_id": "The id field of a JSON Lines record.",
            "duplicate_of": "For a near duplicate (a repost, an excerpt), the original document.",
            "similarity": "Share of this text's 5-character shingles found in the original (near duplicates), "
                          "0 to 1.",
            "meta": "Other fields of the JSON Lines record, as JSON.",
            "text": "The cleaned text; every span in the KB indexes it.",
            "sha256": "SHA-256 of the cleaned text: re-running the same input adds nothing.",
            "chars": "Length of the cleaned text (unit: characters).",
            "script": "traditional or simplified (as written; extraction reads a simplified shadow).",
            "added_at": "When the document was stored (UTC).",
            "incomplete": "1 when a part of the analysis (an extractor, linking) failed: its records are missing "
                          "(see errors.document_id); `reportmine run --redo-incomplete` extracts it again.",
        },
    },
    "mentions": {
        "description": "Named spans, one row per occurrence: organisations (ORG), programmes (PROGRAMME), "
                       "people (PERSON) and honours (HONOUR).",
        "facets": ["label", "extractor"],
        "columns": {
            "id": "Mention id.",
            **COMMON,
            "label": "ORG, PROGRAMME, PERSON or HONOUR (see the annotation guidelines).",
            "text": "The span as written in the document.",
            "organisation_id": "The organisation this ORG mention names.",
            "programme_id": "The programme this PROGRAMME mention names.",
            "honour_id": "The honour this HONOUR mention names.",
            "link": "How the mention was resolved to its entity, or why it was left unresolved.",
        },
    },
    "figures": {
        "description": "Reported quantities: 女职工26.5万人 -> value 265000, unit 人, subject 女职工.",
        "sort_desc": "period",
        "facets": ["metric", "unit", "qualifier", "period"],
        "columns": {
            "id": "Figure id.",
            **COMMON,
            "text": "The shortest span holding qualifier, number and unit, as written.",
            "value": "The number as a plain decimal, 万/亿 folded in (lower bound of a range); its unit is in "
                     "the unit column.",
            "value_max": "Upper bound of a range (5000-10000元), else empty; same unit as value.",
            "unit": "Measure word or unit after folding 万/亿 (人, 个, 元, %, ...); empty when none.",
            "qualifier": "approx (近, 约), over (多, 余, 超), under (不到, 不足), up_to (高达) or empty.",
            "subject": "What is counted, as written (女职工 for 现有女职工26.5万人).",
            "subject_start": "Start offset of the subject in documents.text.",
            "subject_end": "End offset of the subject in documents.text.",
            "metric": "What kind of count it is (gazetteers/metrics.tsv): women_workers, members, organisations, "
                      "facilities, events, participants, money, contracts, trainings, awards ...",
            "organisation_id": "The organisation the figure is about: named before it in its sentence, else the "
                               "reporting union.",
            "period": "The year (unit: calendar year): written in its sentence, else the document's.",
        },
    },
    "awardees": {
        "description": "People and collectives holding an honour: 省劳模钟晓媛.",
        "facets": ["kind", "honour_id"],
        "columns": {
            "id": "Awardee row id.",
            **COMMON,
            "name": "The person's full name or the collective's name.",
            "kind": "person or org.",
            "honour": "The honour as written (shortest complete form).",
            "organisation": "The affiliation written with the name, if any.",
            "start": "Start offset of the name in documents.text.",
            "end": "End offset of the name in documents.text.",
            "honour_start": "Start offset of the honour in documents.text.",
            "honour_end": "End offset of the honour in documents.text.",
            "person_id": "The person or collective (people.id).",
            "honour_id": "The honour (honours.id).",
            "organisation_id": "The affiliation (organisations.id).",
        },
    },
    "organisations": {
        "description": "One row per organisation: canonical name (abbreviations expanded, context-dependent names "
                       "such as 市总工会 resolved from the document), kind, level, region and parent. Surface forms "
                       "are in organisation_aliases.",
        "label_column": "name",
        "sort": "name",
        "facets": ["kind", "level", "region_id"],
        "columns": {"id": "Organisation id.", "key": "Canonical name (normalised)|region code.",
                    "name": "Canonical name.",
                    "kind": "union, union_committee, enterprise, government, party, school, hospital, court, media, "
                            "association, team, unit (a department), institution or committee.",
                    "level": "national, province, city, county, township or enterprise.",
                    "parent_id": "The body it belongs to (a committee's union, a city union's provincial union, "
                                 "a branch's company).",
                    "region_id": "The administrative division (regions.id = its 6-digit code)."},
    },
    "regions": {
        "description": "China's provinces, prefectures and counties with their division codes (cpca 0.5.5).",
        "label_column": "name",
        "sort": "id",
        "facets": ["level"],
        "columns": {"id": "The division code as a number.", "key": "The division code.", "name": "Full name.",
                    "level": "province, prefecture or county.", "code": "6-digit division code.",
                    "parent_id": "The division above."},
    },
    "programmes": {
        "description": "One row per programme, brand or campaign; regional variants (会聚良缘·爱在龙江) share their "
                       "brand's row and are listed in programme_variants.",
        "label_column": "name",
        "sort": "name",
        "facets": ["kind"],
        "columns": {"id": "Programme id.", "key": "Normalised canonical name.", "name": "Canonical name.",
                    "kind": "brand, campaign, activity_series, platform, facility or competition."},
    },
    "honours": {
        "description": "One row per honour: level words normalised, short titles in full (省劳模 -> 河北省劳动模范 "
                       "in a Hebei report, else 省劳动模范). Surface forms are in honour_aliases.",
        "label_column": "name",
        "sort": "name",
        "facets": ["level", "title", "region_id"],
        "columns": {"id": "Honour id.", "key": "Normalised canonical name.", "name": "Canonical name.",
                    "level": "national, province, city, county, township or enterprise.",
                    "title": "The title without level or place (劳动模范), to group across places.",
                    "issuer": "The awarding body where the title says it.",
                    "region_id": "The division that awarded it, when known."},
    },
    "people": {
        "description": "Awardees (people and collectives); merged only when name and canonical affiliation agree, "
                       "never on a shared name alone.",
        "label_column": "name",
        "sort": "name",
        "columns": {"id": "Person id.", "key": "Normalised name|affiliation.", "name": "The name.",
                    "organisation": "The affiliation (canonical when resolved).",
                    "organisation_id": "The affiliation (organisations.id)."},
    },
    "organisation_aliases": _alias_table("organisation", "Every surface form of an organisation"),
    "programme_variants": _alias_table("programme", "Every variant and surface form of a programme"),
    "honour_aliases": _alias_table("honour", "Every surface form of an honour"),
    "programme_runs": {
        "description": "Which organisation runs a programme in which document (the organisation named before it in "
                       "its sentence, else the document's reporting union).",
        "columns": {"id": "Row id.", "document_id": "The document.", "programme_id": "The programme.",
                    "organisation_id": "The organisation."},
    },
    "mention_links": {
        "description": "Every ORG, PROGRAMME and HONOUR mention with the canonical name it resolved to; null when "
                       "the document does not tell (the how column says why).",
        "facets": ["label"],
        "columns": {"document_id": "The document.", "label": "ORG, PROGRAMME or HONOUR.", "text": "As written.",
                    "canonical": "Canonical name, or null when unresolved.",
                    "how": "How it was resolved, or why not.", "mention_id": "The mention row."},
    },
    "document_sources": {
        "description": "Every place a document was seen: exact duplicates are stored once, their sources here.",
        "columns": {"id": "Row id.", "document_id": "The stored document.", "source": "The input path.",
                    "line": "Line of a JSON Lines export.", "seen_at": "When (UTC)."},
    },
    "sentences": {
        "description": "Every sentence of every document, with its span in documents.text: search them with "
                       "the box (Chinese words are segmented, so 劳模 finds 省劳模).",
        "fts_table": "sentences_fts",
        "fts_pk": "id",
        "columns": {"id": "Sentence id.", "document_id": COMMON["document_id"],
                    "start": "Start offset of the sentence in documents.text (characters, 0-based).",
                    "end": "End offset of the sentence in documents.text (characters, exclusive).",
                    "text": "The sentence as written.",
                    "words": "Its index terms: jieba tokens of the simplified script and their sub-words, "
                             "separated by spaces (what sentences_fts indexes)."},
    },
    "documents_fts": {
        "description": "Full-text index of documents (FTS5, contentless: rowid = documents.id); the search "
                       "box of documents uses it.",
        "hidden": True,
        "columns": {"title": "The title's words: jieba tokens of the simplified script, separated by spaces.",
                    "words": "The text's words: jieba tokens of the simplified script and their sub-words, "
                             "separated by spaces."},
    },
    "sentences_fts": {
        "description": "Full-text index of sentences (FTS5 over sentences.words: rowid = sentences.id); the "
                       "search box of sentences uses it.",
        "hidden": True,
        "columns": {"words": "The sentence's words: jieba tokens of the simplified script and their sub-words, "
                             "separated by spaces."},
    },
    "lsh_bands": {
        "description": "MinHash band keys used to find near duplicates across runs (internal index).",
        "hidden": True,
        "columns": {"document_id": "The document.", "band": "Band number.", "key": "Hash of the band."},
    },
    "lsh_signatures": {
        "description": "MinHash signatures that rule out chance near-duplicate candidates before the exact "
                       "check (internal index).",
        "hidden": True,
        "columns": {"document_id": "The document.", "shingles": "Distinct character 5-grams of its text.",
                    "signature": "64 MinHash values, 32-bit little-endian."},
    },
    "organisation_stats": _stats_view("Organisations", "mentioning"),
    "programme_stats": _stats_view("Programmes", "mentioning"),
    "honour_stats": _stats_view("Honours", "naming"),
    "people_stats": {
        "description": "Awardees by number of documents naming them; near duplicates counted once.",
        "sort_desc": "documents",
        "columns": {"id": "Person id.", "name": "Name.", "organisation": "Affiliation.",
                    "awards": "Awardee rows in original documents.", "documents": "Original documents."},
    },
    "errors": {
        "description": "Inputs that could not be processed, and parts of a document's analysis that failed "
                       "(document_id set: the document is stored without that part's records). The run went on.",
        "sort_desc": "id",
        "facets": ["source", "stage", "exception"],
        "columns": {"id": "Error id.", "source": "The input path.", "line": "Line number, where one applies.",
                    "message": "What was wrong.", "at": "When (UTC).",
                    "document_id": "The document stored incomplete (empty: the input was not stored).",
                    "stage": "The part that failed: an extractor (orgs, programmes, figures, awardees, model), "
                             "link, metadata, dedup or search.",
                    "exception": "The exception's class name.",
                    "place": "The last frames of the traceback (file:line in function, innermost last)."},
    },
    "runs": {
        "description": "One row per `reportmine run`.",
        "sort_desc": "id",
        "columns": {"id": "Run id.", "started": "Start (UTC).", "finished": "End (UTC).",
                    "inputs": "The paths given.", "added": "Documents added.",
                    "skipped": "Documents already in the KB.", "errors": "Inputs that failed.",
                    "reportmine_version": "The reportmine version that ran.",
                    "model": "The model combined with the rules (folder and version), or 'rules only'."},
    },
}

# -- canned queries --------------------------------------------------------------------------------
# Every query is one read-only select; a parameter left empty means "any" where the description says so.
# Counts are over original documents: a near duplicate (documents.duplicate_of set) repeats its original.

# Each region with the names of its province, prefecture and county (walks regions.parent_id down).
_REGION_TREE = """tree(id, province, prefecture, county) as (
    select id, name, null, null from regions where parent_id is null
    union all
    select r.id, t.province, case when r.level = 'prefecture' then r.name else t.prefecture end,
           case when r.level = 'county' then r.name else t.county end
    from regions r join tree t on r.parent_id = t.id)"""

# One row per (programme, adopting organisation, original document), with the organisation's region.
_ADOPTION = f"""with recursive {_REGION_TREE},
adoption as (
    select pr.programme_id, pr.organisation_id, pr.document_id, o.region_id, t.province
    from programme_runs pr join documents d on d.id = pr.document_id and d.duplicate_of is null
    join organisations o on o.id = pr.organisation_id left join tree t on t.id = o.region_id)"""


def _level_rank(column: str) -> str:
    """An order for organisation and honour levels, national first."""
    ranks = ("national", "province", "city", "county", "township", "enterprise")
    return "case " + column + " " + " ".join(f"when '{v}' then {i}" for i, v in enumerate(ranks)) + " else 9 end"


def _region_matches(param: str, *columns: str) -> str:
    """The region parameter is empty, or names (or starts) one of the columns: 河北 matches 河北省."""
    return f"(:{param} = '' or " + " or ".join(f"{c} like :{param} || '%'" for c in columns) + ")"


QUERIES: dict[str, dict] = {
    "programme_adoption": {
        "title": "Programmes by adopting organisations and regions",
        "description": "Each programme with the number of organisations running it, their regions and provinces, "
                       "and the original documents that say so; most widely adopted first. Region = the "
                       "adopting organisation's region (unknown for some organisations).",
        "sql": _ADOPTION + """
select p.id as programme_id, p.name as programme, p.kind,
       count(distinct a.organisation_id) as organisations,
       count(distinct a.region_id) as regions,
       count(distinct a.province) as provinces,
       count(distinct a.document_id) as documents,
       replace(group_concat(distinct a.province), ',', '、') as province_names,
       replace(group_concat(distinct o.name), ',', '、') as adopted_by
from programmes p join adoption a on a.programme_id = p.id join organisations o on o.id = a.organisation_id
where :kind = '' or p.kind = :kind
group by p.id
order by organisations desc, regions desc, documents desc, p.name""",
        "params": ["kind"],
    },
    "adoption_by_province": {
        "title": "Programme adoption by province",
        "description": "Per province: how many organisations run how many programmes (which, and by whom). "
                       "Leave programme empty for all programmes. Organisations without a known region are "
                       "left out.",
        "sql": _ADOPTION + """
select a.province, count(distinct a.programme_id || '/' || a.organisation_id) as adoptions,
       count(distinct a.organisation_id) as organisations, count(distinct a.programme_id) as programmes,
       replace(group_concat(distinct p.name), ',', '、') as programme_names
from adoption a join programmes p on p.id = a.programme_id
where a.province is not null and (:programme = '' or p.name = :programme)
group by a.province
order by adoptions desc, a.province""",
        "params": ["programme"],
    },
    "organisation_figures": {
        "title": "Figures for an organisation over time",
        "description": "Every figure reported about one organisation (its canonical name, a form it was written "
                       "in, or its id), by year and metric, from original documents.",
        "sql": """
select f.period as year, f.metric, f.subject, f.value, f.value_max, f.unit, f.qualifier, f.text as figure,
       o.name as organisation, d.title as document, d.date, f.document_id, f.id as figure_id
from figures f join organisations o on o.id = f.organisation_id
join documents d on d.id = f.document_id and d.duplicate_of is null
where o.name = :organisation or cast(o.id as text) = :organisation
   or o.id in (select organisation_id from organisation_aliases where alias = :organisation)
order by f.period is null, f.period, f.metric, f.subject, f.value""",
        "params": ["organisation"],
    },
    "awardees_by_honour": {
        "title": "Awardees by honour level and region",
        "description": "People and collectives holding an honour, national honours first, then by province and "
                       "region. Region = the division that awarded the honour, else the awardee's affiliation's. "
                       "Leave level (national, province, city, county ...) or region (河北, 秦皇岛市 ...) empty "
                       "for all.",
        "sql": f"""with recursive {_REGION_TREE},
rows as (
    select h.level, h.name as honour, coalesce(hr.name, orr.name) as region,
           coalesce(ht.province, ot.province) as province, a.name as awardee, a.kind,
           coalesce(o.name, a.organisation) as affiliation, d.title as document, a.document_id,
           a.id as awardee_id
    from awardees a join documents d on d.id = a.document_id and d.duplicate_of is null
    left join honours h on h.id = a.honour_id
    left join regions hr on hr.id = h.region_id left join tree ht on ht.id = h.region_id
    left join organisations o on o.id = a.organisation_id
    left join regions orr on orr.id = o.region_id left join tree ot on ot.id = o.region_id)
select * from rows
where (:level = '' or level = :level) and {_region_matches("region", "region", "province")}
order by {_level_rank("level")}, province is null, province, region, honour, awardee""",
        "params": ["level", "region"],
    },
    "organisations_by_region": {
        "title": "Organisations by region and level",
        "description": "Organisations under a province, prefecture or county (河北, 秦皇岛市, 昌黎县; empty for all, "
                       "including those whose region is unknown, listed last), optionally of one level "
                       "(national, province, city, county, township, enterprise), with the number of original "
                       "documents mentioning each.",
        "sql": f"""with recursive {_REGION_TREE}
select t.province, t.prefecture, t.county, o.name as organisation, o.kind, o.level, p.name as parent,
       coalesce(n.documents, 0) as documents, o.id as organisation_id
from organisations o left join tree t on t.id = o.region_id left join organisations p on p.id = o.parent_id
left join (select m.organisation_id, count(distinct m.document_id) as documents from mentions m
           join documents d on d.id = m.document_id and d.duplicate_of is null
           group by m.organisation_id) n on n.organisation_id = o.id
where {_region_matches("region", "t.province", "t.prefecture", "t.county")}
  and (:level = '' or o.level = :level)
order by t.province is null, t.province, t.prefecture is not null, t.prefecture, t.county is not null, t.county,
         {_level_rank("o.level")}, o.name""",
        "params": ["region", "level"],
    },
    "documents_mentioning": {
        "title": "Documents mentioning an entity",
        "description": "The documents that mention an organisation, programme, honour or person: give its "
                       "canonical name or any form it is written in (廊坊市总工会, 会聚良缘, 省劳模). Near "
                       "duplicates are listed after the originals, with the original they repeat.",
        "sql": """
select d.id as document_id, d.title, d.date, d.source_name, d.duplicate_of, count(*) as mentions,
       group_concat(distinct m.label) as labels, group_concat(distinct m.text) as written_as
from mentions m join documents d on d.id = m.document_id
left join organisations o on o.id = m.organisation_id
left join programmes p on p.id = m.programme_id
left join honours h on h.id = m.honour_id
where :name != '' and :name in (m.text, o.name, p.name, h.name)
group by d.id
order by d.duplicate_of is not null, mentions desc, d.date desc, d.id""",
        "params": ["name"],
    },
    "record_sentence": {
        "title": "The sentence behind a record",
        "description": "The sentence(s) a record was read from: give its table (figures, awardees, mentions, "
                       "mention_links or programme_runs) and its id. in_context marks the record's span with 【】.",
        "sql": """
with record(document_id, start, "end", text) as (
    select document_id, start, "end", text from mentions  -- mention_links.mention_id is mentions.id
    where :table in ('mentions', 'mention_links') and id = :id
    union all
    select document_id, start, "end", text from figures
    where :table = 'figures' and id = :id
    union all
    select document_id, min(start, coalesce(honour_start, start)), max("end", coalesce(honour_end, "end")),
           name || ' ' || honour from awardees
    where :table = 'awardees' and id = :id
    union all
    select m.document_id, m.start, m."end", m.text from programme_runs pr
    join mentions m on m.document_id = pr.document_id and m.programme_id = pr.programme_id
    where :table = 'programme_runs' and pr.id = :id)
select r.text as record,
       substr(s.text, 1, max(r.start - s.start, 0)) || '【'
         || substr(s.text, max(r.start - s.start, 0) + 1, min(r."end", s."end") - max(r.start, s.start)) || '】'
         || substr(s.text, min(r."end", s."end") - s.start + 1) as in_context,
       s.text as sentence, d.title as document, d.date, r.document_id, s.id as sentence_id,
       r.start, r."end"
from record r join sentences s on s.document_id = r.document_id and s.start < r."end" and s."end" > r.start
join documents d on d.id = r.document_id
order by r.start, s.start""",
        "params": ["table", "id"],
    },
    "search": {
        "title": "Search sentences",
        "description": "Sentences containing the words searched for (Chinese is segmented with jieba: 劳模 finds "
                       "省劳模; several words must all occur), with their documents; originals first.",
        "sql": """
select s.text as sentence, d.title as document, d.date, s.document_id, d.duplicate_of, s.id as sentence_id
from sentences_fts join sentences s on s.id = sentences_fts.rowid
join documents d on d.id = s.document_id
where sentences_fts match rm_match(:q)
order by d.duplicate_of is not null, d.id, s.start""",
        "params": ["q"],
    },
}


# -- charts (datasette-dashboards: Vega-Lite specs, data from read-only SQL) -------------------------
# [[ ... :name ]] is the plugin's optional clause: kept only when the dashboard filter `name` is set.
_FIGURES_FROM = """from figures f join documents d on d.id = f.document_id and d.duplicate_of is null
left join organisations o on o.id = f.organisation_id
where f.period is not null [[ and o.name = :organisation ]] [[ and f.metric = :metric ]]"""
_EMBED = {"embedOptions": {"renderer": "svg", "actions": {"export": True, "source": True, "compiled": False,
                                                          "editor": False}}}


def _chart(db_name: str, title: str, sql: str, display: dict) -> dict:
    return {"title": title, "db": db_name, "library": "vega-lite", "query": sql,
            "display": {**display, "usermeta": _EMBED}}


def dashboards(db_name: str) -> dict:
    """The datasette-dashboards configuration: figures over time, programme adoption by province."""
    select = {"type": "select", "db": db_name}
    figures_per_year = _chart(db_name, "Figures reported per year, by metric", f"""
select f.period as year, coalesce(f.metric, 'other') as metric, count(*) as figures
{_FIGURES_FROM}
group by 1, 2 order by 1, 2""", {
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {"x": {"field": "year", "type": "ordinal", "title": "year", "axis": {"labelAngle": 0}},
                     "y": {"field": "figures", "type": "quantitative", "title": "figures reported"},
                     "color": {"field": "metric", "type": "nominal"}}})
    figure_values = _chart(db_name, "Values over time (log scale; the unit is in the tooltip)", f"""
select f.period as year, coalesce(f.metric, 'other') as metric, f.subject, f.value, f.unit, f.text as figure,
       o.name as organisation, d.title as document
{_FIGURES_FROM} and f.value > 0
order by f.period, f.metric""", {
        "mark": {"type": "point", "filled": True, "size": 60},
        "encoding": {"x": {"field": "year", "type": "ordinal", "title": "year", "axis": {"labelAngle": 0}},
                     "y": {"field": "value", "type": "quantitative", "scale": {"type": "log"}, "title": "value"},
                     "color": {"field": "metric", "type": "nominal"},
                     "tooltip": [{"field": f} for f in ("organisation", "subject", "figure", "value", "unit",
                                                        "year", "document")]}})
    by_province = _chart(db_name, "Adoptions (programme × organisation) by province", _ADOPTION + """
select a.province, count(distinct a.programme_id || '/' || a.organisation_id) as adoptions,
       count(distinct a.organisation_id) as organisations, count(distinct a.programme_id) as programmes
from adoption a join programmes p on p.id = a.programme_id
where a.province is not null [[ and p.name = :programme ]]
group by a.province order by adoptions desc""", {
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {"y": {"field": "province", "type": "nominal", "sort": "-x", "title": None},
                     "x": {"field": "adoptions", "type": "quantitative", "title": "adoptions"},
                     "tooltip": [{"field": "province"}, {"field": "adoptions"}, {"field": "organisations"},
                                 {"field": "programmes"}]}})
    top_programmes = _chart(db_name, "Most widely adopted programmes", _ADOPTION + """
select p.name as programme, coalesce(p.kind, 'unknown') as kind, count(distinct a.organisation_id) as organisations,
       count(distinct a.province) as provinces
from adoption a join programmes p on p.id = a.programme_id
group by p.id order by organisations desc, provinces desc limit 20""", {
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {"y": {"field": "programme", "type": "nominal", "sort": "-x", "title": None},
                     "x": {"field": "organisations", "type": "quantitative", "title": "adopting organisations"},
                     "color": {"field": "kind", "type": "nominal"}}})
    return {
        "figures": {
            "title": "Figures over time",
            "description": "Figures reported per year (the year in the figure's sentence, else the document's), "
                           "from original documents; pick an organisation or a metric to narrow them.",
            "filters": {
                "organisation": {"name": "Organisation", **select, "query":
                                 "select distinct o.name from figures f join organisations o "
                                 "on o.id = f.organisation_id where f.period is not null order by o.name"},
                "metric": {"name": "Metric", **select, "query":
                           "select distinct metric from figures where metric is not null order by metric"}},
            "layout": [["per-year"], ["values"]],
            "charts": {"per-year": figures_per_year, "values": figure_values},
        },
        "adoption": {
            "title": "Programme adoption by province",
            "description": "Which provinces' organisations run programmes (region = the running organisation's, "
                           "walked up to its province; organisations of unknown region are left out).",
            "filters": {"programme": {"name": "Programme", **select, "query":
                                      "select distinct p.name from programme_runs r join programmes p "
                                      "on p.id = r.programme_id order by p.name"}},
            "layout": [["by-province", "programmes"]],
            "charts": {"by-province": by_province, "programmes": top_programmes},
        },
    }


# Canned queries whose answer a dashboard also draws.
QUERY_CHARTS = {"organisation_figures": "figures", "adoption_by_province": "adoption"}


# -- metadata and the datasette command ----------------------------------------------------------
def _record_link(db_name: str, table: str) -> str:
    from datasette.utils import tilde_encode  # how Datasette writes a database name in its URLs

    url = f"/{tilde_encode(db_name)}/record_sentence?" + urllib.parse.urlencode({"table": table})
    return (f' The sentence behind a row: <a href="{html.escape(url)}">record_sentence</a> '
            f'with table={html.escape(table)} and the row\'s id.')


def _chart_link(slug: str, title: str) -> str:
    return f' As a chart: <a href="/-/dashboards/{slug}">{html.escape(title)}</a>.'


def metadata(db_name: str) -> dict:
    """Datasette metadata for a KB file whose Datasette name is ``db_name``."""
    charts = dashboards(db_name)
    queries = {name: {**q, "description_html": html.escape(q["description"])
                      + _chart_link(QUERY_CHARTS[name], charts[QUERY_CHARTS[name]]["title"])}
               if name in QUERY_CHARTS else q for name, q in QUERIES.items()}
    tables = {}
    for name, spec in TABLES.items():
        entry = {**PROVENANCE[TABLE_PROVENANCE.get(name, "extracted")], **spec}
        if name in RECORD_TABLES:
            entry["description_html"] = html.escape(spec["description"]) + _record_link(db_name, name)
        tables[name] = entry
    return {
        "title": "reportmine knowledge base",
        "description": "Organisations, programmes, figures and awardees extracted from Chinese trade-union "
                       "reports. Every record links to its document and character span. Canned queries answer "
                       "the common research questions; Dashboards (in the menu) chart figures over time and "
                       "programme adoption by province.",
        "license": "Extracted data: as the source texts' publishers allow; reportmine code: MIT",
        "source": "reportmine, from scraped Chinese news pages and work reports",
        "databases": {db_name: {"tables": tables, "queries": queries}},
        "plugins": {"datasette-dashboards": charts},
    }


def being_written(db_path: str | Path) -> bool:
    """True when the KB has a write-ahead log with content: a run is writing it (or was killed)."""
    wal = Path(f"{db_path}-wal")
    return wal.is_file() and wal.stat().st_size > 0


def immutable(db_path: str | Path, live: bool = False) -> bool:
    """Open the KB immutable (no connection can write, not even a plugin's)? Not when ``live`` is
    asked for, nor when its write-ahead log has content, which an immutable open would not read:
    then read-only connections, which also see what a concurrent ``run`` adds."""
    return not live and not being_written(db_path)


def command(db_path: str | Path, port: int, host: str, metadata_path: Path, live: bool = False) -> list[str]:
    """The Datasette invocation: the KB read-only (see :func:`immutable`), SQL time limit, and no
    writable canned query, so nothing the browser sends can write."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise KBError(f"{db_path}: no such knowledge base; build one with `reportmine run PATH --db {db_path}`")
    db_args = ["-i", str(db_path)] if immutable(db_path, live) else [str(db_path)]
    return [sys.executable, "-m", "datasette", "serve", *db_args, "--host", host, "--port", str(port),
            "--metadata", str(metadata_path), "--setting", "sql_time_limit_ms", str(SQL_TIME_LIMIT_MS),
            "--setting", "default_page_size", "50"]


def run(argv: list[str]) -> int:
    """Run Datasette until it exits; SIGTERM or Ctrl-C stops it too, so no server outlives us."""
    proc = subprocess.Popen(argv)
    previous = signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    try:
        return proc.wait()
    except KeyboardInterrupt:  # the server got the Ctrl-C too: let it finish shutting down
        proc.terminate()
        proc.wait()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_metadata(db_path: str | Path, out: Path) -> Path:
    out.write_text(json.dumps(metadata(Path(db_path).stem), ensure_ascii=False, indent=1), encoding="utf-8")
    return out
