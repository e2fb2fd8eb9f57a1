"""Questions at scale: every library question scoped (one actor, one place, one month), the first page of
every question unscoped, and a full listing streamed to CSV; then the same through `kg serve`.

    .venv/bin/python bench/questions.py STORE_OR_OUTPUT [--serve] [--actor NAME --place NAME --month YYYY-MM]
                                        [--filter-dates]   (the date scope without the period keys, to compare)
                                        [--live]   (unscoped questions asked of the store, not the kept answers)

Without names, a typical agent, location and month are picked from the data: the median by events among
those with at least 20 (printed with their counts; `--largest` takes the most frequent instead). Times are the
best of three in this process after one warm-up (what `kg query` spends after opening the store, and what a
client of `kg serve` waits for, including HTTP and JSON), in milliseconds; one run, printed as measured.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from kg import query
from kg.query import results, scope

LIVE = False

PICK = """
SELECT ?key (COUNT(*) AS ?n) WHERE { %s } GROUP BY ?key ORDER BY DESC(?n) ?key
"""
PICKS = {
    "actor": "?e conf:agent ?x . ?x rdfs:label ?key",
    "place": "?e conf:location ?x . ?x rdfs:label ?key",
    "month": "?e conf:date ?d . BIND(SUBSTR(STR(?d), 1, 7) AS ?key) FILTER(STRLEN(STR(?d)) >= 7)",
}


def ask(st, text: str, params: dict[str, str]):
    """What `kg query` does once the store is open: the scope's first step, then the question."""
    return query.ask(st, text, params)


def unscoped(st, source: str, text: str, params: dict[str, str], limit: int):
    """What `kg query` does for an unscoped question: the answer the build kept (`kg/query/kept.py`), read
    without the store, or (with `--live`, or none kept) the store's answer, paged by the engine."""
    return query.ask(st, text, params, limit=limit)


def best(func, times: int = 3) -> tuple[float, object]:
    func()  # warm-up: the first run also pays for cold caches and parsing
    fastest, out = float("inf"), None
    for _ in range(times):
        t0 = time.perf_counter()
        out = func()
        fastest = min(fastest, time.perf_counter() - t0)
    return fastest * 1000, out


def scopes_of(q: query.Question, actor: str, place: str, month: str) -> dict[str, dict[str, str]]:
    """The typical scopes a question takes: by its scope header, or by its own parameters of those names."""
    takes = set(q.params) | (set(scope.SCOPES) if scope.parse(q.text) else set())
    found = {}
    if "actor" in takes:
        found["actor"] = {"actor": actor}
    if "place" in takes:
        found["place"] = {"place": place}
    if {"from", "to"} <= takes:
        found["month"] = {"from": month, "to": month}
    return found


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("source")
    ap.add_argument("--serve", action="store_true", help="also time the questions through kg serve")
    ap.add_argument("--actor")
    ap.add_argument("--place")
    ap.add_argument("--month")
    ap.add_argument("--largest", action="store_true", help="scope by the most frequent agent, place and month")
    ap.add_argument("--filter-dates", action="store_true", help="date scopes by a filter on every date, not the period keys")
    ap.add_argument("--live", action="store_true", help="unscoped questions asked of the store, not read from the kept answers")
    args = ap.parse_args()
    global LIVE
    LIVE = args.live
    if args.filter_dates:
        scope.MAX_PERIODS = -1  # periods() then gives up and the scope filters the dates
    st = query.open_source(args.source)
    if LIVE:
        st.kept = None
    picked = {}
    counts = {}
    for key, pattern in PICKS.items():
        ranked = [(str(r[0]), int(str(r[1]))) for r in query.ask(st, PICK % pattern).rows]
        counts[key] = dict(ranked)
        frequent = [r for r in ranked if r[1] >= 20] or ranked
        picked[key] = getattr(args, key) or (frequent[0] if args.largest else frequent[len(frequent) // 2])[0]
    print("scopes:", ", ".join(f"{k}={v} ({counts[k].get(v, '?')} events and incidents)" for k, v in picked.items()))
    print(f"{'question':<22}{'actor':>10}{'place':>10}{'month':>10}{'page 1':>10}{'all rows':>11}{'rows/s':>11}")
    scoped_calls = []
    for name, q in sorted(query.library().items()):
        cells = []
        typical = scopes_of(q, **picked)
        required = {k for k, v in q.params.items() if v is None}
        base = {
            k: v for k, v in {"actor": picked["actor"], "from": picked["month"], "to": picked["month"]}.items() if k in required
        }
        for values in (typical.get("actor"), typical.get("place"), typical.get("month")):
            if values is None:
                cells.append(f"{'-':>10}")
                continue
            params = query.bind(q, {**base, **values})
            ms, _ = best(lambda params=params, q=q: ask(st, q.text, params))
            cells.append(f"{ms:10.1f}")
            scoped_calls.append((name, {**base, **values}, ms))
        if required:  # a question that needs its own parameter has no unscoped listing
            print(f"{name:<22}{''.join(cells)}{'-':>10}{'-':>11}{'-':>11}")
            continue
        params = query.bind(q, {})
        page_ms, _ = best(lambda params=params, q=q: unscoped(st, args.source, q.text, params, 100))

        def listing(params=params, q=q) -> int:
            answer = unscoped(st, args.source, q.text, params, 0)
            io.StringIO().write(results.render(answer, "csv"))
            return len(answer.rows)

        all_ms, n = best(listing, times=1)
        scoped_calls.append((name, {"limit": "100"}, page_ms))
        print(f"{name:<22}{''.join(cells)}{page_ms:10.1f}{all_ms:11.1f}{n / max(all_ms / 1000, 1e-9):11.0f}")
    if args.serve:
        serve_times(args.source, scoped_calls)


def serve_times(source: str, calls: list[tuple[str, dict[str, str], float]]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", source, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        url = line.split(" at ", 1)[1].split("/ ", 1)[0]
        print("\nthrough kg serve (scoped, and the first page unscoped; JSON results):")
        for name, values, local_ms in calls:
            address = f"{url}/questions/{name}?" + urllib.parse.urlencode(values)
            ms, _ = best(lambda address=address: urllib.request.urlopen(address, timeout=300).read())
            scoped = (
                "month"
                if "from" in values and "actor" not in values
                else next((k for k in ("actor", "place", "from") if k in values), "page 1")
            )
            print(f"  {name:<22}{scoped:<8}{ms:9.1f} ms   ({ms / max(local_ms, 0.01):.1f}x local)")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
