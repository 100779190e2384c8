"""What two KBs must share to be "the same KB" whatever the engine: every record and entity by
content (documents by hash, entities by canonical name), never by row id."""
import sqlite3

QUERIES = {
    "documents": "select sha256, title, date, source_name, (select sha256 from documents o where o.id = d.duplicate_of) "
                 "from documents d",
    "sources": "select d.sha256, s.source, s.line from document_sources s join documents d on d.id = s.document_id",
    "mentions": "select d.sha256, m.label, m.start, m.end, m.text, m.link, o.name, o.region_id, p.name, h.name "
                "from mentions m join documents d on d.id = m.document_id left join organisations o on o.id = "
                "m.organisation_id left join programmes p on p.id = m.programme_id left join honours h on h.id = m.honour_id",
    "figures": "select d.sha256, f.start, f.end, f.value, f.unit, f.metric, f.period, o.name from figures f "
               "join documents d on d.id = f.document_id left join organisations o on o.id = f.organisation_id",
    "awardees": "select d.sha256, a.start, a.name, a.honour, p.name, p.organisation, h.name, o.name from awardees a "
                "join documents d on d.id = a.document_id join people p on p.id = a.person_id "
                "join honours h on h.id = a.honour_id left join organisations o on o.id = a.organisation_id",
    "organisations": "select o.name, o.kind, o.level, o.region_id, p.name from organisations o "
                     "left join organisations p on p.id = o.parent_id",
    "programmes": "select name, kind from programmes",
    "honours": "select name, level, title, issuer, region_id from honours",
    "people": "select p.name, p.organisation, o.name from people p left join organisations o on o.id = p.organisation_id",
    "organisation_aliases": "select o.name, o.region_id, a.alias, a.mentions from organisation_aliases a "
                            "join organisations o on o.id = a.organisation_id",
    "programme_variants": "select p.name, v.variant, v.mentions from programme_variants v join programmes p on p.id = v.programme_id",
    "honour_aliases": "select h.name, a.alias, a.mentions from honour_aliases a join honours h on h.id = a.honour_id",
    "programme_runs": "select d.sha256, p.name, o.name from programme_runs r join documents d on d.id = r.document_id "
                      "join programmes p on p.id = r.programme_id join organisations o on o.id = r.organisation_id",
    "sentences": "select d.sha256, s.start, s.end, s.words from sentences s join documents d on d.id = s.document_id",
    "search": "select d.sha256 from documents_fts f join documents d on d.id = f.rowid where documents_fts match '\"职工\"'",
    "errors": "select source, line, message from errors",
}


def signature(path) -> dict[str, list]:
    db = sqlite3.connect(path)
    try:
        return {name: sorted(db.execute(sql).fetchall(), key=repr) for name, sql in QUERIES.items()}
    finally:
        db.close()


def differences(a, b) -> dict[str, tuple[int, int]]:
    """Per table, (rows only in a, rows only in b) where the two differ."""
    sa, sb = signature(a), signature(b)
    out = {}
    for name in QUERIES:
        ra, rb = set(sa[name]), set(sb[name])
        if ra != rb or len(sa[name]) != len(sb[name]):
            out[name] = (len(ra - rb), len(rb - ra))
    return out
