"""The ``casebook`` command line (also ``python -m generator``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.catalog import build_catalog
from generator.errors import CasebookError, ConfigError
from generator.project import ProjectLoader, build_date
from generator.siteconfig import read_layout

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _validate(args: argparse.Namespace) -> int:
    layout = read_layout(Path(args.config_file))
    project = ProjectLoader().load(layout)
    for problem in project.problems:
        print(problem.github() if args.format == "github" else str(problem))
    if project.problems:
        count = len(project.problems)
        print(
            f"{count} error{'s' if count != 1 else ''}; nothing can be published.", file=sys.stderr
        )
        return EXIT_CONTENT
    catalog = build_catalog(
        [c.model for c in project.cases], [p.model for p in project.protocols], today=build_date()
    )
    print(
        f"OK: {len(project.cases)} case files and {len(project.protocols)} protocols are valid; "
        f"{len(catalog.cases)} cases would be published.",
        file=sys.stderr,
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="casebook",
        description="Check and publish patient case studies written as YAML files.",
    )
    parser.add_argument("--version", action="version", version=f"casebook {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check every case file and protocol; exit 1 on content errors",
        description="Check every case file and protocol page of the site, reporting every "
        "error as FILE:LINE:COLUMN: FIELD: MESSAGE. Exit status: 0 valid, 1 content errors, "
        "2 usage or configuration errors.",
    )
    validate.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        help="the site's mkdocs.yml (default: %(default)s)",
    )
    validate.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text (default) or github: GitHub Actions ::error annotations",
    )
    validate.set_defaults(handler=_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except ConfigError as exc:
        print(f"casebook: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CasebookError as exc:
        print(f"casebook: error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
