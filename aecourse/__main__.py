"""Command line: ``python -m aecourse list | run [LESSON …] | report | fetch | bench | compare``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aecourse", description="The autoencoder course's commands.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the lessons present")
    run = sub.add_parser("run", help="execute lessons with papermill into build/")
    run.add_argument("lessons", nargs="*", help='lesson numbers or stems, e.g. "01 03" (default: all)')
    run.add_argument("--profile", default="standard", help="smoke | standard | full (default: standard)")
    run.add_argument("--backend", default="tensorflow", help="tensorflow | torch | jax (default: tensorflow)")
    run.add_argument("--build", type=Path, default=None, help="output folder (default: build/ in the repository)")
    run.add_argument("--seed", type=int, default=0, help="every lesson's seed parameter (default: 0)")
    rep = sub.add_parser("report", help="rebuild build/report.html from the results on disk")
    rep.add_argument("--build", type=Path, default=None, help="the build folder (default: build/ in the repository)")
    bench = sub.add_parser("bench", help="time every lesson on each backend (median of repeats) into build/bench.md")
    bench.add_argument("lessons", nargs="*", help="lesson numbers or stems (default: all)")
    bench.add_argument("--profile", default="smoke", help="smoke | standard | full (default: smoke)")
    bench.add_argument(
        "--backends", nargs="+", default=["tensorflow", "torch", "jax"], help="default: tensorflow torch jax"
    )
    bench.add_argument("--repeats", type=int, default=3, help="runs per lesson and backend (default: 3)")
    comp = sub.add_parser("compare", help="print the headline numbers of several runs side by side")
    comp.add_argument("folders", nargs="+", type=Path, help="results folders, e.g. build/results build/jax/results")
    fetch = sub.add_parser("fetch", help="download (or find) and verify every dataset file")
    fetch.add_argument("--include-large", action="store_true", help="also MovieLens 1M (lesson 07, full profile)")
    args = parser.parse_args(argv)

    from .data import DataError
    from .results import ResultsError

    try:
        return _dispatch(args)
    except (DataError, ResultsError, OSError) as exc:  # the files on disk are wrong or missing: exit 1
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # a wrong lesson, profile or backend name, or folder: usage, exit 2
        print(f"usage error: {exc}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "list":
        from .lessons import notebooks, title

        for nb in notebooks():
            print(f"{nb.stem:32s} {title(nb.stem)}")
        return 0
    if args.command == "run":
        from .runner import run_all

        outcomes = run_all(args.lessons, args.profile, args.backend, args.build, args.seed)
        return 0 if outcomes and all(o.ok for o in outcomes) else 1
    if args.command == "bench":
        from .bench import run_bench

        rows = run_bench(args.lessons, args.profile, args.backends, args.repeats)
        return 0 if all(r["runs"] == args.repeats for r in rows) else 1
    if args.command == "compare":
        from .compare import compare, load_runs

        problems: list[str] = []
        print(compare(load_runs(args.folders, problems)))
        for line in problems:  # the other lessons' tables are printed above
            print(f"error: {line}", file=sys.stderr)
        return 1 if problems else 0
    if args.command == "report":
        from .report import build_report

        problems = []
        print(f"Report: {build_report(args.build, problems=problems)}")
        for line in problems:  # the page shows every other lesson as usual
            print(f"error: {line}", file=sys.stderr)
        return 1 if problems else 0
    if args.command == "fetch":
        from .data import fetch_all

        for rel, path in fetch_all(include_large=args.include_large).items():
            print(f"ok  {rel}  ->  {path}")
        return 0
    return 2  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
