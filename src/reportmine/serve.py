"""Browse a knowledge base in Datasette: read-only, on 127.0.0.1 unless told otherwise.

:func:`metadata` describes every table and column, sets label columns (so foreign keys show
names) and default facets; :func:`command` builds the ``datasette`` invocation.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .errors import KBError

COMMON = {
    "document_id": "The document the record comes from (documents.id).",
    "start": "Start offset of the span in documents.text (characters, 0-based).",
    "end": "End offset of the span in documents.text (exclusive).",
    "extractor": "Name of the extractor that produced the row (rules.* = rule-based, model.* = trained model).",
    "extractor_version": "Version of that extractor.",
    "confidence": "The extractor's confidence in the row, 0 to 1.",
}

def _stats_view(entity: str, what: str) -> dict:
    """Metadata of an ``*_stats`` view: an entity with counts over original documents."""
    return {"description": f"{entity} by number of documents {what} them; near duplicates counted once.",
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
        "facets": ["script", "source_name"],
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
            "similarity": "Share of this text's 5-character shingles found in the original (near duplicates).",
            "meta": "Other fields of the JSON Lines record, as JSON.",
            "text": "The cleaned text; every span in the KB indexes it.",
            "sha256": "SHA-256 of the cleaned text: re-running the same input adds nothing.",
            "chars": "Length of the cleaned text in characters.",
            "script": "traditional or simplified (as written; extraction reads a simplified shadow).",
            "added_at": "When the document was stored (UTC).",
        },
    },
    "mentions": {
        "description": "Named spans: organisations (ORG) and programmes (PROGRAMME), one row per occurrence.",
        "facets": ["label", "extractor"],
        "columns": {
            **COMMON,
            "id": "Mention id.",
            "label": "ORG or PROGRAMME (see the annotation guidelines).",
            "text": "The span as written in the document.",
            "organisation_id": "The organisation this ORG mention names.",
            "programme_id": "The programme this PROGRAMME mention names.",
            "honour_id": "The honour this HONOUR mention names.",
            "link": "How the mention was resolved to its entity, or why it was left unresolved.",
        },
    },
    "figures": {
        "description": "Reported quantities: 女职工26.5万人 -> value 265000, unit 人, subject 女职工.",
        "facets": ["metric", "unit", "qualifier", "period"],
        "columns": {
            **COMMON,
            "id": "Figure id.",
            "text": "The shortest span holding qualifier, number and unit, as written.",
            "value": "The number as a plain decimal, 万/亿 folded in (lower bound of a range).",
            "value_max": "Upper bound of a range (5000-10000元), else empty.",
            "unit": "Measure word or unit after folding 万/亿 (人, 个, 元, %, ...); empty when none.",
            "qualifier": "approx (近, 约), over (多, 余, 超), under (不到, 不足), up_to (高达) or empty.",
            "subject": "What is counted, as written (女职工 for 现有女职工26.5万人).",
            "subject_start": "Start offset of the subject in documents.text.",
            "subject_end": "End offset of the subject in documents.text.",
            "metric": "What kind of count it is (gazetteers/metrics.tsv): women_workers, members, organisations, "
                      "facilities, events, participants, money, contracts, trainings, awards ...",
            "organisation_id": "The organisation the figure is about: named before it in its sentence, else the "
                               "reporting union.",
            "period": "The year: written in its sentence, else the document's.",
        },
    },
    "awardees": {
        "description": "People and collectives holding an honour: 省劳模钟晓媛.",
        "facets": ["kind", "honour"],
        "columns": {
            **COMMON,
            "id": "Awardee row id.",
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
        "facets": ["kind", "level"],
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
        "facets": ["level"],
        "columns": {"id": "The division code as a number.", "key": "The division code.", "name": "Full name.",
                    "level": "province, prefecture or county.", "code": "6-digit division code.",
                    "parent_id": "The division above."},
    },
    "programmes": {
        "description": "One row per programme, brand or campaign; regional variants (会聚良缘·爱在龙江) share their "
                       "brand's row and are listed in programme_variants.",
        "label_column": "name",
        "facets": ["kind"],
        "columns": {"id": "Programme id.", "key": "Normalised canonical name.", "name": "Canonical name.",
                    "kind": "brand, campaign, activity_series, platform, facility or competition."},
    },
    "honours": {
        "description": "One row per honour: level words normalised, short titles in full (省劳模 -> 河北省劳动模范 "
                       "in a Hebei report, else 省劳动模范). Surface forms are in honour_aliases.",
        "label_column": "name",
        "facets": ["level", "title"],
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
    "lsh_bands": {
        "description": "MinHash band keys used to find near duplicates across runs (internal index).",
        "hidden": True,
        "columns": {"document_id": "The document.", "band": "Band number.", "key": "Hash of the band."},
    },
    "organisation_stats": _stats_view("Organisations", "mentioning"),
    "programme_stats": _stats_view("Programmes", "mentioning"),
    "honour_stats": _stats_view("Honours", "naming"),
    "people_stats": {
        "description": "Awardees by number of documents naming them; near duplicates counted once.",
        "columns": {"id": "Person id.", "name": "Name.", "organisation": "Affiliation.",
                    "awards": "Awardee rows in original documents.", "documents": "Original documents."},
    },
    "errors": {
        "description": "Inputs that could not be processed, with the reason. The run went on without them.",
        "facets": ["source"],
        "columns": {"id": "Error id.", "source": "The input path.", "line": "Line number, where one applies.",
                    "message": "What was wrong.", "at": "When (UTC)."},
    },
    "runs": {
        "description": "One row per `reportmine run`.",
        "columns": {"id": "Run id.", "started": "Start (UTC).", "finished": "End (UTC).",
                    "inputs": "The paths given.", "added": "Documents added.",
                    "skipped": "Documents already in the KB.", "errors": "Inputs that failed.",
                    "reportmine_version": "The reportmine version that ran.",
                    "model": "The model combined with the rules (folder and version), or 'rules only'."},
    },
}


def metadata(db_name: str) -> dict:
    """Datasette metadata for a KB file whose Datasette name is ``db_name``."""
    tables = {}
    for name, spec in TABLES.items():
        entry = {k: v for k, v in spec.items() if k != "columns"}
        entry["columns"] = spec["columns"]
        tables[name] = entry
    return {
        "title": "reportmine knowledge base",
        "description": "Organisations, programmes, figures and awardees extracted from Chinese trade-union "
                       "reports. Every record links to its document and character span.",
        "license": "Extracted data: as the source texts allow; reportmine code: MIT",
        "source": "reportmine",
        "databases": {db_name: {"tables": tables}},
    }


def command(db_path: str | Path, port: int, host: str, metadata_path: Path) -> list[str]:
    """The Datasette invocation: read-only KB, SQL time limit, no writes from the browser."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise KBError(f"{db_path}: no such knowledge base; build one with `reportmine run PATH --db {db_path}`")
    return [sys.executable, "-m", "datasette", "serve", str(db_path), "--host", host, "--port", str(port),
            "--metadata", str(metadata_path), "--setting", "sql_time_limit_ms", "3000",
            "--setting", "default_page_size", "50"]


def write_metadata(db_path: str | Path, out: Path) -> Path:
    out.write_text(json.dumps(metadata(Path(db_path).stem), ensure_ascii=False, indent=1), encoding="utf-8")
    return out
