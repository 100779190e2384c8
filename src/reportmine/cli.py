"""The ``reportmine`` command: a thin layer over the library.

Each command parses its options, calls one library function and turns library errors into
:class:`click.ClickException` (exit status 1 with a one-line message).
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click

from reportmine import __version__
from reportmine.errors import ReportmineError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportmine")
def main():
    """Turn scraped Chinese trade-union reports into a SQLite knowledge base."""


def _fail(e: Exception) -> click.ClickException:
    return click.ClickException(str(e))


def _model(model_path, no_model):
    """The model a command uses (--model, --no-model, else the shipped default)."""
    from reportmine.learn.model import resolve

    if model_path and no_model:
        raise click.UsageError("--model and --no-model exclude each other")
    try:
        return resolve(model_path, use_model=not no_model)
    except ReportmineError as e:
        raise _fail(e) from e


def _progress(msg: str) -> None:
    click.echo(msg, err=True)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=False))
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="Knowledge base file to create or extend.")
@click.option("--redo-incomplete", is_flag=True,
              help="First extract again the documents stored incomplete (a part of their analysis failed), "
                   "replacing their records; PATHS may then be left out.")
@click.option("--encoding", default=None, help="Force this text encoding instead of detecting it.")
@click.option("--max-mb", default=20, show_default=True, help="Largest input file (or JSON Lines record) to accept, in MiB.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar with documents/s and ETA (default: when stderr is a terminal; otherwise a log "
                   "line every 30 s).")
@click.option("--model", "model_path", type=click.Path(file_okay=False, exists=True),
              help="Model directory to combine with the rules (default: the shipped models/default).")
@click.option("--no-model", is_flag=True, help="Extract with the rules alone.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
              help="Extraction processes, the writer's own among them (default: the number of CPUs, or 1 for "
                   "under 2 MB of input, where starting workers costs more than it saves).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes on this machine; dask: partitions on a Dask cluster, each writing "
                   "a shard, merged into --db.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); default: a LocalCluster of --workers processes.")
@click.option("--shards", "shard_dir", type=click.Path(file_okay=False),
              help="Dask: folder for the partitions' shards (on a cluster, one all workers can write; "
                   "default: DB.shards next to --db).")
def run(paths, db_path, redo_incomplete, encoding, max_mb, progress, model_path, no_model, workers, engine, scheduler,
        shard_dir):
    """Run the whole pipeline over PATHS into the KB --db.

    PATHS are text files (any common Chinese encoding), HTML pages, JSON Lines exports (.jsonl),
    folders (searched recursively), glob patterns, or - for standard input. Documents already in
    the KB (same cleaned text) are not extracted again, so an interrupted run resumes. A document
    one part of whose analysis fails (an extractor, linking) is stored with everything else, marked
    incomplete, with a row in the errors table; --redo-incomplete extracts such documents again."""
    if not paths and not redo_incomplete:
        raise click.UsageError("give PATHS to run on, or --redo-incomplete")
    from reportmine.ingest.files import expand
    from reportmine.scale.parallel import choose_workers, start_server, tune_gc, warm_up
    from reportmine.scale.progress import Progress, input_bytes, log_every

    inputs = list(expand(paths))
    workers = choose_workers(workers, input_bytes(inputs))
    if workers > 1 and engine == "local":
        start_server()  # loads in parallel with this process's start-up
    from reportmine.kb.store import Store

    model = _model(model_path, no_model)
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if engine == "local":  # this process extracts: load what it keeps, then leave it out of the collector's scans
        warm_up()
        tune_gc()
    redone = None
    try:
        if redo_incomplete:
            from reportmine.pipeline import redo_incomplete as redo

            with Store(db_path) as store:
                redone = redo(store, model=model)
                counts = store.counts()
        if not inputs:
            summary = redone
        elif engine == "dask":
            from reportmine.scale.distributed import run_dask

            summary, counts = run_dask(inputs, db_path, model=model, workers=workers, scheduler=scheduler,
                                       shard_dir=shard_dir, encoding=encoding, max_bytes=max_mb * 2**20,
                                       echo=_progress)
        else:
            from reportmine.pipeline import run as run_pipeline

            with Store(db_path) as store, Progress(input_bytes(inputs), show=progress, every=log_every()) as bar:
                summary = run_pipeline(inputs, store, encoding=encoding, max_bytes=max_mb * 2**20,
                                       on_document=bar, model=model, workers=workers)
                counts = store.counts()
    except ReportmineError as e:
        raise _fail(e) from e
    if redone is not None and summary is not redone:
        summary.redone, summary.errors = redone.redone, redone.errors + summary.errors
        summary.incomplete += redone.incomplete
        summary.records = {k: v + redone.records[k] for k, v in summary.records.items()}
    for error in summary.errors:
        click.echo(f"error: {error}", err=True)
    if redone is not None:
        click.echo(f"{summary.redone} incomplete documents extracted again")
    incomplete = (f" ({summary.incomplete} documents stored incomplete: see the errors table, and rerun with "
                  f"--redo-incomplete once fixed)") if summary.incomplete else ""
    click.echo(f"{summary.added} documents added, {summary.skipped} already in the KB (not extracted again), "
               f"{summary.near_duplicates} near duplicates linked, {len(summary.errors)} errors{incomplete}; "
               f"records added: {summary.records['mentions']} mentions, {summary.records['figures']} figures, "
               f"{summary.records['awardees']} awardees")
    click.echo(f"KB {db_path}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if not summary.ok:
        sys.exit(2)


def _sizes(ctx, param, value):
    try:
        return [int(x) for x in value.split(",") if x.strip()] if value else None
    except ValueError:
        raise click.BadParameter("a comma-separated list of numbers, e.g. 1,2") from None


@main.command()
@click.option("-n", "--docs", "n", default=2000, show_default=True, help="Documents in the synthetic corpus.")
@click.option("--workers", default="1,2", show_default=True, callback=_sizes,
              help="Comma-separated worker counts to time (scaling).")
@click.option("--rss", default=None, callback=_sizes,
              help="Comma-separated corpus sizes whose peak memory to compare on one worker, e.g. 2000,20000.")
@click.option("--model", "model", default=None,
              help="'default' (the shipped model) or a model folder; without it, rules alone.")
@click.option("--source", "sources", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Folder of real .txt texts to recombine (repeatable; default: corpus/ and ../shared/corpus).")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="Folder for the corpus, KBs and the JSON report (default: build/bench, build/profile).")
@click.option("--profile", "profile_n", type=int, metavar="N",
              help="Instead: profile the pipeline in this process on N documents (pyinstrument).")
@click.option("--after", "after", type=int, default=0, metavar="M",
              help="With --profile: store M other documents first, unprofiled, to see what grows with the KB.")
@click.option("--repeat", default=1, show_default=True, type=click.IntRange(min=1),
              help="Time jieba, start-up and each worker count this many times, interleaved; report the medians.")
@click.option("--fuzz", "fuzz_n", type=click.IntRange(min=1), metavar="N",
              help="Instead: fuzz N texts (mutated real texts, random Unicode, pathological shapes) through the "
                   "analysis; report texts/s, problems by kind with the shortest input, the slowest inputs. "
                   "Exit status 2 on any problem.")
@click.option("--seed", default=0, show_default=True, help="With --fuzz: the random seed (same seed, same texts).")
def bench(n, workers, rss, model, sources, out, profile_n, after, repeat, fuzz_n, seed):
    """Benchmark: end-to-end KB/s and documents/s against bare jieba.lcut on the same synthetic
    corpus (recombined from the real texts), their ratio, scaling with workers and peak RSS,
    with the targets marked. See benchmarks/README.md."""
    from reportmine.scale.bench import bench as run_bench, profile

    src = [Path(s) for s in sources] or None
    if fuzz_n:
        _fuzz(fuzz_n, seed, src, model, out)
        return
    try:
        if profile_n:
            report = profile(profile_n, Path(out or "build/profile"), model=model, sources=src, after=after,
                             echo=_progress)
        else:
            report = run_bench(n, workers or [1], src, Path(out or "build/bench"), model, rss, echo=_progress,
                               repeat=repeat)
    except ReportmineError as e:
        raise _fail(e) from e
    click.echo(report.format())


def _fuzz(n: int, seed: int, sources, model, out) -> None:
    from reportmine.learn.model import default_path, load
    from reportmine.scale.fuzz import default_folders, fuzz, seed_texts

    loaded = load(default_path() if model == "default" else model) if model else None

    def save(report, suffix=".partial"):  # the report so far, every 1,000 texts: a run stopped early still tells
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / f"fuzz-{n}-{seed}{suffix}.json").write_text(
            json.dumps(report.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")

    report = fuzz(n, seed=seed, seeds=seed_texts(sources or default_folders()), model=loaded, echo=_progress,
                  save=save if out else None)
    click.echo(report.format())
    if out:
        save(report, "")
    if not report.ok:
        sys.exit(2)


@main.command()
@click.option("--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Knowledge base to relink, in place.")
def relink(db_path):
    """Recompute every link, entity row and alias count of an existing KB with the current code and
    gazetteers, without extracting again (one transaction: all or nothing)."""
    from reportmine.kb.relink import relink as relink_kb

    try:
        counts = relink_kb(db_path)
    except ReportmineError as e:
        raise _fail(e) from e
    click.echo(f"KB {db_path} relinked: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


@main.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="Knowledge base to merge into.")
def merge(shards, db_path):
    """Merge the KBs SHARDS (e.g. from `run --engine dask`) into --db, in the order given.

    Entities are deduplicated by canonical name, aliases recounted and near duplicates looked up
    again, so the result is the KB a single run over the shards' inputs would have written."""
    from reportmine.kb.merge import merge as merge_shards
    from reportmine.kb.store import Store

    try:
        with Store(db_path) as store:
            summary = merge_shards(list(shards), store)
            counts = store.counts()
    except ReportmineError as e:
        raise _fail(e) from e
    click.echo(f"{len(summary.shards)} shards merged: {summary.added} documents added, {summary.skipped} already in "
               f"the KB, {summary.near_duplicates} near duplicates linked, {summary.errors} input errors carried over")
    click.echo(f"KB {db_path}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


@main.command()
@click.argument("db_path", type=click.Path(dir_okay=False))
@click.option("--port", default=8001, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (0.0.0.0 exposes it).")
@click.option("--live", is_flag=True, help="See what a `run` writing the KB adds meanwhile (read-only connections "
              "instead of an immutable open; chosen by itself while a run is writing).")
def serve(db_path, port, host, live):
    """Browse the KB DB_PATH in Datasette, read-only: search, canned queries, dashboards."""
    from reportmine.web.serve import command, immutable, run, write_metadata

    with tempfile.TemporaryDirectory() as tmp:
        try:
            meta = write_metadata(db_path, Path(tmp) / "metadata.json")
            argv = command(db_path, port, host, meta, live=live)
        except ReportmineError as e:
            raise _fail(e) from e
        how = "immutable" if immutable(db_path, live) else "read-only, live"
        click.echo(f"Serving {db_path} ({how}) at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
        code = run(argv)
    sys.exit(code)


@main.command()
@click.argument("data", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Score this KB against the gold folder DATA instead of extracting in memory.")
@click.option("--model", "model_path", type=click.Path(file_okay=False, exists=True),
              help="Model to score (default: the shipped models/default).")
@click.option("--no-model", is_flag=True, help="Score the rules alone.")
@click.option("--folds", type=click.IntRange(min=2), help="Cross-validate: train K models on DATA, each scored on "
              "the texts it did not see.")
@click.option("--groups", "groups_file", type=click.Path(dir_okay=False, exists=True),
              help="Cross-validate by group instead: a TSV of file and group (e.g. corpus/splits/themes.tsv); "
                   "each group is scored by a model trained on the others; texts not listed are grouped by folder.")
@click.option("--verbose", "-v", is_flag=True, help="List the misses and extras of every document.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--links", "links_dir", type=click.Path(exists=True, file_okay=False),
              help="Score linking instead: a folder of linking gold (mention -> canonical, corpus/links/README.md) "
                   "for the texts in DATA.")
@click.option("--record", is_flag=True, help="Write the scores into the model's model.json and card as an "
              "evaluation on DATA (texts it did not train on).")
@click.option("--learning-curve", "curve_png", type=click.Path(dir_okay=False), default=None,
              help="Instead: F1 per label of the model (--model, else the shipped one) adapted with 0, 5, 10, 20 ... "
                   "of the DATA texts, measured on the rest (a fixed 30%); prints the table, draws it to this PNG.")
def evaluate(data, db_path, model_path, no_model, folds, groups_file, verbose, as_json, links_dir, record, curve_png):
    """Score extraction against annotated DATA (gold folders, Doccano, Label Studio, DocBin).

    Prints precision, recall and F1 per label (ORG, PROGRAMME, PERSON, HONOUR) for the rules alone,
    the model alone and both combined; for gold folders also the record-level scores of
    score_kb.py (figures, awardees) for rules and combined. With --db, scores a KB instead.
    With --links, scores the linker: accuracy, wrong links and the share of mentions resolved."""
    from reportmine.learn import annotations
    from reportmine.evaluate.scoring import format_score, load_gold, load_kb, score

    try:
        if links_dir:
            from reportmine.evaluate import links as linkscore

            if len(data) != 1:
                raise click.UsageError("--links scores one folder of texts")
            result = linkscore.score(links_dir, data[0], model=_model(model_path, no_model))
            click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1) if as_json
                       else linkscore.format_score(result, verbose=verbose))
            return
        if db_path:
            if len(data) != 1:
                raise click.UsageError("--db scores one gold folder")
            result = score(load_gold(_gold_dir(data[0])), load_kb(db_path))
            click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1) if as_json
                       else format_score(result, verbose=verbose))
            return
        items = annotations.read(data)
        if curve_png:
            _learning_curve(items, _base_model(model_path), curve_png, as_json)
            return
        if folds or groups_file:
            _crossvalidate(items, folds, groups_file, as_json, verbose)
            return
        if record and (no_model or folds or db_path or links_dir):
            raise click.UsageError("--record scores a model in memory: not with --no-model, --folds, --db or --links")
        model = _model(model_path, no_model)
        table = _evaluate_in_memory(items, model, verbose, as_json)
        if record:
            card = model.record_evaluation(list(data), len(items), _systems_dict(table))
            click.echo(f"recorded in {Path(model.path) / 'model.json'} and {card}", err=True)
    except (ReportmineError, ValueError) as e:
        raise _fail(e) from e


def _base_model(path):
    """The model to adapt: ``path``, else the shipped default (an error when there is none)."""
    from reportmine.learn.model import resolve

    model = resolve(path)
    if model is None:
        raise click.UsageError("no model to adapt: give --base DIR (or --model DIR), or --from-scratch")
    return model


def _learning_curve(items, base, png: str, as_json: bool, seed: int = 13) -> dict:
    from reportmine.learn.adapt import format_curve, learning_curve, plot_curve

    curve = learning_curve(base, items, seed=seed, progress=_progress)
    click.echo(json.dumps(curve, ensure_ascii=False, indent=1) if as_json else format_curve(curve))
    plot_curve(curve, png)
    click.echo(f"learning curve drawn to {png}", err=True)
    return curve


def _crossvalidate(items, folds, groups_file, as_json: bool, verbose: bool) -> None:
    from reportmine.evaluate.crossval import read_groups, source_group
    from reportmine.evaluate.scoring import format_score
    from reportmine.learn.training import crossvalidate

    if folds and groups_file:
        raise click.UsageError("--folds and --groups exclude each other")
    group_of = source_group(read_groups(groups_file)) if groups_file else None
    records, by_group = {}, {}
    table = crossvalidate(items, folds, progress=_progress, group_of=group_of, records=records, by_group=by_group)
    if as_json:
        out = {"folds": folds or "groups", "systems": _systems_dict(table),
               "records": {s: r.as_dict() for s, r in records.items()},
               "groups": {g: {s: r.as_dict() for s, r in t.items()} for g, t in by_group.items()}}
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    click.echo(_format_systems(table))
    for system, result in records.items():
        click.echo(f"\nrecords, {system} (score_kb.py metrics)")
        click.echo(format_score(result, verbose=verbose))


def _gold_dir(path: str) -> Path:
    p = Path(path)
    return p / "gold" if (p / "gold").is_dir() else p


def _systems_dict(table) -> dict:
    return {s: {label: v.as_dict() for label, v in t.items()} for s, t in table.items()}


def _format_systems(table) -> str:
    from reportmine.learn.training import format_systems

    return format_systems(table)


def _evaluate_in_memory(items, model, verbose: bool, as_json: bool) -> dict:
    from pathlib import PurePath

    from reportmine.evaluate.scoring import Score, format_score, prediction_of, score_document
    from reportmine.extractors import extract
    from reportmine.learn.training import score_systems

    table = score_systems(model, items)
    if model is None:
        table = {"rules": table["rules"]}
    records = {}
    golds = [it for it in items if it.gold is not None]
    if golds:
        for system, m in (("rules", None), ("combined", model)):
            if system == "combined" and model is None:
                continue
            result = Score(documents=len(golds))
            for it in golds:
                score_document(result, PurePath(it.source).name, it.gold, prediction_of(extract(it.text, m)))
            records[system] = result
    if as_json:
        click.echo(json.dumps({"mentions": _systems_dict(table),
                               "records": {s: r.as_dict() for s, r in records.items()},
                               "model": model.path if model else None}, ensure_ascii=False, indent=1))
        return table
    click.echo(f"mentions per label ({len(items)} texts; model: {model.path if model else 'none'})")
    click.echo(_format_systems(table))
    for system, result in records.items():
        click.echo(f"\nrecords, {system} (score_kb.py metrics)")
        click.echo(format_score(result, verbose=verbose and system == list(records)[-1]))
    return table


@main.command()
@click.argument("data", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder to write the model to.")
@click.option("--epochs", default=None, type=click.IntRange(min=1), help="Most training epochs (default 30).")
@click.option("--seed", default=None, type=int, help="Random seed (default 13).")
@click.option("--dev-share", default=None, type=click.FloatRange(0, 0.9), help="Share of texts held out (default 0.2).")
@click.option("--folds", type=click.IntRange(min=2), help="Also cross-validate K folds and put the table in the card.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True),
              help="JSON file of training settings (see model.json 'config' of a trained model).")
@click.option("--exclude", "exclude_file", type=click.Path(dir_okay=False, exists=True),
              help="Texts not to train on: a file whose lines (or 'file' column) name them, e.g. a held-out "
                   "split such as corpus/splits/heldout.tsv.")
@click.option("--base", "base_dir", type=click.Path(file_okay=False, exists=True),
              help="Model to adapt (default: the shipped models/default).")
@click.option("--from-scratch", is_flag=True, help="Train a new model on DATA alone instead of adapting a base "
              "(needs many annotated texts).")
@click.option("--learning-curve", "curve_png", type=click.Path(dir_okay=False), default=None,
              help="Also measure the learning curve on DATA (see `evaluate --learning-curve`) and draw it to this PNG.")
def train(data, out_dir, epochs, seed, dev_share, folds, config_path, exclude_file, base_dir, from_scratch, curve_png):
    """Train a model on annotated DATA and write it to --out.

    By default the shipped model (or --base DIR) is ADAPTED to DATA: a stacked CRF over the base's
    output and a lexicon of the annotated names, used per label only where it beats the base by
    cross-validation over DATA (learn/adapt.py); --from-scratch trains a new model on DATA alone.

    DATA: gold folders (texts + gold/*.json, GUIDELINES.md), Doccano JSON Lines, Label Studio JSON
    exports, spaCy DocBin files. Prints progress per epoch; the card (README.md) and model.json
    record data, config, seed, scores and training time."""
    from reportmine.learn import annotations
    from reportmine.learn.spanmodel import Config
    from reportmine.learn.training import crossvalidate, train_model

    try:
        settings = json.loads(Path(config_path).read_text(encoding="utf-8")) if config_path else {}
        cfg, policy = Config.from_dict(settings), settings.get("policy")  # policy: model.json's, optional
        for name, value in (("epochs", epochs), ("seed", seed), ("dev_share", dev_share)):
            if value is not None:
                setattr(cfg, name, value)
        items = annotations.read(data)
        if exclude_file:
            from reportmine.evaluate.crossval import read_file_list

            excluded = read_file_list(exclude_file)
            kept = [it for it in items if Path(str(it.source)).name not in excluded]
            click.echo(f"{len(items) - len(kept)} texts excluded ({exclude_file})", err=True)
            items = kept
        click.echo(f"{len(items)} annotated texts from {len(data)} inputs", err=True)
        if base_dir and from_scratch:
            raise click.UsageError("--base and --from-scratch exclude each other")
        if not from_scratch:
            _adapt_and_save(items, _base_model(base_dir), out_dir, settings.get("adapt"),
                            cfg.seed, curve_png)
            return
        model = train_model(items, cfg, progress=_progress, policy=policy)
        if exclude_file:
            model.info["excluded"] = str(exclude_file)
        if folds:
            table = crossvalidate(items, folds, cfg, progress=_progress, policy=policy)
            model.info["crossval"] = {"folds": folds, "scores": _systems_dict(table)}
        path = model.save(out_dir)
    except (ReportmineError, ValueError) as e:
        raise _fail(e) from e
    click.echo(f"model {model.version} written to {path} (card: {path / 'README.md'})")


def _adapt_and_save(items, base, out_dir, settings, seed, curve_png) -> None:
    from reportmine.learn.adapt import adapt

    model = adapt(base, items, settings, seed, progress=_progress)
    info = model.info["adapted"]
    for warning in info["warnings"]:
        click.secho(f"WARNING: {warning}", fg="red", bold=True, err=True)
    click.echo(f"adapted {base.path} with {len(items)} texts in {info['seconds']} s; per label: "
               + ", ".join(f"{label} {c}" for label, c in info["choice"].items()), err=True)
    if curve_png:
        model.info["learning_curve"] = _learning_curve(items, base, curve_png, False, seed)
    path = model.save(out_dir)
    click.echo(f"model {model.version} written to {path} (card: {path / 'README.md'})")


@main.command(name="pre-annotate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=False))
@click.option("--format", "fmt", type=click.Choice(["doccano", "labelstudio"]), required=True,
              help="Doccano JSON Lines or a Label Studio task list (JSON).")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False), help="File to write the tasks to.")
@click.option("--model", "model_path", type=click.Path(file_okay=False, exists=True),
              help="Model to combine with the rules (default: the shipped models/default).")
@click.option("--no-model", is_flag=True, help="Pre-annotate with the rules alone.")
@click.option("--encoding", default=None, help="Force this text encoding instead of detecting it.")
def pre_annotate(paths, fmt, out_file, model_path, no_model, encoding):
    """Pre-fill annotation tasks for PATHS from the current extractors, least certain first.

    Correct them in Doccano or Label Studio, export, and give the export to `reportmine train`.
    For Label Studio, the labelling config is written beside --out (OUT.config.xml)."""
    from reportmine.ingest.files import expand
    from reportmine.learn.preannotate import pre_annotate as run_pre_annotate

    model = _model(model_path, no_model)
    try:
        tasks, errors = run_pre_annotate(list(expand(paths)), Path(out_file), fmt, model, encoding)
    except ReportmineError as e:
        raise _fail(e) from e
    for error in errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"{tasks} tasks written to {out_file} ({fmt}), least certain first; {len(errors)} inputs failed")
    if errors:
        sys.exit(2)


@main.command()
@click.argument("file", type=click.File("rb"), default="-")
@click.option("--encoding", default=None, help="Force this text encoding instead of detecting it.")
@click.option("--model", "model_path", type=click.Path(file_okay=False, exists=True),
              help="Model directory to combine with the rules (default: the shipped models/default).")
@click.option("--no-model", is_flag=True, help="Extract with the rules alone.")
def extract(file, encoding, model_path, no_model):
    """Extract records from one text FILE (or stdin) and print them as JSON."""
    from reportmine.ingest.clean import clean
    from reportmine.extractors import extract as extract_text
    from reportmine.ingest.files import decode

    try:
        text = clean(decode(file.read(), getattr(file, "name", "<stdin>"), encoding))
    except ReportmineError as e:
        raise _fail(e) from e
    extraction = extract_text(text, _model(model_path, no_model))
    for failure in extraction.failures:  # the other parts' records are printed; this part's are missing
        click.echo(f"warning: extraction incomplete: {failure}", err=True)
    click.echo(json.dumps({"text": text, **extraction.as_dict()}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
