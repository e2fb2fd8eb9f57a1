"""Benchmark: one long article, and one pathological one, through `kg build`: wall time and peak memory.

    .venv/bin/python bench/long_articles.py                  # 1, 10 and 50 MB
    .venv/bin/python bench/long_articles.py --sizes 1 4

A long article is the project's small test article repeated (each copy names another town) up to the size;
the pathological one is 50,000 quote marks in one run. Each build runs in a fresh process under a wrapper
of its own, so each peak memory is that build's alone. Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def long_article(path: Path, megabytes: float) -> None:
    body = (ROOT / "tests" / "data" / "small-article.txt").read_text().split("\n", 1)[1]
    size = int(megabytes * 1_000_000)
    total, n = 0, 0
    # Written part by part, never held whole: bench/stage_memory.py makes the article in the process it measures.
    with path.open("w", encoding="utf-8") as out:
        out.write("date 2024-03-10 A long article\n\n")
        while total < size:
            part = body.replace("Midi", f"Town{n}") + "\n"
            out.write(part)
            total += len(part)
            n += 1


MEASURE = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:], capture_output=True).returncode; "
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def build(article: Path, out: Path) -> dict:
    """`kg build` in a wrapper process of its own, whose only child is the build: its peak is the build's."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, sys.executable, "-m", "kg", "build", str(article), "-o", str(out), "--quiet"],
        capture_output=True,
        text=True,
    )
    code, peak_kib = (int(x) for x in done.stdout.split())
    return {"seconds": round(time.perf_counter() - t0, 1), "peak_mib": round(peak_kib / 1024), "exit": code}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 10, 50], help="article sizes in MB")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        quotes = work / "quotes.txt"
        quotes.write_text("date 2024-03-10 Quotes\n\n" + '"' * 50_000 + "\n", encoding="utf-8")
        print(json.dumps({"article": "50,000 quote marks", **build(quotes, work / "q")}), flush=True)
        for mb in args.sizes:
            article = work / f"long-{mb}.txt"
            long_article(article, mb)
            print(json.dumps({"article": f"{mb:g} MB", **build(article, work / f"o{mb}")}), flush=True)


if __name__ == "__main__":
    main()
