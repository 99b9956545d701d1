from __future__ import annotations

from pathlib import Path

from generator.engine.stale import remove_stale


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")


def test_removes_generated_files_not_written_and_their_empty_folders(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "cases/kept/index.html",
        "cases/kept/photo.jpg",
        "cases/gone/index.html",
        "cases/gone/photo.png",
        "cases/country/xx/index.html",
        "cases/index.html",
        "index.html",
        "protocols/p/index.html",
    )
    written = {"cases/kept/index.html", "cases/kept/photo.jpg", "cases/index.html"}
    removed = remove_stale(tmp_path, ["cases"], written)
    assert sorted(removed) == [
        "cases/country/xx/index.html",
        "cases/gone/index.html",
        "cases/gone/photo.png",
    ]
    assert not (tmp_path / "cases" / "gone").exists()
    assert not (tmp_path / "cases" / "country").exists()
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    # Outside the generated folders nothing is touched, written or not.
    assert left == [
        "cases/index.html",
        "cases/kept/index.html",
        "cases/kept/photo.jpg",
        "index.html",
        "protocols/p/index.html",
    ]


def test_leaves_files_of_other_kinds_alone(tmp_path: Path) -> None:
    # Another plugin may write beside our pages (a JSON file, a compressed copy of it): not ours.
    _touch(tmp_path, "cases/a/data.json", "cases/a/data.json.gz")
    assert remove_stale(tmp_path, ["cases"], set()) == []
    assert (tmp_path / "cases" / "a" / "data.json").is_file()
    assert (tmp_path / "cases" / "a" / "data.json.gz").is_file()


def test_removes_the_compressed_copies_of_a_stale_page(tmp_path: Path) -> None:
    _touch(tmp_path, "cases/a/index.html", "cases/a/index.html.gz", "cases/a/index.html.br")
    _touch(tmp_path, "cases/b/index.html", "cases/b/index.html.gz")
    removed = remove_stale(tmp_path, ["cases"], {"cases/b/index.html"})
    assert sorted(removed) == [
        "cases/a/index.html",
        "cases/a/index.html.br",
        "cases/a/index.html.gz",
    ]
    assert (tmp_path / "cases" / "b" / "index.html.gz").is_file()


def test_a_missing_folder_is_nothing_to_do(tmp_path: Path) -> None:
    assert remove_stale(tmp_path / "site", ["cases"], set()) == []


def test_a_link_is_never_followed(tmp_path: Path) -> None:
    # A link in a generated folder to a folder elsewhere: nothing there is ours to remove.
    _touch(tmp_path, "elsewhere/x/index.html", "site/cases/a/index.html")
    (tmp_path / "site" / "cases" / "linked").symlink_to(tmp_path / "elsewhere")
    assert remove_stale(tmp_path / "site", ["cases"], set()) == ["cases/a/index.html"]
    assert (tmp_path / "elsewhere" / "x" / "index.html").is_file()
    assert (tmp_path / "site" / "cases" / "linked").is_symlink()
    assert not (tmp_path / "site" / "cases" / "a").exists()
