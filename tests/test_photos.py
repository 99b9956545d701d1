"""Photos are checked in full, published without metadata, only with consent, from cases/."""

from __future__ import annotations

import builtins
import io
import os
import random
import re
import struct
import threading
import zlib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image, ImageCms, ImageFile

from generator.content.load import load_case
from generator.content.photos import (
    MAX_PIXELS,
    PhotoError,
    clean_photo,
    clean_photo_widths,
    photo_problem,
)
from tests.conftest import built_files, copy_site, edit_case, run_mkdocs
from tests.factories import valid_case

GPS_IFD = 0x8825
ORIENTATION = 0x0112
SECRET = "Clinic camera 7, 51.5074 N"


def _photo_with_metadata(
    path: Path, *, fmt: str = "JPEG", orientation: int = 1, size: tuple[int, int] = (40, 20)
) -> None:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretMaker"  # Make
    exif[0x0110] = SECRET  # Model
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = f"<x:xmpmeta>{SECRET}</x:xmpmeta>"
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Comment", SECRET)
        info.add_itxt("XML:com.adobe.xmp", xmp)
        image.save(path, format="PNG", exif=exif, pnginfo=info, icc_profile=icc)
    else:
        image.save(
            path,
            format="JPEG",
            exif=exif,
            comment=SECRET.encode(),
            icc_profile=icc,
            xmp=xmp.encode(),
        )


def _assert_clean(data: bytes) -> None:
    """Fail unless ``data`` is an image holding pixels and nothing of the original's metadata."""
    assert SECRET.encode() not in data
    for marker in (b"SecretMaker", b"Exif", b"ICC_PROFILE", b"iCCP", b"xmpmeta", b"tEXt", b"iTXt"):
        assert marker not in data, marker
    with Image.open(io.BytesIO(data)) as cleaned:
        assert not cleaned.getexif()
        assert set(cleaned.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}


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
    _assert_clean(data)
    with Image.open(io.BytesIO(data)) as cleaned:
        assert cleaned.size == (40, 20)


def test_clean_photo_keeps_the_photo_upright(tmp_path: Path) -> None:
    source = tmp_path / "rotated.jpg"
    _photo_with_metadata(source, orientation=6)  # "rotate 90° clockwise to display"
    data, _ = clean_photo(source)
    with Image.open(io.BytesIO(data)) as cleaned:
        assert cleaned.size == (20, 40)


# --- published in a few widths --------------------------------------------------------------

WIDTHS = (320, 480, 640, 960)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_every_width_is_cleaned_and_no_wider_than_its_name(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / f"p.{fmt.lower()}"
    _photo_with_metadata(source, fmt=fmt, size=(1600, 1200))
    photo = clean_photo_widths(source, reversed(WIDTHS))
    assert photo.extension == ("png" if fmt == "PNG" else "jpg")
    assert [(copy.width, copy.height) for copy in photo.scaled] == [
        (320, 240), (480, 360), (640, 480), (960, 720)
    ]  # fmt: skip
    for copy in photo.scaled:
        _assert_clean(copy.data)
        with Image.open(io.BytesIO(copy.data)) as image:
            assert image.format == fmt
            assert image.size == (copy.width, copy.height)


def test_a_photo_is_never_scaled_up(tmp_path: Path) -> None:
    source = tmp_path / "narrow.jpg"
    _photo_with_metadata(source, size=(500, 250))
    photo = clean_photo_widths(source, WIDTHS)
    assert [(copy.width, copy.height) for copy in photo.scaled] == [
        (320, 160),
        (480, 240),
        (500, 250),
    ]
    assert photo.at_most(960).width == photo.at_most(640).width == 500
    assert photo.at_most(480).width == 480 and photo.at_most(100).width == 320


def test_scaled_photos_stand_upright(tmp_path: Path) -> None:
    source = tmp_path / "rotated.jpg"
    _photo_with_metadata(source, orientation=6, size=(400, 200))  # upright: 200 x 400
    photo = clean_photo_widths(source, (100, 480))
    assert [(copy.width, copy.height) for copy in photo.scaled] == [(100, 200), (200, 400)]


def test_scaled_photos_are_the_same_bytes_every_time(tmp_path: Path) -> None:
    source = tmp_path / "noise.png"
    source.write_bytes(_noise("PNG", (900, 600)))
    first = clean_photo_widths(source, WIDTHS)
    assert clean_photo_widths(source, WIDTHS) == first


def test_clean_photo_widths_decodes_the_photo_once(cases: Path, decodes: list[str]) -> None:
    (cases / "x.jpg").write_bytes(_noise("JPEG", (700, 500)))
    photo = clean_photo_widths(cases / "x.jpg", WIDTHS)
    assert decodes == ["JPEG"] and [c.width for c in photo.scaled] == [320, 480, 640, 700]


@pytest.mark.parametrize("widths", [(), (0, 320), (-5,)])
def test_clean_photo_widths_needs_widths_of_a_pixel_or_more(
    cases: Path, widths: tuple[int, ...]
) -> None:
    (cases / "x.jpg").write_bytes(_noise("JPEG"))
    with pytest.raises(ValueError, match="photo widths must be at least 1 pixel"):
        clean_photo_widths(cases / "x.jpg", widths)


@pytest.mark.parametrize(("mode", "scaled_mode"), [("1", "L"), ("P", "RGB")])
def test_palette_and_one_bit_photos_are_scaled_smoothly(
    tmp_path: Path, mode: str, scaled_mode: str
) -> None:
    # Pillow would scale these by nearest neighbour: a fine black and white pattern would stay
    # black and white, instead of the grey it looks from afar.
    grid = Image.frombytes(
        "L", (200, 200), bytes((x + y) % 2 * 255 for y in range(200) for x in range(200))
    )
    source = tmp_path / "grid.png"
    grid.convert(mode).save(source, format="PNG")
    (copy,) = clean_photo_widths(source, (20,)).scaled
    with Image.open(io.BytesIO(copy.data)) as image:
        assert image.mode == scaled_mode
        grey = image.convert("L").tobytes()
        assert min(grey) >= 96 and max(grey) <= 160


def test_cmyk_jpeg_is_published_as_rgb(tmp_path: Path) -> None:
    source = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (400, 300), (0, 200, 200, 0)).save(source, format="JPEG")
    for copy in clean_photo_widths(source, (320, 640)).scaled:
        with Image.open(io.BytesIO(copy.data)) as image:
            assert (image.mode, image.size) == ("RGB", (copy.width, copy.height))


def test_clean_photo_widths_refuses_over_the_limit_without_decoding(
    cases: Path, decodes: list[str]
) -> None:
    path = _solid_png(cases / "x.png", 7000, 7000)
    with pytest.raises(PhotoError, match=r"is 49\.0 megapixels; the limit is 40"):
        clean_photo_widths(path, WIDTHS)
    assert decodes == []


# --- in a real build ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, with a 1600 x 1200 photo full of metadata for leila-a-c8, built."""
    site = copy_site(tmp_path_factory.mktemp("photo") / "site-root")
    (site / "cases" / "photos").mkdir()
    _photo_with_metadata(site / "cases" / "photos" / "leila.jpg", size=(1600, 1200))
    edit_case(site, "leila-a-c8", _with_photo("photos/leila.jpg"))
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return site


class _Images(HTMLParser):
    """The attributes of every case photo on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "img" and "photo" in found.get("class", ""):
            self.found.append(found)


def _case_photos(site_dir: Path, page: str) -> list[dict[str, str]]:
    parser = _Images()
    parser.feed((site_dir / page / "index.html").read_text(encoding="utf-8"))
    return parser.found


def test_published_photo_has_no_metadata(photo_site: Path) -> None:
    folder = photo_site / "site" / "cases" / "leila-a-c8"
    published = sorted(p.name for p in folder.iterdir() if p.suffix in (".jpg", ".png"))
    assert published == [f"photo-{width}.jpg" for width in WIDTHS]
    for name in published:
        data = (folder / name).read_bytes()
        _assert_clean(data)
        with Image.open(folder / name) as image:
            width = int(name.removeprefix("photo-").removesuffix(".jpg"))
            assert image.size == (width, width * 3 // 4)
    # The original is not published anywhere, under its own name or at full size.
    assert not list((photo_site / "site").rglob("leila.jpg"))
    assert not list((photo_site / "site").rglob("photo.jpg"))


@pytest.mark.parametrize(
    ("page", "css", "lazy"),
    [
        ("cases/leila-a-c8", "cb-case-photo", False),
        ("cases", "cb-card-photo", True),
        ("cases/country/fr", "cb-card-photo", True),
    ],
)
def test_built_pages_offer_every_width(photo_site: Path, page: str, css: str, lazy: bool) -> None:
    site_dir = photo_site / "site"
    (image,) = _case_photos(site_dir, page)
    assert image["class"] == css and image["alt"] == "Photo of Leila A."
    assert image["decoding"] == "async" and image["sizes"]
    assert ("loading" in image) is lazy and image.get("loading", "lazy") == "lazy"
    # Every candidate resolves, from the page's address, to a file of the width it claims.
    candidates = [entry.split(" ") for entry in image["srcset"].split(", ")]
    assert len(candidates) == 2
    for url, descriptor in candidates:
        with Image.open(site_dir / page / url) as copy:
            assert f"{copy.width}w" == descriptor
    with Image.open(site_dir / page / image["src"]) as default:
        assert (image["width"], image["height"]) == (str(default.width), str(default.height))
    assert image["src"] == candidates[0][0]


def test_two_builds_with_a_photo_are_byte_identical(photo_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = run_mkdocs(photo_site, "build", "--strict", "--site-dir", str(again))
    assert result.returncode == 0, result.stderr
    first, second = built_files(photo_site / "site"), built_files(again)
    assert "cases/leila-a-c8/photo-960.jpg" in first
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


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


# --- checking photos in full when a case is loaded --------------------------------------------

FIFO_TIMEOUT = 10


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """A cases folder with an empty photos/ folder in it."""
    (tmp_path / "cases" / "photos").mkdir(parents=True)
    return tmp_path / "cases"


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every image Pillow decodes (by format) from now on.

    A spy rather than tracemalloc: Pillow allocates pixels with C malloc, which tracemalloc
    never sees, so a memory assertion there could not fail.
    """
    seen: list[str] = []
    real_load = ImageFile.ImageFile.load

    def load(self: ImageFile.ImageFile) -> Any:
        if self.tile:  # pixels still to decode; later calls only return the loaded image
            seen.append(str(self.format))
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return seen


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every path opened through ``os.open`` or ``open`` from now on."""
    seen: list[Path] = []
    real_os_open, real_open = os.open, builtins.open

    def os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        seen.append(Path(path))
        return real_os_open(path, *args, **kwargs)

    def any_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike):
            seen.append(Path(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", any_open)
    return seen


def _noise(fmt: str, size: tuple[int, int] = (60, 40)) -> bytes:
    """Return a small image in ``fmt`` whose pixel data fills most of the file."""
    width, height = size
    pixels = random.Random(7).randbytes(width * height * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(out, format=fmt)
    return out.getvalue()


def _solid_png(path: Path, width: int, height: int) -> Path:
    """Write a black 1-bit PNG without ever holding its pixels (Pillow would: 1 byte each)."""
    row = b"\x00" + bytes((width + 7) // 8)  # filter "none", then the packed pixels
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, grey
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body)
    path.write_bytes(png + chunk(b"IEND", b""))
    return path


def _within_timeout(check: Callable[[], str | None], fifo: Path) -> str | None:
    """Run ``check`` in a thread; fail, without hanging, if it blocks reading ``fifo``."""
    results: list[str | None] = []
    thread = threading.Thread(target=lambda: results.append(check()), daemon=True)
    thread.start()
    thread.join(FIFO_TIMEOUT)
    if thread.is_alive():
        # A writer arriving ends the blocked open (then reads EOF), so the thread can finish.
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(FIFO_TIMEOUT)
        pytest.fail(f"the check blocked opening the pipe {fifo}")
    assert len(results) == 1
    return results[0]


@pytest.mark.parametrize(("name", "fmt"), [("photos/x.jpg", "JPEG"), ("photos/x.png", "PNG")])
def test_valid_photo_is_accepted_and_decoded(
    cases: Path, decodes: list[str], name: str, fmt: str
) -> None:
    (cases / name).write_bytes(_noise(fmt))
    assert photo_problem(cases, name) is None
    assert decodes == [fmt]


def test_clean_photo_decodes_the_photo_once(cases: Path, decodes: list[str]) -> None:
    (cases / "x.jpg").write_bytes(_noise("JPEG"))
    data, extension = clean_photo(cases / "x.jpg")
    assert extension == "jpg" and decodes == ["JPEG"]
    with Image.open(io.BytesIO(data)) as cleaned:
        assert cleaned.size == (60, 40)


def test_truncated_jpeg_is_refused(cases: Path) -> None:
    whole = _noise("JPEG")
    (cases / "photos" / "x.jpg").write_bytes(whole[: len(whole) // 2])
    message = photo_problem(cases, "photos/x.jpg")
    # The count depends on the JPEG library; the rest of the message does not.
    assert message is not None
    assert re.fullmatch(
        r"'photos/x\.jpg' is damaged or truncated \(image file is truncated "
        r"\(\d+ bytes not processed\)\); save it again",
        message,
    )


def test_truncated_png_is_refused(cases: Path) -> None:
    whole = _noise("PNG")
    (cases / "photos" / "x.png").write_bytes(whole[: len(whole) // 2])
    assert photo_problem(cases, "photos/x.png") == (
        "'photos/x.png' is damaged or truncated (image file is truncated); save it again"
    )


@pytest.mark.parametrize(
    ("width", "height", "megapixels"),
    [
        (8001, 5000, "40.1"),  # rounded up: never "40.0 megapixels; the limit is 40"
        (7000, 7000, "49.0"),
        (11000, 11000, "121.0"),  # Pillow's DecompressionBombWarning range
    ],
)
def test_photo_over_the_limit_is_refused_before_decoding(
    cases: Path, decodes: list[str], width: int, height: int, megapixels: str
) -> None:
    path = _solid_png(cases / "photos" / "x.png", width, height)
    assert path.stat().st_size < 200_000  # megabytes once decoded, kilobytes on disk
    assert photo_problem(cases, "photos/x.png") == (
        f"'photos/x.png' is {megapixels} megapixels; the limit is 40 (scale it down)"
    )
    assert decodes == []


def test_pillow_warns_of_the_121_megapixel_photo(cases: Path) -> None:
    # So the case above does exercise the warning, which pytest turns into an error.
    path = _solid_png(cases / "x.png", 11000, 11000)
    with pytest.warns(Image.DecompressionBombWarning), Image.open(path):
        pass


def test_photo_at_the_limit_is_accepted(cases: Path, decodes: list[str]) -> None:
    _solid_png(cases / "photos" / "x.png", 8000, 5000)
    assert MAX_PIXELS == 8000 * 5000
    assert photo_problem(cases, "photos/x.png") is None
    assert decodes == ["PNG"]


@pytest.mark.slow  # writes a 400-megapixel header and checks it
def test_decompression_bomb_gets_the_size_message(cases: Path, decodes: list[str]) -> None:
    path = _solid_png(cases / "photos" / "bomb.png", 20000, 20000)
    assert path.stat().st_size < 200_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(path)  # beyond Pillow's own limit, so this takes Pillow's error path
    assert photo_problem(cases, "photos/bomb.png") == (
        "'photos/bomb.png' is more than 178.9 megapixels; the limit is 40 (scale it down)"
    )
    assert decodes == []


def test_fifo_named_like_a_photo_is_refused_without_opening_it(
    cases: Path, opened: list[Path]
) -> None:
    fifo = cases / "photos" / "photo.jpg"
    os.mkfifo(fifo)
    message = _within_timeout(lambda: photo_problem(cases, "photos/photo.jpg"), fifo)
    assert message == (
        "'photos/photo.jpg' is a named pipe, not a photo file; name the JPEG or PNG file itself"
    )
    assert opened == []


def test_fifo_swapped_in_after_the_check_is_refused_without_blocking(
    cases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # lstat reports a regular file, as if the pipe replaced the photo just after it was checked.
    fifo = cases / "photo.jpg"
    os.mkfifo(fifo)
    regular = cases / "regular.jpg"
    regular.write_bytes(_noise("JPEG"))
    real_lstat = os.lstat

    def lstat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        return real_lstat(regular if Path(path) == fifo else path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", lstat)
    message = _within_timeout(lambda: photo_problem(cases, "photo.jpg"), fifo)
    assert message == (
        "'photo.jpg' is a named pipe, not a photo file; name the JPEG or PNG file itself"
    )


def test_folder_named_like_a_photo_is_refused(cases: Path, opened: list[Path]) -> None:
    (cases / "photos" / "x.jpg").mkdir()
    assert photo_problem(cases, "photos/x.jpg") == (
        "'photos/x.jpg' is a folder, not a photo file; name the JPEG or PNG file itself"
    )
    assert opened == []


def test_the_open_spy_sees_a_photo_opened(cases: Path, opened: list[Path]) -> None:
    (cases / "x.jpg").write_bytes(_noise("JPEG"))
    assert photo_problem(cases, "x.jpg") is None
    assert opened == [cases / "x.jpg"]


def test_path_through_a_file_does_not_exist(cases: Path) -> None:
    (cases / "notes.jpg").write_bytes(_noise("JPEG"))
    assert photo_problem(cases, "notes.jpg/x.jpg") == (
        "'notes.jpg/x.jpg' does not exist in the cases folder"
    )


def test_unreadable_photo_is_refused(cases: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: the tests may run as root, who reads any file whatever its permissions.
    (cases / "x.jpg").write_bytes(_noise("JPEG"))

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    assert photo_problem(cases, "x.jpg") == (
        "'x.jpg' cannot be read (Permission denied); check its permissions"
    )


@pytest.mark.parametrize(
    ("photo", "shown"),
    [
        ("photos/a\x00.jpg", r"'photos/a\x00.jpg'"),
        ("photos/a\n.jpg", r"'photos/a\n.jpg'"),
        ("photos/a\x85.jpg", r"'photos/a\x85.jpg'"),
    ],
)
def test_control_character_in_the_path_is_refused(cases: Path, photo: str, shown: str) -> None:
    (cases / "photos" / "a.jpg").write_bytes(_noise("JPEG"))
    assert photo_problem(cases, photo) == (
        f"{shown} contains a control character (such as NUL, a tab or a line break); "
        "name the photo with printable characters only"
    )


def test_clean_photo_refuses_over_the_limit_without_decoding(
    cases: Path, decodes: list[str]
) -> None:
    path = _solid_png(cases / "x.png", 7000, 7000)
    with pytest.raises(PhotoError) as refused:
        clean_photo(path)
    assert (
        str(refused.value) == f"{str(path)!r} is 49.0 megapixels; the limit is 40 (scale it down)"
    )
    assert isinstance(refused.value, ValueError)
    assert decodes == []


def test_clean_photo_refuses_a_damaged_file_with_its_message(cases: Path) -> None:
    whole = _noise("PNG")
    path = cases / "x.png"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(PhotoError) as refused:
        clean_photo(path)
    assert str(refused.value) == (
        f"{str(path)!r} is damaged or truncated (image file is truncated); save it again"
    )


def test_clean_photo_refuses_a_fifo_without_blocking(cases: Path) -> None:
    fifo = cases / "x.jpg"
    os.mkfifo(fifo)

    def clean() -> str | None:
        with pytest.raises(PhotoError) as refused:
            clean_photo(fifo)
        return str(refused.value)

    assert _within_timeout(clean, fifo) == (
        f"{str(fifo)!r} is a named pipe, not a photo file; name the JPEG or PNG file itself"
    )


def test_corrupt_exif_tag_does_not_stop_the_photo_being_turned(cases: Path) -> None:
    # The Make tag renumbered as XResolution, a number holding text: Pillow's exif_transpose
    # fails rewriting the EXIF block, which we drop anyway.
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Clinic"  # Make
    exif[ORIENTATION] = 6
    Image.new("RGB", (40, 20), "teal").save(out, format="JPEG", exif=exif)
    make = b"\x01\x0f\x00\x02"  # big-endian entry: tag 0x010F, type ASCII
    assert out.getvalue().count(make) == 1
    (cases / "x.jpg").write_bytes(out.getvalue().replace(make, b"\x01\x1a\x00\x02"))
    assert photo_problem(cases, "x.jpg") is None
    data, _ = clean_photo(cases / "x.jpg")
    with Image.open(io.BytesIO(data)) as cleaned:
        assert cleaned.size == (20, 40)


@pytest.mark.slow  # 600 corruptions
@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_corrupted_photos_are_refused_or_cleaned_never_crash(cases: Path, fmt: str) -> None:
    # Whatever the bytes, validation answers, and the build cleans whatever validation accepts.
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Clinic"
    exif[ORIENTATION] = 6
    Image.frombytes("RGB", (24, 16), random.Random(3).randbytes(24 * 16 * 3)).save(
        out, format=fmt, exif=exif
    )
    whole = out.getvalue()
    chance = random.Random(fmt)
    path = cases / f"x.{fmt.lower()}"
    for _ in range(300):
        data = bytearray(whole)
        for _ in range(chance.randint(1, 3)):
            data[chance.randrange(len(data))] = chance.randrange(256)
        path.write_bytes(bytes(data[: chance.choice([len(data), chance.randrange(len(data))])]))
        message = photo_problem(cases, path.name)
        if message is None:
            clean_photo(path)
        else:
            assert message.startswith(f"{path.name!r} is ")


# --- through load_case: a located problem at patient.photo ------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_case_naming_a_truncated_photo_gets_a_located_problem(tmp_path: Path, fmt: str) -> None:
    cases = tmp_path / "cases"
    (cases / "photos").mkdir(parents=True)
    name = f"photos/maya.{'jpg' if fmt == 'JPEG' else 'png'}"
    whole = _noise(fmt)
    (cases / name).write_bytes(whole[: len(whole) // 2])
    data = valid_case()
    data["patient"]["photo"] = name
    data["consent"]["scope"].append("photo")
    path = cases / "maya-r-t11.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    sourced, problems = load_case(path, "cases/maya-r-t11.yml")
    assert sourced is None
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.path, problem.field) == ("cases/maya-r-t11.yml", "patient.photo")
    assert path.read_text().splitlines()[problem.line - 1][problem.column - 1 :] == name
    assert problem.message.startswith(f"{name!r} is damaged or truncated (image file is truncated")
    assert problem.message.endswith("); save it again")


def test_case_naming_a_photo_path_with_nul_gets_a_problem_not_an_exception(
    tmp_path: Path,
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    data = valid_case()
    data["patient"]["photo"] = "photos/maya\x00.jpg"
    data["consent"]["scope"].append("photo")
    path = cases / "maya-r-t11.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert '"photos/maya\\0.jpg"' in path.read_text()  # YAML's own escape for NUL

    # The text fields refuse it first today; photo_problem would too (tested above).
    sourced, problems = load_case(path, "cases/maya-r-t11.yml")
    assert sourced is None
    assert [p.field for p in problems] == ["patient.photo"]
    assert "control character" in problems[0].message
