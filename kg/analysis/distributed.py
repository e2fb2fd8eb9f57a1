"""Extraction on a Dask cluster, for corpora one machine cannot parse in time.

The NLP stages (parse, entities, events) run on the workers, a chunk of articles per task; the client
gathers the results in input order and builds the graph as a one-process build does, so the output is the
same, byte for byte. Workers need conflict-kg and the spaCy model installed (the same `pip install` as the
client). `scheduler` is a Dask scheduler address (`tcp://host:8786`) or `local` for a cluster of worker
processes on this machine.
"""

from __future__ import annotations

from collections.abc import Generator

from kg.analysis import analyse_chunk, chunks
from kg.errors import UsageError
from kg.records import ArticleResult, Document


def analyse_on_dask(
    documents: list[Document],
    scheduler: str,
    model: str | None = None,
    ontology_dir: str | None = None,
    chunk: int = 16,
    timer: dict | None = None,
    workers: int = 2,
) -> Generator[ArticleResult, None, None]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("the dask engine needs its extra: pip install 'conflict-kg[distributed]'") from None
    cluster = (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1")
        if scheduler == "local"
        else None
    )
    try:
        client = Client(cluster if cluster is not None else scheduler, timeout="60s")
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    try:
        tasks = list(chunks(documents, chunk))
        futures = client.map(analyse_chunk, tasks, model=model, ontology_dir=ontology_dir, pure=False)
        for future in futures:  # in input order, whatever order the workers finish in
            results, timings = future.result()
            if timer is not None:
                for stage, seconds in timings.items():
                    timer[stage] = timer.get(stage, 0.0) + seconds
            yield from results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
