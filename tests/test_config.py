from __future__ import annotations

from typing import Any

import pytest

from generator.engine.config import CasebookConfig


def _validated(options: dict[str, Any]) -> tuple[CasebookConfig, list[Any], list[Any]]:
    config = CasebookConfig()
    config.load_dict(options)
    errors, warnings = config.validate()
    return config, errors, warnings


def test_defaults() -> None:
    config, errors, warnings = _validated({})
    assert (errors, warnings) == ([], [])
    assert config.cases_dir == "cases"
    assert config.protocols_dir == "protocols"
    assert config.templates_dir == "theme/casebook"
    assert config.preview == "auto"


def test_options_are_taken_as_given() -> None:
    options = {
        "cases_dir": "data/cases",
        "protocols_dir": "treatments",
        "templates_dir": "overrides",
        "preview": "never",
    }
    config, errors, _ = _validated(options)
    assert errors == []
    assert {name: config[name] for name in options} == options


@pytest.mark.parametrize("preview", ["always", "Never", "", "yes"])
def test_preview_must_be_auto_or_never(preview: str) -> None:
    _, errors, _ = _validated({"preview": preview})
    assert [name for name, _ in errors] == ["preview"]
    assert "auto" in str(errors[0][1]) and "never" in str(errors[0][1])


@pytest.mark.parametrize("name", ["cases_dir", "protocols_dir", "templates_dir"])
@pytest.mark.parametrize("value", [3, ["cases"], True])
def test_folders_must_be_text(name: str, value: object) -> None:
    _, errors, _ = _validated({name: value})
    assert [failed for failed, _ in errors] == [name]


def test_unknown_option_is_a_warning() -> None:
    _, errors, warnings = _validated({"case_dir": "cases"})
    assert errors == []
    assert [name for name, _ in warnings] == ["case_dir"]


def test_empty_option_falls_back_to_its_default() -> None:
    # `cases_dir:` with no value in mkdocs.yml loads as None.
    config, errors, _ = _validated({"cases_dir": None, "preview": None})
    assert errors == []
    assert (config.cases_dir, config.preview) == ("cases", "auto")
