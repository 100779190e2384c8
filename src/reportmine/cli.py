"""The ``reportmine`` command: a thin layer over the library.

Each command parses its options, calls one library function and turns library errors into
:class:`click.ClickException` (exit status 1 with a one-line message).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .errors import ReportmineError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportmine")
def main():
    """Turn scraped Chinese trade-union reports into a SQLite knowledge base."""


def _fail(e: Exception) -> click.ClickException:
    return click.ClickException(str(e))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=False))
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="Knowledge base file to create or extend.")
@click.option("--encoding", default=None, help="Force this text encoding instead of detecting it.")
@click.option("--max-mb", default=20, show_default=True, help="Largest input file (or JSON Lines record) to accept, in MiB.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal).")
def run(paths, db_path, encoding, max_mb, progress):
    """Run the whole pipeline over PATHS into the KB --db.

    PATHS are text files (any common Chinese encoding), HTML pages, JSON Lines exports (.jsonl),
    folders (searched recursively), glob patterns, or - for standard input."""
    from .load import expand
    from .pipeline import run as run_pipeline
    from .store import Store

    inputs = list(expand(paths))
    show = sys.stderr.isatty() if progress is None else progress
    seen: set[str] = set()

    def advance(source: str) -> None:
        if source not in seen:  # one step per input file, however many records it holds
            seen.add(source)
            bar.update(1)

    try:
        with Store(db_path) as store, click.progressbar(
                length=len(inputs), label="inputs", file=sys.stderr, show_eta=True, show_pos=True,
                hidden=not show) as bar:
            summary = run_pipeline(inputs, store, encoding=encoding, max_bytes=max_mb * 2**20,
                                   on_document=advance)
            counts = store.counts()
    except ReportmineError as e:
        raise _fail(e) from e
    for error in summary.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"{summary.added} documents added, {summary.skipped} already in the KB (not extracted again), "
               f"{summary.near_duplicates} near duplicates linked, {len(summary.errors)} errors; "
               f"records added: {summary.records['mentions']} mentions, {summary.records['figures']} figures, "
               f"{summary.records['awardees']} awardees")
    click.echo(f"KB {db_path}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if not summary.ok:
        sys.exit(2)


@main.command()
@click.argument("db_path", type=click.Path(dir_okay=False))
@click.option("--port", default=8001, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (0.0.0.0 exposes it).")
def serve(db_path, port, host):
    """Browse the KB DB_PATH in Datasette (read-only)."""
    from .serve import command, write_metadata

    with tempfile.TemporaryDirectory() as tmp:
        try:
            meta = write_metadata(db_path, Path(tmp) / "metadata.json")
            argv = command(db_path, port, host, meta)
        except ReportmineError as e:
            raise _fail(e) from e
        click.echo(f"Serving {db_path} read-only at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
        try:
            sys.exit(subprocess.call(argv))
        except KeyboardInterrupt:
            sys.exit(0)


@main.command()
@click.argument("gold_dir", type=click.Path(file_okay=False, exists=True))
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="KB to score; by default the texts beside GOLD_DIR are extracted in memory.")
@click.option("--verbose", "-v", is_flag=True, help="List the misses and extras of every document.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate(gold_dir, db_path, verbose, as_json):
    """Score a KB (or the extractors) against gold files in GOLD_DIR: precision, recall, F1 per kind."""
    from .evaluate import format_score, load_gold, load_kb, score, score_texts

    try:
        if db_path:
            result = score(load_gold(gold_dir), load_kb(db_path))
        else:
            result = score_texts(Path(gold_dir).parent, gold_dir)
    except ReportmineError as e:
        raise _fail(e) from e
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(format_score(result, verbose=verbose))


@main.command()
@click.argument("file", type=click.File("rb"), default="-")
@click.option("--encoding", default=None, help="Force this text encoding instead of detecting it.")
def extract(file, encoding):
    """Extract records from one text FILE (or stdin) and print them as JSON."""
    from .clean import clean
    from .extract import extract as extract_text
    from .load import decode

    try:
        text = clean(decode(file.read(), getattr(file, "name", "<stdin>"), encoding))
    except ReportmineError as e:
        raise _fail(e) from e
    out = {"text": text, **extract_text(text).as_dict()}
    click.echo(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
