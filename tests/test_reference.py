"""The reference tables: the packaged ones are complete and cited; a site's own replace them."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from generator.content import vocab
from generator.content.reference import (
    DATA_DIR,
    MEASURES_FILE,
    RECOVERY_FILE,
    load_reference,
    packaged_reference,
)


def test_the_packaged_tables_cover_every_measure_with_a_source() -> None:
    reference = packaged_reference()
    assert set(reference.measures) == set(vocab.MEASURES)
    for rule in reference.measures.values():
        assert rule.sources and all(s in reference.sources for s in rule.sources)
    for rate in reference.rates.values():
        assert rate.sources and all(s in reference.sources for s in rate.sources)


def test_the_packaged_directions() -> None:
    better = {name: rule.better for name, rule in packaged_reference().measures.items()}
    assert better == {
        "ais": "higher", "level": "caudal", "uems": "higher", "lems": "higher",
        "light_touch": "higher", "pin_prick": "higher", "scim": "higher", "wisci": "higher",
        "ashworth": "lower", "nbd": "lower",
    }  # fmt: skip


def test_measures_without_an_accepted_threshold_say_so() -> None:
    measures = packaged_reference().measures
    unjudged = sorted(name for name, rule in measures.items() if rule.threshold is None)
    assert unjudged == ["ashworth", "lems", "level", "light_touch", "nbd", "pin_prick", "uems"]
    assert measures["scim"].threshold == 4 and measures["wisci"].threshold == 2


def _site_table(folder: Path, name: str, change: dict[str, object]) -> None:
    data = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
    data.update(change)
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_a_site_table_replaces_the_packaged_one(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA_DIR / MEASURES_FILE).read_text(encoding="utf-8"))
    data["measures"]["uems"].update({"threshold": 1, "noise": None})
    _site_table(tmp_path / "reference", MEASURES_FILE, {"measures": data["measures"]})
    reference, problems = load_reference(tmp_path / "reference", tmp_path)
    assert problems == []
    assert reference.measures["uems"].threshold == 1
    assert reference.files == ("reference/measures.yml", f"(packaged) {RECOVERY_FILE}")
    assert reference.key != packaged_reference().key


def test_wrong_citations_are_located_and_the_packaged_table_kept(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA_DIR / RECOVERY_FILE).read_text(encoding="utf-8"))
    data["rates"][0]["sources"] = ["nobody-1999"]
    data["rates"].append(copy.deepcopy(data["rates"][2]))
    _site_table(tmp_path / "reference", RECOVERY_FILE, {"rates": data["rates"]})
    reference, problems = load_reference(tmp_path / "reference", tmp_path)
    assert [(p.path, p.field) for p in problems] == [
        ("reference/natural-recovery.yml", f"rates[{len(data['rates']) - 1}]"),
        ("reference/natural-recovery.yml", "rates[0].sources[0]"),
    ]
    assert "a second rate for AIS C, acute" in problems[0].message
    assert "unknown source 'nobody-1999'" in problems[1].message
    assert all(p.line > 1 for p in problems)
    assert reference.rates == packaged_reference().rates


def test_wrong_numbers_in_a_site_table_are_located(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA_DIR / MEASURES_FILE).read_text(encoding="utf-8"))
    data["measures"]["scim"]["noise"] = 2
    data["measures"]["wisci"]["threshold"] = -1
    _site_table(tmp_path / "reference", MEASURES_FILE, {"measures": data["measures"]})
    _, problems = load_reference(tmp_path / "reference", tmp_path)
    found = {p.field: p.message for p in problems}
    assert "give threshold or noise, not both" in found["measures.scim"]
    assert "must be more than 0" in found["measures.wisci.threshold"]


def test_a_missing_measure_is_named(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA_DIR / MEASURES_FILE).read_text(encoding="utf-8"))
    del data["measures"]["nbd"]
    _site_table(tmp_path / "reference", MEASURES_FILE, {"measures": data["measures"]})
    _, problems = load_reference(tmp_path / "reference", tmp_path)
    assert [(p.field, p.message) for p in problems] == [
        ("measures", "must give a rule for every measure; missing: nbd")
    ]


def test_a_site_without_tables_uses_the_packaged_ones(tmp_path: Path) -> None:
    reference, problems = load_reference(tmp_path / "reference", tmp_path)
    assert problems == [] and reference.key == packaged_reference().key
