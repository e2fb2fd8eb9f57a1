"""Benchmark: kg build against bare spaCy on the same corpus, memory, stages, and question latency.

    .venv/bin/python bench/bench.py                 # 100 and 1,000 articles
    .venv/bin/python bench/bench.py --sizes 100 1000 10000 --jobs 2

The corpus re-casts the project's articles (seeds, tests/data, ../shared/corpus/dev when present) with
other states from the gazetteer: names, demonyms and capitals swapped consistently within an article, the
date shifted; deterministic with --seed. Every measurement runs in a fresh process so peak memory is its
own. Numbers are printed, never asserted: quote ratios from one run, these machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def templates() -> list[str]:
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data").rglob("*.txt"))
    dev = ROOT.parent / "shared" / "corpus" / "dev"
    paths += sorted(dev.glob("*.txt")) if dev.exists() else []
    return [p.read_text(encoding="utf-8") for p in paths]


def make_corpus(n: int, folder: Path, seed: int = 7) -> int:
    """Write n articles into folder; returns the number of words."""
    from kg.knowledge import gazetteer

    gaz = gazetteer.load()
    countries = [e for e in gaz.entries.values() if e.type == "Country" and e.key.startswith("country:") and e.demonyms]
    capital = {gaz.entries[k].governs: name for name, k in gaz.metonyms.items() if gaz.entries[k].governs}
    rnd = random.Random(seed)
    texts = templates()
    words = 0
    for i in range(n):
        text = texts[i % len(texts)]
        present = [c for c in countries if re.search(rf"\b{re.escape(c.label)}\b", text)]
        swaps: dict[str, str] = {}
        for c in present:
            other = rnd.choice(countries)
            swaps[c.label] = other.label
            swaps[c.demonyms[0]] = other.demonyms[0]
            if c.key in capital and other.key in capital:
                swaps[capital[c.key]] = capital[other.key]
        if swaps:
            pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, swaps), key=len, reverse=True)) + r")\b")
            text = pattern.sub(lambda m, swaps=swaps: swaps[m.group(1)], text)
        m = re.match(r"(\s*date\s+)(\d{4}-\d{2}-\d{2})", text)
        if m:
            day = date.fromisoformat(m.group(2)) + timedelta(days=rnd.randint(-400, 400))
            text = m.group(1) + day.isoformat() + text[m.end() :]
        (folder / f"a{i:06d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def cpu_seconds() -> float:
    """User and system CPU of this process and of its children that have ended (the --jobs workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def run_spacy(folder: str) -> dict:
    import spacy

    from kg.analysis import nlp

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]
    model = spacy.load(nlp.model_name())
    c0, t0 = cpu_seconds(), time.perf_counter()
    for _ in model.pipe(texts, batch_size=16):
        pass
    return {"seconds": time.perf_counter() - t0, "cpu": cpu_seconds() - c0, "peak_mib": peak_mib()}


def run_build(folder: str, out: str, jobs: int, store: bool) -> dict:
    from kg import pipeline
    from kg.analysis import nlp

    nlp.load_pipeline()  # model loading is not build time: spaCy's run above loads outside its timer too
    c0, t0 = cpu_seconds(), time.perf_counter()
    report = pipeline.build(
        [folder], out, jobs=jobs, store_dir=str(Path(out) / "store") if store else None, progress=pipeline.stderr_progress()
    )
    return {
        "seconds": time.perf_counter() - t0,
        "cpu": cpu_seconds() - c0,
        "peak_mib": peak_mib(),
        "triples": report.triples,
        "events": report.events,
        "entities": report.entities,
        "stages": dict(report.seconds),
    }


def run_queries(out: str, engines: list[str]) -> dict:
    """Load time per engine (ms) and, per library question, best-of-three latency per engine (ms) and rows.

    Times what `kg query` does after loading: run the query and turn the answer into rdflib terms."""
    from kg import query

    bindings = {"actor": {"actor": "Azerbaijan"}, "date-range": {"from": "2023-01-01", "to": "2023-12-31"}}
    load: dict[str, float] = {}
    questions: dict[str, dict] = {}
    for engine in engines:
        t0 = time.perf_counter()
        loaded = query.open_source(out, engine)
        loaded.kept = None  # the engine's own answer, not the build's kept one
        load[engine] = (time.perf_counter() - t0) * 1000
        for name, q in sorted(query.library().items()):
            params = query.bind(q, bindings.get(name, {}))
            best = float("inf")
            for _ in range(3):  # best of three: the first run also pays for cold caches and parsing
                t0 = time.perf_counter()
                answer = query.ask(loaded, q.text, params)
                best = min(best, time.perf_counter() - t0)
            questions.setdefault(name, {})[engine] = best * 1000
            questions[name]["rows"] = len(answer.rows)
    return {"load": load, "questions": questions}


def in_subprocess(func: str, *args) -> dict:
    """Run one measurement in a fresh process; its progress and errors go straight to our stderr."""
    print(f"  ... {func}" + (f" (jobs {args[2]})" if func == "run_build" else ""), file=sys.stderr, flush=True)
    code = (
        f"import sys, json; sys.path.insert(0, {str(ROOT / 'bench')!r}); import bench; print(json.dumps(bench.{func}(*{args!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    if out.returncode != 0:
        raise SystemExit(f"bench: {func} failed (its error is above)")
    return json.loads(out.stdout.strip().splitlines()[-1])


def cores(run: dict) -> str:
    return f"cpu {run['cpu']:.1f} s ({run['cpu'] / run['seconds']:.2f} cores)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--jobs", type=int, default=2, help="also time a build with this many processes (1: skip)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-queries", action="store_true")
    ap.add_argument(
        "--engines",
        nargs="+",
        choices=["rdflib", "oxigraph"],
        help="engines for question latency (default: both, oxigraph only from 10,000 articles, "
        "where rdflib needs minutes and gigabytes just to load the graph)",
    )
    ap.add_argument("--keep", metavar="DIR", help="keep each size's corpus and outputs under DIR/N")
    args = ap.parse_args()
    import os
    import platform

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    for n in args.sizes:
        if args.keep:
            work = Path(args.keep) / str(n)
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
        else:
            work = Path(tempfile.mkdtemp(prefix=f"kg-bench-{n}-"))
        try:
            corpus = work / "corpus"
            corpus.mkdir()
            words = make_corpus(n, corpus, args.seed)
            print(f"\n== {n} articles, {words} words", flush=True)
            bare = in_subprocess("run_spacy", str(corpus))
            print(
                f"  spaCy nlp.pipe      {bare['seconds']:8.2f} s  {n / bare['seconds']:7.1f} art/s  "
                f"{words / bare['seconds']:8.0f} words/s  peak {bare['peak_mib']:.0f} MiB  {cores(bare)}",
                flush=True,
            )
            one = in_subprocess("run_build", str(corpus), str(work / "out1"), 1, True)
            print(
                f"  kg build (1 proc)   {one['seconds']:8.2f} s  {n / one['seconds']:7.1f} art/s  "
                f"{words / one['seconds']:8.0f} words/s  peak {one['peak_mib']:.0f} MiB  "
                f"ratio to spaCy {one['seconds'] / bare['seconds']:.2f}x  {cores(one)}",
                flush=True,
            )
            if args.jobs > 1:
                par = in_subprocess("run_build", str(corpus), str(work / "outj"), args.jobs, True)
                same = (work / "out1" / "graph.nq").read_bytes() == (work / "outj" / "graph.nq").read_bytes()
                print(
                    f"  kg build (--jobs {args.jobs}) {par['seconds']:6.2f} s  {n / par['seconds']:7.1f} art/s  "
                    f"speed-up {one['seconds'] / par['seconds']:.2f}x  same output: {same}  {cores(par)}"
                )
                # N processes share N cores: the build cannot take less than its CPU time over N, and one
                # process already keeps more than one core busy (the store loads on a thread of its own)
                print(
                    f"    ceiling with {args.jobs} cores and one process's CPU time: "
                    f"{args.jobs * one['seconds'] / one['cpu']:.2f}x",
                    flush=True,
                )
            print(f"  triples {one['triples']}, entities {one['entities']}, events {one['events']}")
            print("  stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in one["stages"].items()))
            if not args.no_queries:
                engines = args.engines or (["oxigraph"] if n >= 10000 else ["rdflib", "oxigraph"])
                lat = in_subprocess("run_queries", str(work / "out1" / "store"), engines)
                print("  loading (ms): " + ", ".join(f"{e} {lat['load'][e]:.0f}" for e in engines))
                print("  question latency, best of 3 (ms) " + "".join(f"{e:>10}" for e in engines) + "      rows")
                for name, t in lat["questions"].items():
                    print(f"    {name:<30}" + "".join(f"{t[e]:10.1f}" for e in engines) + f"{t['rows']:10d}")
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
