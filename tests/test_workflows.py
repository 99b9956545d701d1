"""The GitHub Actions workflows a clinic copies into its site repository (README, "Publishing")."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = ("checks.yml", "publish.yml", "expiring.yml")

# `uses: owner/name@<40 hex digits> # v1.2.3`, alone on its line (a list item or a mapping key).
PINNED = re.compile(
    r"^\s*(?:-\s+)?uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(?:\.\d+){0,2}\s*$"
)
# Where the command ends in a `run:` line: a redirection, a pipe, `||`, `&&` or `;`.
SHELL_OPERATOR = re.compile(r"\s+(?:\d?>>?|\|\|?|&&|;)")
# The step that sets the build date from the last commit for every later step.
EPOCH_LINE = 'echo "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" >> "$GITHUB_ENV"'


def load(name: str) -> dict[Any, Any]:
    """Parse one workflow file.

    Args:
        name: The file name under ``.github/workflows``.

    Returns:
        The workflow as PyYAML reads it (the key ``on`` becomes ``True``).
    """
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(workflow, dict), f"{name} is not a mapping"
    return workflow


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """Return the events that start a workflow, each with its settings (None when it has none).

    Args:
        workflow: A parsed workflow.

    Returns:
        The ``on:`` section as a mapping, whichever of its three forms the file uses.
    """
    events = workflow[True] if True in workflow else workflow["on"]  # PyYAML: `on` is True
    if isinstance(events, str):
        return {events: None}
    if isinstance(events, list):
        return dict.fromkeys(events)
    assert isinstance(events, dict)
    return events


def jobs(workflow: dict[Any, Any]) -> dict[str, dict[str, Any]]:
    """Return the jobs of a workflow by id.

    Args:
        workflow: A parsed workflow.

    Returns:
        Each job's mapping, by job id.
    """
    found: dict[str, dict[str, Any]] = workflow["jobs"]
    assert isinstance(found, dict) and found
    return found


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the steps of a job.

    Args:
        job: A job's mapping.

    Returns:
        The job's steps, in order.
    """
    found: list[dict[str, Any]] = job.get("steps", [])
    assert isinstance(found, list)
    return found


def run_lines(step: dict[str, Any]) -> list[str]:
    """Return the non-empty lines of a step's ``run:`` script, stripped.

    Args:
        step: A step's mapping.

    Returns:
        The script's lines; none for a step that runs an action.
    """
    script = step.get("run", "")
    assert isinstance(script, str)
    return [line.strip() for line in script.splitlines() if line.strip()]


def make_commands(workflow: dict[Any, Any]) -> list[str]:
    """Return every ``make`` command of a workflow, without what the shell adds after it.

    Args:
        workflow: A parsed workflow.

    Returns:
        Each command line that starts with ``make ``, cut before any redirection or operator.
    """
    return [
        SHELL_OPERATOR.split(line, maxsplit=1)[0]
        for job in jobs(workflow).values()
        for step in steps(job)
        for line in run_lines(step)
        if line.startswith("make ")
    ]


def make_targets(command: str) -> list[str]:
    """Return the targets a ``make`` command names (not its options or variables).

    Args:
        command: A command such as ``make -s validate VALIDATE_ARGS="--expiring 60"``.

    Returns:
        The targets, in order.
    """
    words = shlex.split(command)[1:]
    return [word for word in words if not word.startswith("-") and "=" not in word]


def make_variables(command: str) -> list[str]:
    """Return the names of the variables a ``make`` command sets.

    Args:
        command: A command such as ``make validate VALIDATE_ARGS="--format github"``.

    Returns:
        The variable names, in order.
    """
    return [word.split("=", 1)[0] for word in shlex.split(command)[1:] if "=" in word]


def makefile_targets(text: str) -> set[str]:
    """Return the targets a Makefile defines by name at the start of a line.

    Args:
        text: The Makefile's text.

    Returns:
        Every ``name`` of a ``name:`` rule line.
    """
    return set(re.findall(r"^([A-Za-z0-9_.-]+)\s*:", text, flags=re.MULTILINE))


def unpinned_uses(text: str) -> list[str]:
    """Return the ``uses:`` lines of a workflow's text not pinned to a commit with its version.

    Args:
        text: The raw text of a workflow (comments are not in the parsed YAML).

    Returns:
        Every offending line, stripped.
    """
    return [
        line.strip()
        for line in text.splitlines()
        if re.match(r"^\s*(?:-\s+)?uses:", line) and not PINNED.match(line)
    ]


def step_index(job: dict[str, Any], wanted: str) -> int:
    """Return the index of the first step whose ``run:`` or ``uses:`` contains ``wanted``.

    Args:
        job: A job's mapping.
        wanted: Text to look for.

    Returns:
        The step's index in the job.
    """
    for index, step in enumerate(steps(job)):
        if wanted in str(step.get("run", "")) or wanted in str(step.get("uses", "")):
            return index
    raise AssertionError(f"no step runs or uses {wanted!r}")


def all_permissions(workflow: dict[Any, Any]) -> list[tuple[str, str]]:
    """Return every permission a workflow grants, at the top and in each job.

    Args:
        workflow: A parsed workflow.

    Returns:
        ``(scope, level)`` pairs; a blanket ``read-all`` or ``write-all`` is ``("*", level)``.
    """
    blocks = [workflow.get("permissions"), *(j.get("permissions") for j in jobs(workflow).values())]
    pairs: list[tuple[str, str]] = []
    for block in blocks:
        if isinstance(block, str):
            pairs.append(("*", block))
        elif isinstance(block, dict):
            pairs.extend((str(scope), str(level)) for scope, level in block.items())
    return pairs


@pytest.mark.parametrize("name", NAMES)
def test_workflow_parses_and_names_its_triggers(name: str) -> None:
    """Each workflow is a mapping with a name, triggers and at least one job."""
    workflow = load(name)
    assert workflow.get("name")
    assert triggers(workflow)
    assert all("runs-on" in job for job in jobs(workflow).values())


@pytest.mark.parametrize("name", NAMES)
def test_every_action_is_pinned_to_a_commit_with_its_version(name: str) -> None:
    """Every ``uses:`` names a full 40-hex commit SHA followed by its version tag as a comment."""
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    assert unpinned_uses(text) == []
    parsed = [
        step["uses"] for job in jobs(load(name)).values() for step in steps(job) if "uses" in step
    ]
    pinned = [line for line in text.splitlines() if PINNED.match(line)]
    assert parsed, f"{name} uses no action"
    assert len(parsed) == len(pinned)  # every parsed `uses` is one checked line of the text


def test_the_pin_check_rejects_tags_short_shas_and_missing_comments() -> None:
    """The pin check fails a tag, a short SHA, an uppercase SHA and a SHA with no version."""
    sha = "3d3c42e5aac5ba805825da76410c181273ba90b1"
    good = f"      - uses: actions/checkout@{sha} # v7.0.1"
    bad = [
        "      - uses: actions/checkout@v4",
        "      - uses: actions/checkout@3d3c42e # v7.0.1",
        f"      - uses: actions/checkout@{sha.upper()} # v7.0.1",
        f"      - uses: actions/checkout@{sha}",
        f"        uses: actions/checkout@{sha} # latest",
    ]
    assert unpinned_uses(good) == []
    assert unpinned_uses("\n".join([good, *bad])) == [line.strip() for line in bad]


@pytest.mark.parametrize("name", NAMES)
def test_checkout_does_not_keep_the_token(name: str) -> None:
    """No later step can use the token checkout would otherwise leave in the git config."""
    for job in jobs(load(name)).values():
        for step in steps(job):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False


@pytest.mark.parametrize("name", NAMES)
def test_make_commands_name_targets_of_the_makefile(name: str) -> None:
    """Every ``make`` command of a workflow names targets the Makefile defines.

    Fails until the Makefile has every target the workflows run (``deploy-check``).
    """
    defined = makefile_targets((ROOT / "Makefile").read_text(encoding="utf-8"))
    commands = make_commands(load(name))
    assert commands, f"{name} runs no make command"
    for command in commands:
        targets = make_targets(command)
        assert targets, f"{command!r} names no target"
        assert set(targets) <= defined, (
            f"{command!r}: not in the Makefile: {set(targets) - defined}"
        )


@pytest.mark.parametrize("name", NAMES)
def test_make_variables_are_read_by_the_makefile(name: str) -> None:
    """A variable a workflow passes to ``make`` (``VALIDATE_ARGS``) is used by the Makefile.

    Otherwise ``--format github`` or ``--expiring 60`` would be dropped without a word.
    """
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for command in make_commands(load(name)):
        for variable in make_variables(command):
            assert f"$({variable})" in makefile, f"{command!r}: the Makefile ignores {variable}"


@pytest.mark.parametrize("name", NAMES)
def test_make_commands_are_in_the_readme(name: str) -> None:
    """Every ``make`` command a workflow runs is written in the README, exactly.

    Fails until the README's "Publishing" section is merged.
    """
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [command for command in make_commands(load(name)) if command not in readme]
    assert missing == []


def test_make_commands_are_cut_before_shell_operators() -> None:
    """The command read from a ``run:`` line stops at redirections and operators."""
    workflow = {
        "jobs": {
            "j": {
                "runs-on": "ubuntu-latest",
                "steps": [
                    {"run": 'make -s validate VALIDATE_ARGS="--expiring 60" >out 2>&1 || s=$?'},
                    {"run": "echo make build\nmake build && make deploy-check"},
                ],
            }
        }
    }
    commands = make_commands(workflow)
    assert commands == ['make -s validate VALIDATE_ARGS="--expiring 60"', "make build"]
    assert make_targets(commands[0]) == ["validate"]
    assert make_variables(commands[0]) == ["VALIDATE_ARGS"]
    assert makefile_targets("help:  ## x\n$(VENV)/.site: a\n\tvalidate: no\nbuild: $(X)\n") == {
        "help",
        "build",
    }


@pytest.mark.parametrize("name", ["checks.yml", "expiring.yml"])
def test_workflows_that_publish_nothing_only_read(name: str) -> None:
    """The check and report workflows grant the token nothing but read access to the code."""
    workflow = load(name)
    assert workflow.get("permissions") == {"contents": "read"}
    assert all(level in ("read", "none") for _, level in all_permissions(workflow))


def test_checks_run_on_pull_requests_in_order() -> None:
    """A pull request is validated (as annotations), built strictly, then its site is checked."""
    workflow = load("checks.yml")
    assert "pull_request" in triggers(workflow)
    assert "pull_request_target" not in triggers(workflow)  # no token for untrusted code
    (job,) = jobs(workflow).values()
    epoch = step_index(job, EPOCH_LINE)
    validate = step_index(job, 'make validate VALIDATE_ARGS="--format github"')
    build = step_index(job, "make build")
    deploy_check = step_index(job, "make deploy-check")
    assert epoch < validate < build < deploy_check


def test_checks_care_coverage_comes_after_validation() -> None:
    """The CARE coverage step runs only once validation passed, so errors are not shown twice."""
    (job,) = jobs(load("checks.yml")).values()
    care = step_index(job, 'make validate VALIDATE_ARGS="--care --format github"')
    assert step_index(job, 'VALIDATE_ARGS="--format github"') < care < step_index(job, "make build")


def test_publish_deploys_only_from_main() -> None:
    """Only a push to main (or a manual run on main) builds and deploys."""
    workflow = load("publish.yml")
    events = triggers(workflow)
    assert set(events) <= {"push", "workflow_dispatch"}
    assert events["push"] == {"branches": ["main"]}
    for job in jobs(workflow).values():
        assert job.get("if") == "github.ref == 'refs/heads/main'"


def test_publish_builds_from_the_last_commit_date_then_checks_and_uploads_site() -> None:
    """The build date is the last commit's; validate, build, deploy-check, then upload ``site``."""
    build_job = jobs(load("publish.yml"))["build"]
    epoch = step_index(build_job, EPOCH_LINE)
    validate = step_index(build_job, 'make validate VALIDATE_ARGS="--format github"')
    build = step_index(build_job, "make build")
    deploy_check = step_index(build_job, "make deploy-check")
    upload = step_index(build_job, "actions/upload-pages-artifact@")
    assert epoch < validate < build < deploy_check < upload
    assert steps(build_job)[upload]["with"] == {"path": "site"}


def test_publish_deploy_job_needs_the_build_and_holds_the_only_write_permissions() -> None:
    """Only the deploy job may write, and only to Pages, after the build job succeeded."""
    workflow = load("publish.yml")
    assert workflow.get("permissions") == {}
    deploy = jobs(workflow)["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in steps(deploy)] == ["actions/deploy-pages"]
    writes = [pair for pair in all_permissions(workflow) if pair[1] == "write"]
    assert sorted(writes) == [("id-token", "write"), ("pages", "write")]
    assert jobs(workflow)["build"]["permissions"] == {"contents": "read"}


def test_publish_deploys_one_at_a_time_without_cancelling() -> None:
    """Deployments queue in one concurrency group; one in progress is never cancelled."""
    concurrency = load("publish.yml")["concurrency"]
    assert concurrency["group"]
    assert concurrency["cancel-in-progress"] is False


def test_expiring_runs_weekly_and_writes_the_report_to_the_summary() -> None:
    """The expiry report runs on a weekly cron and puts its output in a code block."""
    workflow = load("expiring.yml")
    events = triggers(workflow)
    assert "workflow_dispatch" in events
    (cron,) = [entry["cron"] for entry in events["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and weekday.isdigit() and minute.isdigit() and hour.isdigit()
    (job,) = jobs(workflow).values()
    report = steps(job)[step_index(job, "--expiring")]
    lines = run_lines(report)
    assert any(c.startswith("make") and "--expiring 60" in c for c in make_commands(workflow))
    assert any('>> "$GITHUB_STEP_SUMMARY"' in line for line in lines)
    fences = [line for line in lines if re.fullmatch(r"echo '`{3,}(text)?'", line)]
    assert len(fences) == 2  # the report sits inside one code block


def test_expiring_counts_from_today_not_from_the_last_commit() -> None:
    """The report sets no ``SOURCE_DATE_EPOCH``: it counts from the day it runs."""
    text = (WORKFLOWS / "expiring.yml").read_text(encoding="utf-8")
    assert "SOURCE_DATE_EPOCH=" not in text
    assert "SOURCE_DATE_EPOCH:" not in text  # nor as an `env:` entry
