"""The one command: `tianyuan <what>` (the Makefile's targets call it).

tianyuan book [all|html|pdf]        build the book (both editions), or a part of it
tianyuan edition ED BUILDER         one edition with one builder (html, latex, handout)
tianyuan data [--check]             check the data, re-derive data/tables/ (or only check)
tianyuan handout ED                 one edition's classroom PDFs (handout, packets)
tianyuan lite                       the in-browser notebooks alone (after the HTML)
tianyuan lab [--port N]             JupyterLab with the chapters as notebooks
tianyuan bench                      build times, page weights, Lighthouse
tianyuan migration [--check]        the one-off conversion of the raw outside figures
"""

from __future__ import annotations

import argparse
import sys

from tianyuan import lite
from tianyuan.audits import bench
from tianyuan.build import book, lab
from tianyuan.data import derive, migration
from tianyuan.errors import InputError
from tianyuan.text.convert import EDITIONS
from tianyuan.typeset import packet


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="tianyuan", description=__doc__.split("\n")[0])
    sub = top.add_subparsers(dest="command", required=True, metavar="command")
    p = sub.add_parser("book", help="build the book (both editions, HTML and PDF)")
    p.add_argument("part", nargs="?", default="all", choices=("all", "html", "pdf"))
    p = sub.add_parser("edition", help="one edition with one builder")
    p.add_argument("edition", choices=EDITIONS)
    p.add_argument("builder", choices=("html", "latex", "handout"))
    p.add_argument("--inputs-checked", action="store_true", help=argparse.SUPPRESS)
    p.add_argument(
        "--sphinx-only",
        action="store_true",
        help="html: leave the site step (shared _static, compression) to `tianyuan book`",
    )
    p = sub.add_parser("data", help="check the data and re-derive data/tables/")
    p.add_argument("--check", action="store_true", help="only check that the tables are current")
    p = sub.add_parser(
        "handout", help="one edition's classroom PDFs: handout, student packet, instructor's guide"
    )
    p.add_argument("edition", choices=EDITIONS)
    sub.add_parser("lite", help="the in-browser notebooks (after the HTML editions)")
    p = sub.add_parser("lab", help="JupyterLab with the chapters opening as notebooks")
    p.add_argument("--port", type=int, default=8888)
    sub.add_parser("bench", help="build times, page weights and Lighthouse scores")
    p = sub.add_parser("migration", help="the one-off conversion of the raw outside figures")
    p.add_argument("--check", action="store_true")
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command. Bad input (a broken seed, data or teaching file, a download that
    does not match its pin) stops it here with one line: file, line, column, what was
    expected and what was found; no traceback."""
    args = parser().parse_args(argv)
    try:
        return run(args)
    except InputError as err:
        print(f"tianyuan {args.command}: {err}", file=sys.stderr)
        return 1


def run(args: argparse.Namespace) -> int:
    match args.command:
        case "book":
            return book.build(args.part)
        case "edition":
            return book.build_one(
                args.edition, args.builder, args.inputs_checked, publish=not args.sphinx_only
            )
        case "data":
            return derive.main(["--check"] if args.check else [])
        case "handout":
            book.check_inputs()
            return packet.main([args.edition])
        case "lite":
            book.check_inputs()
            return lite.site.main()
        case "lab":
            return lab.main(args.port) or 0
        case "bench":
            return bench.main()
        case "migration":
            return migration.main(["--check"] if args.check else [])
    return 2


if __name__ == "__main__":
    sys.exit(main())
