"""Command line: ``python -m aecourse list | run [LESSON …] | fetch``."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aecourse", description="The autoencoder course's commands.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the lessons present")
    run = sub.add_parser("run", help="execute lessons with papermill into build/")
    run.add_argument("lessons", nargs="*", help='lesson numbers or stems, e.g. "01 03" (default: all)')
    run.add_argument("--profile", default="standard", help="smoke | standard | full (default: standard)")
    run.add_argument("--backend", default="tensorflow", help="tensorflow | torch (default: tensorflow)")
    fetch = sub.add_parser("fetch", help="download (or find) and verify every dataset file")
    fetch.add_argument("--include-large", action="store_true", help="also MovieLens 1M (lesson 07, full profile)")
    args = parser.parse_args(argv)

    if args.command == "list":
        from .lessons import LESSONS, notebooks

        for nb in notebooks():
            print(f"{nb.stem:32s} {LESSONS.get(nb.stem, ('',))[0]}")
        return 0
    if args.command == "run":
        from .runner import run_all

        try:
            outcomes = run_all(args.lessons, args.profile, args.backend)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        return 0 if outcomes and all(o.ok for o in outcomes) else 1
    if args.command == "fetch":
        from .data import DataError, fetch_all

        try:
            paths = fetch_all(include_large=args.include_large)
        except DataError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        for rel, path in paths.items():
            print(f"ok  {rel}  ->  {path}")
        return 0
    return 2  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
