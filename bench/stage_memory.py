"""Benchmark: where a build's memory goes, stage by stage: `kg build` with its resident memory logged.

    .venv/bin/python bench/stage_memory.py ARTICLE -o OUT            # any `kg build` arguments
    .venv/bin/python bench/stage_memory.py --long 50 -o /tmp/o50     # a 50 MB article (bench/long_articles.py)

Prints (stderr) the resident memory (RSS) and its peak so far (HWM), in MiB, after each article, before and
after the entities merge, the incidents and the kept answers, and every `--every` seconds; then, per stage,
the highest RSS seen while it ran (sampled: a spike between two samples shows only in the peak). A large
build analyses in a worker process: "with workers" and the per-stage highs are the RSS of the build and its
worker together (pages they share are counted twice; PSS counts them once). Numbers are printed, never asserted.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _pss(pid: str | int) -> int:
    """Proportional set size in MiB: pages shared with another process (a forked worker) counted by share."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _status(pid: str | int) -> dict[str, int]:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(("VmRSS", "VmHWM")):
                    key, value = line.split(":")
                    out[key] = int(value.split()[0]) // 1024
    except OSError:  # the process ended between listing and reading
        pass
    return out


def _children(pid: str | int) -> list[str]:
    """The process's descendants (a large build analyses in a worker process of its own)."""
    found: list[str] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += [child, *_children(child)]
    except OSError:
        pass
    return found


def memory() -> dict[str, int]:
    """VmRSS and VmHWM of this process, and `tree`: the RSS of this process and its workers together, in MiB."""
    out = _status("self")
    workers = [_status(c) for c in _children("self")]
    out["tree"] = out.get("VmRSS", 0) + sum(w.get("VmRSS", 0) for w in workers)
    out["workers peak"] = max((w.get("VmHWM", 0) for w in workers), default=0)
    out["pss"] = _pss("self") + sum(_pss(c) for c in _children("self")) if workers else out.get("VmRSS", 0)
    return out


def main(argv: list[str]) -> int:
    every = 15.0
    if "--every" in argv:
        i = argv.index("--every")
        every = float(argv[i + 1])
        del argv[i : i + 2]
    if "--long" in argv:
        # A sibling script, not `bench.long_articles`: this folder's bench.py shadows a `bench` package.
        from long_articles import long_article

        i = argv.index("--long")
        megabytes = float(argv[i + 1])
        article = Path(f"/tmp/kg-bench-long-{megabytes:g}.txt")
        if not article.exists():
            long_article(article, megabytes)
        argv[i : i + 2] = [str(article)]

    from kg import analysis, store
    from kg.cli import main as kg_main
    from kg.incidents import triples
    from kg.query import kept

    started = time.time()
    stage = ["analysis"]
    highest: dict[str, int] = {}
    highest_worker = [0]
    highest_pss = [0]

    def log(what: str) -> None:
        m = memory()
        highest[stage[0]] = max(highest.get(stage[0], 0), m["tree"])
        highest_worker[0] = max(highest_worker[0], m["workers peak"])
        highest_pss[0] = max(highest_pss[0], m["pss"])
        print(
            f"[{time.time() - started:7.1f}s] {what:<24} RSS {m['VmRSS']:5} MiB  peak {m['VmHWM']:5} MiB"
            f"  with workers {m['tree']:5} MiB (PSS {m['pss']:5} MiB)",
            file=sys.stderr,
            flush=True,
        )

    def staged(owner, name: str, label: str, then: str) -> None:
        """`owner.name` wrapped: the stage `label` while it runs, `then` after it."""
        inner = getattr(owner, name)

        def wrapped(*args, **kwargs):
            log(f"before {label}")
            stage[0] = label
            try:
                return inner(*args, **kwargs)
            finally:
                log(f"after {label}")
                stage[0] = then

        setattr(owner, name, wrapped)

    staged(store.Contributions, "merged", "entities merge", "between stages")
    staged(triples, "refresh", "incidents", "between stages")
    staged(kept, "keep", "kept answers", "files")
    add = analysis.StageTimer.add

    def timed(self, name: str, seconds: float) -> None:
        add(self, name, seconds)
        if name == "rdf" and stage[0] == "analysis":
            log("after an article")

    analysis.StageTimer.add = timed  # type: ignore[method-assign,assignment]

    def sample() -> None:
        while True:
            time.sleep(every)
            log(stage[0])

    threading.Thread(target=sample, daemon=True).start()
    code = kg_main(["build", *argv])
    log("end")
    for name, mib in highest.items():
        print(f"highest RSS during {name:<16} {mib:5} MiB", file=sys.stderr)
    print(f"peak {memory()['VmHWM']} MiB (this process), {highest_worker[0]} MiB (its analysis worker, if any)", file=sys.stderr)
    print(f"highest sampled RSS of both together {max(highest.values())} MiB, PSS {highest_pss[0]} MiB", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
