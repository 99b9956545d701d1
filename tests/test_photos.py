"""Photos are published without metadata, only with consent, and only from inside cases/."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from generator.photos import clean_photo
from tests.conftest import edit_case, run_mkdocs

GPS_IFD = 0x8825
ORIENTATION = 0x0112
SECRET = "Clinic camera 7, 51.5074 N"


def _photo_with_metadata(path: Path, *, fmt: str = "JPEG", orientation: int = 1) -> None:
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretMaker"  # Make
    exif[0x0110] = SECRET  # Model
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)})
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Comment", SECRET)
        image.save(path, format="PNG", exif=exif, pnginfo=info)
    else:
        image.save(path, format="JPEG", exif=exif, comment=SECRET.encode())


def _with_photo(photo: str) -> Callable[[dict[str, Any]], None]:
    """Return a case edit that adds ``photo`` with the consent to show it."""

    def change(data: dict[str, Any]) -> None:
        data["patient"]["photo"] = photo
        data["consent"]["scope"] = [*data["consent"]["scope"], "photo"]

    return change


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_clean_photo_drops_every_metadata_block(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / f"p.{fmt.lower()}"
    _photo_with_metadata(source, fmt=fmt)
    assert SECRET.encode() in source.read_bytes()
    data, extension = clean_photo(source)
    assert extension == ("png" if fmt == "PNG" else "jpg")
    assert SECRET.encode() not in data
    assert b"SecretMaker" not in data and b"Exif" not in data
    with Image.open(io.BytesIO(data)) as cleaned:
        assert not cleaned.getexif()
        assert set(cleaned.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}
        assert cleaned.size == (40, 20)


def test_clean_photo_keeps_the_photo_upright(tmp_path: Path) -> None:
    source = tmp_path / "rotated.jpg"
    _photo_with_metadata(source, orientation=6)  # "rotate 90° clockwise to display"
    data, _ = clean_photo(source)
    with Image.open(io.BytesIO(data)) as cleaned:
        assert cleaned.size == (20, 40)


def test_published_photo_has_no_metadata(site: Path) -> None:
    (site / "cases" / "photos").mkdir()
    _photo_with_metadata(site / "cases" / "photos" / "leila.jpg")

    edit_case(site, "leila-a-c8", _with_photo("photos/leila.jpg"))
    result = run_mkdocs(site, "build")
    assert result.returncode == 0, result.stderr
    published = site / "site" / "cases" / "leila-a-c8" / "photo.jpg"
    assert SECRET.encode() not in published.read_bytes()
    with Image.open(published) as image:
        assert not image.getexif()
    assert "photo.jpg" in (site / "site" / "cases" / "leila-a-c8" / "index.html").read_text()
    # The original is not published anywhere under its own name.
    assert not list((site / "site").rglob("leila.jpg"))


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        ("../mkdocs.yml", "must be a path inside cases/"),
        ("/etc/passwd.jpg", "must be a path inside cases/"),
        ("photos/notes.txt", "must be a JPEG or PNG file"),
        ("photos/missing.jpg", "does not exist in the cases folder"),
        ("photos/link.jpg", "symbolic link"),
    ],
)
def test_bad_photo_paths_are_errors(site: Path, photo: str, message: str) -> None:
    photos = site / "cases" / "photos"
    photos.mkdir()
    _photo_with_metadata(site / "outside.jpg")
    (photos / "link.jpg").symlink_to(site / "outside.jpg")

    edit_case(site, "leila-a-c8", _with_photo(photo))
    result = run_mkdocs(site, "build")
    assert result.returncode != 0
    assert "cases/leila-a-c8.yml:" in result.stderr
    assert "patient.photo: " in result.stderr and message in result.stderr
    assert not (site / "site" / "cases").exists()


def test_photo_without_photo_consent_is_an_error(site: Path) -> None:
    (site / "cases" / "photos").mkdir()
    _photo_with_metadata(site / "cases" / "photos" / "leila.jpg")
    edit_case(site, "leila-a-c8", lambda d: d["patient"].update(photo="photos/leila.jpg"))
    result = run_mkdocs(site, "build")
    assert result.returncode != 0
    assert "patient.photo: needs 'photo' in consent.scope" in result.stderr
