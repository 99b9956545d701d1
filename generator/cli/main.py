"""The ``casebook`` command line (also ``python -m generator``)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator import __version__
from generator.catalog.build import Build, prepare
from generator.catalog.care import care_reports
from generator.catalog.reviews import due_review_lines, reviewed_pages
from generator.cli.expiry import expiring_consents
from generator.cli.sitefile import read_site_file
from generator.content.clock import build_date
from generator.content.errors import (
    DEBUG_VARIABLE,
    CasebookError,
    ConfigError,
    internal_error_message,
    one_line,
)
from generator.content.schema import schema_text
from generator.content.sources import ProjectLoader

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _validate(args: argparse.Namespace) -> int:
    site = read_site_file(Path(args.config_file))
    build = prepare(
        site.layout,
        today=build_date(),
        page_size=site.page_size,
        policy=site.policy,
        loader=ProjectLoader(workers=os.cpu_count() or 1),
        languages=site.languages,
        language=site.language,
    )
    github = args.format == "github"
    status = _report(build, github)
    if args.care:
        _print_care(build, github)
    if args.expiring is not None:
        for line in expiring_consents(build.project, build.today, args.expiring, github=github):
            print(line)
        reviewed = reviewed_pages(build.project.cases, [page.meta for page in build.pages])
        for line in due_review_lines(reviewed, build.today, args.expiring, github=github):
            print(line)
    return status


def _print_care(build: Build, github: bool) -> None:
    from generator.cli.care_table import care_annotations, care_tables

    reports = care_reports(build.project.cases)
    for line in care_annotations(reports) if github else care_tables(reports):
        print(line)


def _report(site: Build, github: bool) -> int:
    for problem in site.problems:
        print(problem.github() if github else str(problem))
    for warning in site.warnings:
        print(warning.github("warning") if github else f"warning: {warning}")
    for notice in site.outdated:  # shown, marked on the page: not an error
        print(notice.github("notice") if github else f"out of date: {notice}")
    noted = _count(len(site.warnings), "warning")
    if site.problems:
        count = _count(len(site.problems), "error")
        print(f"{count}{', ' + noted if site.warnings else ''}; nothing can be published.",
              file=sys.stderr)  # fmt: skip
        return EXIT_CONTENT
    project = site.project
    translations = sum(len(found) for found in project.translations.values())
    translated = f", {_count(translations, 'translation')}" if translations else ""
    print(
        f"OK: {len(project.cases)} case files{translated} and {len(project.protocols)} "
        f"protocols are valid; {len(site.catalog.cases)} cases would be published"
        + (f"; {noted}." if site.warnings else "."),
        file=sys.stderr,
    )
    return EXIT_OK


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _new(args: argparse.Namespace) -> int:
    from generator.cli.scaffold import check_id, write_new_case  # only this command needs it

    layout = read_site_file(Path(args.config_file)).layout
    check_id(args.id)
    project = ProjectLoader().load(layout)
    protocols = {p.model.id: p.model for p in project.protocols}
    if not protocols:
        raise ConfigError(f"no valid protocol in {layout.display(layout.protocols_dir)}; add one")
    name = args.protocol or sorted(protocols)[0]
    if name not in protocols:
        known = ", ".join(sorted(protocols))
        raise ConfigError(f"unknown protocol {name!r} (known: {known})")
    path = write_new_case(layout.cases_dir, args.id, protocols[name], build_date())
    print(f"Wrote {layout.display(path)}: a draft with placeholders; replace every TODO.")
    return EXIT_OK


def _translate(args: argparse.Namespace) -> int:
    from generator.cli.translate import write_translation

    site = read_site_file(Path(args.config_file))
    if args.language not in site.languages:
        known = ", ".join(site.languages) or "none"
        raise ConfigError(
            f"{args.language!r} is not one of the site's other languages ({known}): add it to "
            "the casebook plugin's `languages` option in mkdocs.yml"
        )
    path = write_translation(site.layout, args.id, args.language)
    print(f"Wrote {site.layout.display(path)}: translate its texts, then remove their '# '.")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    text = schema_text()
    if args.out is None:
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"Wrote {args.out}", file=sys.stderr)
    return EXIT_OK


def _tables(args: argparse.Namespace) -> int:
    from generator.cli.tables import copy_tables

    layout = read_site_file(Path(args.config_file)).layout
    assert layout.reference_dir is not None  # read_site_file always sets it
    for path in copy_tables(layout.reference_dir):
        print(f"Wrote {layout.display(path)}")
    print(
        "These files now replace the packaged tables: keep a source for every number, and "
        "run `casebook validate`.",
        file=sys.stderr,
    )
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from generator.cli.export import export_site  # imports MkDocs internals

    written = export_site(Path(args.config_file), Path(args.dir))
    print(
        f"Exported to {args.dir}: {len(written)} generated files; build it with "
        f"`mkdocs build -f {Path(args.dir) / 'mkdocs.yml'}`.",
        file=sys.stderr,
    )
    return EXIT_OK


def _deploy_check(args: argparse.Namespace) -> int:
    from generator.cli.deploy_check import check_site

    site = read_site_file(Path(args.config_file))
    site_dir = Path(args.site_dir) if args.site_dir else site.layout.root / site.site_dir
    if not site_dir.is_dir():
        raise ConfigError(f"{site_dir} is not a built site; run `mkdocs build` first")
    findings = check_site(site_dir, site.own_host)
    for finding in findings:
        print(finding)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    if findings:
        print(f"{_count(len(findings), 'problem')} in {_count(pages, 'page')}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"{_count(pages, 'page')} checked: every one carries its policy", file=sys.stderr)
    return EXIT_OK


def _cms(args: argparse.Namespace) -> int:
    from generator.cli.cms import drifted, write_admin

    site = read_site_file(Path(args.config_file))
    if args.check:
        stale = drifted(site)
        for path in stale:
            print(f"{path}: differs from what the models give; run `casebook cms`")
        return EXIT_CONTENT if stale else EXIT_OK
    for path in write_admin(site):
        print(f"Wrote {path}", file=sys.stderr)
    return EXIT_OK


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days (0 or more)")
    return days


def _add_config_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        metavar="FILE",
        help="the site's mkdocs.yml (default: %(default)s)",
    )


def _add_validate(commands: Any) -> None:
    validate = commands.add_parser(
        "validate",
        help="check every case file and protocol; exit 1 on content errors",
        description="Check every case file and protocol page of the site, reporting every "
        "error as FILE:LINE:COLUMN: FIELD: MESSAGE, then the compliance warnings (risky "
        "claims, overdue clinical reviews) as warning: FILE:LINE:COLUMN: FIELD: MESSAGE; the "
        "plugin's claims and overdue_reviews options make them errors. Exit status: 0 valid, "
        "1 content errors, 2 usage or configuration errors.",
    )
    _add_config_file(validate)
    validate.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text (default) or github: GitHub Actions ::error annotations on the files",
    )
    validate.add_argument(
        "--expiring",
        type=_days,
        metavar="DAYS",
        help="also list consents that expire, and clinical reviews (reviewed.next) that fall "
        "due, within DAYS days of the build date (SOURCE_DATE_EPOCH when set), and those "
        "already past; the exit status is unchanged",
    )
    validate.add_argument(
        "--care",
        action="store_true",
        help="also show each case's CARE checklist coverage: a table per case, or with "
        "--format github a ::warning annotation for every missing item; the exit status is "
        "unchanged (the plugin's care_min_coverage makes low coverage an error)",
    )
    validate.set_defaults(handler=_validate)


def _add_new(commands: Any) -> None:
    new = commands.add_parser(
        "new",
        help="write a draft case file with placeholders",
        description="Write cases/ID.yml: a draft case that validates as it is, with a "
        "placeholder and a comment on every field. Never overwrites an existing file.",
    )
    new.add_argument("id", metavar="ID", help="the case id and file name, such as maya-r-t11")
    new.add_argument(
        "--protocol",
        metavar="P",
        help="the id of the protocol received (default: the first protocol by id)",
    )
    _add_config_file(new)
    new.set_defaults(handler=_new)


def _add_translate(commands: Any) -> None:
    translate = commands.add_parser(
        "translate",
        help="start a case file's translation into one of the site's other languages",
        description="Write cases/ID.LANG.yml: the hash of cases/ID.yml and its texts "
        "(headline, before, after, timeline and adverse event texts, story, quote, "
        "rehabilitation), commented out, to translate. Facts always come from the case file. "
        "LANG must be in the plugin's `languages` option. Never overwrites a file.",
    )
    translate.add_argument("id", metavar="ID", help="the case id, such as maya-r-t11")
    translate.add_argument("language", metavar="LANG", help="the language code, such as es")
    _add_config_file(translate)
    translate.set_defaults(handler=_translate)


def _add_schema(commands: Any) -> None:
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a case file",
        description="Print the JSON Schema of a case file, generated from the models, for "
        "editors with a YAML language server. The site keeps a copy in cases/case.schema.json.",
    )
    schema.add_argument(
        "--out", metavar="FILE", help="write the schema to FILE instead of standard output"
    )
    schema.set_defaults(handler=_schema)


def _add_tables(commands: Any) -> None:
    tables = commands.add_parser(
        "tables",
        help="copy the reference tables (thresholds, natural recovery) into the site to edit",
        description="Copy the packaged reference tables, measures.yml (which change in each "
        "measure counts as improved or worse) and natural-recovery.yml (how often AIS grades "
        "change without cell therapy), into the site's reference_dir (reference/ by default). "
        "The site's files then replace the packaged ones and are checked like case files. "
        "Never overwrites a file.",
    )
    _add_config_file(tables)
    tables.set_defaults(handler=_tables)


def _add_export(commands: Any) -> None:
    export = commands.add_parser(
        "export",
        help="write the site as a plain MkDocs project without the casebook plugin",
        description="Write DIR/mkdocs.yml (without the casebook plugin), DIR/docs (the "
        "generated Markdown with the hand-written pages, assets and photos) and DIR/theme. "
        "Plain `mkdocs build` turns it into the same pages; the Markdown tree is also the "
        "way to move the content to another engine (Material for MkDocs reaches end of life "
        "in May 2027). Only published cases are exported.",
    )
    export.add_argument("dir", metavar="DIR", help="a new or empty folder to write into")
    _add_config_file(export)
    export.set_defaults(handler=_export)


def _add_deploy_check(commands: Any) -> None:
    check = commands.add_parser(
        "deploy-check",
        help="check a built site before deploying it: policy, inline scripts, other hosts",
        description="List, as FILE:LINE: MESSAGE, every page of a built site without its "
        "Content Security Policy, every inline script whose hash the page's policy lacks "
        "(the browser would refuse it), every inline event handler or javascript: address, "
        "and everything a page or stylesheet loads from another host than site_url's (links "
        "to other sites are fine). Exit status: 0 nothing found, 1 findings, 2 no built site.",
    )
    check.add_argument(
        "site_dir",
        nargs="?",
        metavar="SITE_DIR",
        help="the built site (default: site_dir of mkdocs.yml, else site)",
    )
    _add_config_file(check)
    check.set_defaults(handler=_deploy_check)


def _add_cms(commands: Any) -> None:
    cms = commands.add_parser(
        "cms",
        help="write the web editor's admin area (Decap CMS config and page) from the models",
        description="Write <docs_dir>/admin/config.yml and index.html: a Decap CMS form for "
        "case files and protocol pages whose widgets, bounds, patterns, required fields and "
        "hints come from the case and protocol models, so staff without git edit what "
        "`casebook validate` accepts. The CMS script is the vendored copy beside them "
        "(`make cms` refreshes it). Run again after changing the models.",
    )
    cms.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the committed files differ from what the models give",
    )
    _add_config_file(cms)
    cms.set_defaults(handler=_cms)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="casebook",
        description="Check and publish patient case studies written as YAML files.",
    )
    parser.add_argument("--version", action="version", version=f"casebook {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help=f"show the traceback of an unexpected error (also: {DEBUG_VARIABLE}=1)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands_in_order = (
        _add_validate,
        _add_new,
        _add_translate,
        _add_schema,
        _add_tables,
        _add_export,
        _add_deploy_check,
        _add_cms,
    )
    for add in commands_in_order:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    Exit status: 0 success, 1 content errors, 2 usage or configuration errors, 3 an internal
    error (a bug: one line names the file being processed; ``--debug`` shows the traceback).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except ConfigError as exc:
        print(f"casebook: error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except CasebookError as exc:
        print(f"casebook: error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:
        where = one_line(str(exc.filename or ""))
        print(f"casebook: error: {where}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        if args.debug or os.environ.get(DEBUG_VARIABLE):
            raise
        print(f"casebook: {internal_error_message(exc)}", file=sys.stderr)
        return EXIT_INTERNAL
