"""Runs on a Dask cluster: the inputs are split in order into partitions, each partition is
extracted by one task into a shard KB of its own, and the shards are merged in order into the
target KB (:mod:`reportmine.kb.merge`), which then holds what a single local run would have written.

With no scheduler address a :class:`dask.distributed.LocalCluster` of ``workers`` processes is
started. On a real cluster, every worker needs reportmine installed and the inputs and the
shard folder on a file system it shares with the client (the merge reads the shards).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportmine.ingest.files import MAX_BYTES
from reportmine.pipeline import RunSummary
from reportmine.scale.progress import input_bytes
from reportmine.kb.store import Store, now


def partitions(inputs: list[str], n: int) -> list[list[str]]:
    """``inputs`` cut in order into at most ``n`` runs of about equal size in bytes."""
    if not inputs:
        return []
    sizes = [max(input_bytes([p]), 1) for p in inputs]
    total, target = sum(sizes), sum(sizes) / max(1, min(n, len(inputs)))
    parts, current, acc, done = [], [], 0, 0
    for path, size in zip(inputs, sizes):
        current.append(path)
        acc += size
        if acc >= target and len(parts) < n - 1:
            parts.append(current)
            done += acc
            current, acc = [], 0
            target = (total - done) / max(1, n - len(parts))
    if current:
        parts.append(current)
    return parts


def extract_partition(inputs: list[tuple[str, str]], shard: str, model_path: str | None, encoding: str | None,
                      max_bytes: int) -> dict:
    """One Dask task: the pipeline over ``inputs`` into a fresh shard KB (in the worker's process).

    ``inputs`` are (absolute path to read, the name to record: the path as the user gave it), so
    the KB names sources as a local run does whatever the worker's directory."""
    from reportmine.learn.model import load
    from reportmine.pipeline import run

    path = Path(shard)
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):  # a retried task starts afresh
        leftover.unlink(missing_ok=True)
    model = load(model_path) if model_path else None
    with Store(path) as store:
        summary = run([read for read, _ in inputs], store, encoding=encoding, max_bytes=max_bytes, model=model,
                      workers=1)
        with store.db.atomic():
            for read, given in inputs:
                if read != given:
                    for table in ("documents", "document_sources", "errors"):
                        store.db.execute(f"update [{table}] set source = ? where source = ?", [given, read])
    errors = [next((given + e[len(read):] for read, given in inputs if e.startswith(read)), e) for e in summary.errors]
    return {"shard": str(path), "skipped": summary.skipped, "errors": errors}


def run_dask(inputs: list[str], db_path: str | Path, model=None, workers: int = 2, scheduler: str | None = None,
             shard_dir: str | Path | None = None, encoding: str | None = None, max_bytes: int = MAX_BYTES,
             partitions_per_worker: int = 4, echo: Callable[[str], None] = lambda _: None
             ) -> tuple[RunSummary, dict[str, int]]:
    """Extract ``inputs`` on a Dask cluster and merge the shards into ``db_path``."""
    from dask.distributed import Client, LocalCluster

    from reportmine.kb.merge import merge

    started = now()
    db_path = Path(db_path)
    shard_dir = Path(shard_dir) if shard_dir else db_path.with_name(db_path.name + ".shards")
    shard_dir.mkdir(parents=True, exist_ok=True)
    if "-" in inputs:
        raise ValueError("standard input cannot be read by Dask workers; write it to a file first")
    parts = [[(str(Path(p).resolve()), p) for p in part] for part in partitions(inputs, workers * partitions_per_worker)]
    shards = [str((shard_dir / f"part-{i:05d}.sqlite").resolve()) for i in range(len(parts))]
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    model_path = str(model.path) if model is not None else None
    with Client(scheduler or cluster) as client:
        echo(f"dask: {len(parts)} partitions on {scheduler or f'a LocalCluster of {workers} workers'}")
        futures = client.map(extract_partition, parts, shards, model_path=model_path, encoding=encoding,
                             max_bytes=max_bytes, pure=False)
        results = client.gather(futures)
    if cluster is not None:
        cluster.close()
    summary = RunSummary()
    with Store(db_path) as store:
        before = store.counts()
        merged = merge([r["shard"] for r in results], store)
        after = store.counts()
        summary.added, summary.near_duplicates = merged.added, merged.near_duplicates
        summary.skipped = merged.skipped + sum(r["skipped"] for r in results)
        summary.errors = [e for r in results for e in r["errors"]]
        summary.records = {k: after[k] - before[k] for k in ("mentions", "figures", "awardees")}
        store.add_run(started, [str(p) for p in inputs], summary.added, summary.skipped, len(summary.errors),
                      model=f"{model.path} {model.version}" if model is not None else None)
    for shard in shards:
        for f in (Path(shard), Path(f"{shard}-wal"), Path(f"{shard}-shm")):
            f.unlink(missing_ok=True)
    if not any(shard_dir.iterdir()):
        shard_dir.rmdir()
    return summary, after
