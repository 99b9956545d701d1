"""The web editor: a Decap CMS form generated from the models, driven in Chromium.

Unit tests read the generated configuration: every field of the case model is in the form,
with the model's bounds, vocabularies and ``required``; the committed files match the models.
The browser test runs the real CMS against its real local backend (``decap-server``, which
writes into the site's working tree), creates a case through the form, and checks that
``casebook validate`` accepts the file and ``mkdocs build`` publishes it.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Locator, Page

from generator.cli.cms import admin_dir, cms_config, drifted
from generator.cli.main import main
from generator.cli.sitefile import read_site_file
from generator.content.models import Case
from tests.conftest import BUILD_EPOCH, ROOT, run_mkdocs, serve_directory

SERVER = ROOT / "cms" / "node_modules" / ".bin" / "decap-server"


def _config() -> dict[str, Any]:
    return cms_config(read_site_file(ROOT / "mkdocs.yml"))


def _collection(name: str) -> dict[str, Any]:
    return next(c for c in _config()["collections"] if c["name"] == name)


def _field(fields: list[dict[str, Any]], *path: str) -> dict[str, Any]:
    found = next(f for f in fields if f["name"] == path[0])
    if len(path) == 1:
        return found
    return _field(found.get("fields") or [found["field"]], *path[1:])


def _model_paths(model: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, info in model.model_fields.items():
        yield (*prefix, name)
        for inner in _nested_models(info.annotation):
            yield from _model_paths(inner, (*prefix, name))


def _nested_models(annotation: Any) -> list[Any]:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _nested_models(arg)]


def test_every_field_of_the_case_model_is_in_the_form() -> None:
    fields = _collection("cases")["fields"]
    paths = list(_model_paths(Case))
    assert len(paths) > 60
    for path in paths:
        assert _field(fields, *path)["name"] == path[-1], path


def test_widgets_follow_the_models() -> None:
    fields = _collection("cases")["fields"]
    age = _field(fields, "patient", "age")
    assert (age["widget"], age["value_type"], age["min"], age["max"]) == ("number", "int", 0, 120)
    assert _field(fields, "injury", "ais")["options"] == ["A", "B", "C", "D"]
    assert _field(fields, "injury", "date")["pattern"][0] == r"^\d{4}(-\d{2}(-\d{2})?)?$"
    start = _field(fields, "treatment", "start")
    assert (start["widget"], start["format"], start["time_format"]) == (
        "datetime",
        "YYYY-MM-DD",
        False,
    )
    assert _field(fields, "before")["widget"] == "markdown"
    assert _field(fields, "story")["widget"] == "markdown"
    assert _field(fields, "headline")["widget"] == "string"
    scope = _field(fields, "consent", "scope")
    assert (scope["widget"], scope["multiple"], scope["min"]) == ("select", True, 1)
    sessions = _field(fields, "treatment", "sessions")
    assert (sessions["widget"], sessions["min"]) == ("list", 1)
    dose = _field(fields, "treatment", "sessions", "dose_million")
    assert (dose["value_type"], dose["required"]) == ("float", False)
    protocol = _field(fields, "treatment", "protocol")
    assert (protocol["widget"], protocol["collection"], protocol["value_field"]) == (
        "relation",
        "protocols",
        "protocol.id",
    )
    assert _field(fields, "patient", "photo")["widget"] == "image"
    country = _field(fields, "patient", "country")
    assert {"label": "Norway (NO)", "value": "NO"} in country["options"]


def test_required_follows_the_model_at_every_depth() -> None:
    fields = _collection("cases")["fields"]
    assert "required" not in _field(fields, "patient", "name")  # Decap's default: required
    assert _field(fields, "patient", "history")["required"] is False
    assert "required" not in _field(fields, "consent", "form")
    assert _field(fields, "consent", "revoked")["required"] is False
    assert "required" not in _field(fields, "timeline", "text")
    assert _field(fields, "assessments", "uems")["required"] is False
    events = _field(fields, "treatment", "adverse_events")  # [] when none: saved as []
    assert (events["required"], events["default"]) == (False, [])


def test_hints_are_the_comments_casebook_new_writes() -> None:
    fields = _collection("cases")["fields"]
    assert _field(fields, "injury", "level")["hint"] == "C1-C8, T1-T12, L1-L5 or S1-S5"
    assert "week 0" in _field(fields, "treatment", "start")["hint"]
    assert "pull request" in _field(fields, "status")["hint"]


def test_lists_nest_at_most_one_level() -> None:
    def depth(fields: list[dict[str, Any]]) -> int:
        inner = [f.get("fields") or [] for f in fields]
        lists = [
            1 + depth(sub) for f, sub in zip(fields, inner, strict=True) if f["widget"] == "list"
        ]
        objects = [
            depth(sub) for f, sub in zip(fields, inner, strict=True) if f["widget"] == "object"
        ]
        return max([0, *lists, *objects])

    for collection in _config()["collections"]:
        assert depth(collection["fields"]) <= 1, collection["name"]


def test_the_editorial_workflow_saves_to_the_sites_repository() -> None:
    config = _config()
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {
        "name": "github",
        "repo": "example/casebook-demo",
        "branch": "main",
    }
    cases = _collection("cases")
    assert (cases["folder"], cases["slug"], cases["extension"]) == ("cases", "{{fields.id}}", "yml")
    protocols = _collection("protocols")
    assert (protocols["folder"], protocols["format"]) == ("content/protocols", "frontmatter")


def test_the_committed_admin_area_matches_the_models() -> None:
    assert drifted(read_site_file(ROOT / "mkdocs.yml")) == []
    page = (admin_dir(read_site_file(ROOT / "mkdocs.yml")) / "index.html").read_text()
    assert re.findall(r'<script src="([^"]+)"', page) == ["decap-cms.js"]  # served by the site


def test_check_reports_a_drifted_config(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = site / "content" / "admin" / "config.yml"
    config.write_text(config.read_text().replace("value_type: int", "value_type: float", 1))
    assert main(["cms", "--check", "-f", str(site / "mkdocs.yml")]) == 1
    assert "config.yml: differs from what the models give" in capsys.readouterr().out
    assert main(["cms", "-f", str(site / "mkdocs.yml")]) == 0
    assert main(["cms", "--check", "-f", str(site / "mkdocs.yml")]) == 0


def test_the_public_pages_never_load_the_cms(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        if page.parent.name != "admin":
            assert "decap-cms" not in page.read_text(encoding="utf-8"), page


# --- Chromium against decap-server -------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def local_backend(site: Path) -> Iterator[Path]:
    """Run decap-server over a copy of the site (it writes files into that working tree)."""
    if not SERVER.exists():
        message = f"{SERVER} is missing: run `make cms` (npm ci in cms/)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    config = site / "content" / "admin" / "config.yml"
    settings = yaml.safe_load(config.read_text())
    settings["local_backend"] = {"url": f"http://localhost:{port}/api/v1"}
    config.write_text(yaml.safe_dump(settings, sort_keys=False))
    env = {**os.environ, "PORT": str(port), "MODE": "fs", "GIT_REPO_DIRECTORY": str(site)}
    server = subprocess.Popen([str(SERVER)], cwd=site, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not _listening(port):
            assert time.monotonic() < deadline, "decap-server did not start"
            time.sleep(0.2)
        yield site
    finally:
        server.terminate()
        server.wait(timeout=10)


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _in(scope: Page | Locator, name: str) -> Locator:
    return scope.locator(f"[id^='{name}-field-']")


def _control(scope: Page | Locator, name: str) -> Locator:
    return scope.locator(f"label[for^='{name}-field-']").first.locator("xpath=../..")


def _choose(page: Page, scope: Page | Locator, name: str, option: str, search: str = "") -> None:
    box = _in(scope, name).last
    box.click()
    if search:
        box.fill(search)
    page.get_by_role("option", name=option, exact=True).click()


def _add(page: Page, scope: Page | Locator, label: str) -> None:
    scope.get_by_role("button", name=f"Add {label}", exact=True).click()


def _markdown(page: Page, name: str, text: str) -> None:
    _control(page, name).locator("[contenteditable='true']").click()
    page.keyboard.type(text)


def _fill_case(page: Page, case_id: str) -> None:
    _in(page, "id").first.fill(case_id)
    _choose(page, page, "status", "published")
    _in(page, "headline").first.fill("Typed in the web editor")
    _in(page, "published").first.fill("2026-11-10")
    patient = _control(page, "patient")
    _in(patient, "name").first.fill("W. E.")
    _in(patient, "age").fill("41")
    _choose(page, patient, "country", "Norway (NO)", search="Norway")
    injury = _control(page, "injury")
    _in(injury, "level").fill("T6")
    _choose(page, injury, "ais", "B")
    _choose(page, injury, "cause", "fall")
    _in(injury, "date").fill("2019")
    treatment = _control(page, "treatment")
    _choose(page, treatment, "protocol", "UC-MSC by IV and lumbar puncture", search="IV")
    _in(treatment, "start").first.fill("2026-03-02")
    _add(page, treatment, "session")
    sessions = _control(treatment, "sessions")
    _in(sessions, "week").last.fill("0")
    _choose(page, sessions, "route", "iv")
    _choose(page, sessions, "cells", "uc-msc")
    _add(page, page, "assessment")
    assessments = _control(page, "assessments")
    _in(assessments, "week").last.fill("0")
    _choose(page, assessments, "ais", "B")
    _markdown(page, "before", "Used a manual wheelchair.")
    _markdown(page, "after", "Still uses a manual wheelchair.")
    _add(page, page, "timeline")
    timeline = _control(page, "timeline")
    _in(timeline, "week").last.fill("12")
    _choose(page, timeline, "domain", "sensation")
    _choose(page, timeline, "change", "no_change")
    _choose(page, timeline, "source", "clinician")
    _in(timeline, "text").last.fill("No change in sensation")
    consent = _control(page, "consent")
    _in(consent, "form").fill("FORM-2026-17")
    _in(consent, "signed").first.fill("2026-02-01")
    _in(consent, "expires").first.fill("2030-02-01")
    _choose(page, consent, "scope", "clinical")
    _choose(page, consent, "connection", "none")


@pytest.mark.browser
def test_a_case_created_in_the_web_editor_validates_and_is_published(
    local_backend: Path, page: Page
) -> None:
    site = local_backend
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not _local(r.url) else None)
    page.add_init_script(
        "window.__violations = []; document.addEventListener('securitypolicyviolation',"
        " (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.set_viewport_size({"width": 1400, "height": 1000})
    with serve_directory(site / "content") as base:
        page.goto(base + "admin/")
        page.get_by_role("button", name="Login").click()
        page.get_by_role("link", name="Create entry of type Case").click()
        _fill_case(page, "web-editor-t6")
        page.get_by_role("button", name="Publish", exact=True).click()
        page.get_by_role("menuitem", name="Publish now").click()
        page.get_by_text("Entry saved").wait_for(timeout=30_000)
        violations = page.evaluate("window.__violations")
    written = site / "cases" / "web-editor-t6.yml"
    assert written.is_file()
    assert violations == [] and outside == []
    validated = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "casebook"), "validate"],
        cwd=site, capture_output=True, text=True, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH},
    )  # fmt: skip
    assert validated.returncode == 0, validated.stdout + validated.stderr + written.read_text()
    assert run_mkdocs(site, "build", "--strict").returncode == 0
    assert "Typed in the web editor" in (site / "site/cases/web-editor-t6/index.html").read_text()
    assert (
        "cases/web-editor-t6/" in (site / "site" / "feeds" / "feed.xml").read_text()
    )  # newest entry


def _local(url: str) -> bool:
    return bool(re.match(r"^(https?://(localhost|127\.0\.0\.1)[:/]|data:|blob:)", url))
