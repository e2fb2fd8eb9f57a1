"""The Dask engine on a local cluster of 2 worker processes gives the graph a one-process build gives."""

from pathlib import Path

import pytest

from kg import pipeline

pytest.importorskip("dask.distributed")
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.model
def test_dask_local_cluster_builds_the_same_graph(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for p in [*list((ROOT / "tests" / "data" / "unseen").glob("*.txt")), ROOT / "seeds" / "karabakh-2023-09-24.txt"]:
        for n in range(12):
            (src / f"{n}-{p.name}").write_text(p.read_text())
    pipeline.build([str(src)], tmp_path / "one", html=False)
    report = pipeline.build([str(src)], tmp_path / "dask", html=False, engine="dask", scheduler="local")
    assert len(report.articles) == 36
    assert (tmp_path / "one" / "graph.nq").read_bytes() == (tmp_path / "dask" / "graph.nq").read_bytes()
