"""Checking patient photos in full, and publishing them without their metadata.

A case may name a photo (``patient.photo``, a path inside ``cases/``). :func:`photo_problem`
runs whenever a case is loaded (``validate`` and every build) and checks everything the build
will later rely on: the path, that it is a regular file, that it is a JPEG or PNG, its size, and
that every pixel decodes. :func:`clean_photo_widths` then re-encodes the pixels alone, scaled
down to each width a page shows, so EXIF, GPS tags, ICC profiles and comments never reach the
site (:func:`clean_photo` does the same at full size).

Memory is bounded by :data:`MAX_PIXELS`, checked from the image header before any pixel is
decoded. A file's size on disk says nothing about its decoded size: a PNG of one solid colour
compresses about a thousand to one, so 350 KB can hold 120 megapixels. Pillow keeps decoded
pixels uncompressed, 4 bytes a pixel for colour (RGB is padded to 32 bits) and 1 for grey, so
a 40-megapixel colour photo takes 160 MB once decoded. The check holds one such copy; the
re-encode holds at most two at once plus the encoder's buffers: about 320 MB at the limit
(measured for 8000 x 5000 photos: RGB and CMYK JPEG, turned by EXIF or not, and RGBA PNG).
Scaling down to the widths the site publishes stays within that for RGB and CMYK JPEG; a
photo with transparency takes one more full-size copy for a moment, while Pillow premultiplies
its alpha (measured: 375 MB for an 8000 x 5000 RGBA PNG). The copies themselves, under a
thousand pixels wide, are small beside those.
40 megapixels is well above what cameras and phones save by default (12 to 24) and far above
what a case page shows.
"""

from __future__ import annotations

import io
import math
import os
import stat
import struct
import unicodedata
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import ExifTags, Image, ImageFile, UnidentifiedImageError

MAX_PIXELS = 40_000_000

# The full-size copy keeps the quality it always had. Scaled copies are shown at about their
# own size, where 82 is hard to tell from 88 and saves a fifth to a quarter of the bytes
# (measured at 320 to 960 pixels wide).
_FULL_JPEG_QUALITY = 88
_SCALED_JPEG_QUALITY = 82
_SMOOTH_MODES = {"1": "L", "P": "RGB", "PA": "RGBA"}

_FORMATS = ["JPEG", "PNG"]
# Never wait on a pipe that replaced the file since it was checked; never follow a late link.
_NO_WAIT: int = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
# What Pillow raises on a damaged file; anything else is a bug we want to see.
_DAMAGE = (OSError, ValueError, EOFError, SyntaxError, IndexError, struct.error, zlib.error)
_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)
_TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class PhotoError(ValueError):
    """A photo that cannot be published; the message names it and says what to do."""


def photo_problem(cases_dir: Path, photo: str) -> str | None:
    """Return why ``photo`` cannot be published, or ``None`` when it can.

    Every pixel is decoded, so a damaged file is reported here rather than failing the build.
    Only regular files are opened: a pipe named like a photo would block the read forever.

    Args:
        cases_dir: The ``cases/`` folder.
        photo: The path as written in the case file, relative to ``cases_dir``.

    Returns:
        A message starting with ``repr(photo)`` and saying what to do, or ``None``.
    """
    shown = repr(photo)
    if any(unicodedata.category(char) == "Cc" for char in photo):
        return (
            f"{shown} contains a control character (such as NUL, a tab or a line break); "
            "name the photo with printable characters only"
        )
    candidate = cases_dir / photo
    problem = _place_problem(cases_dir, candidate, shown)
    if problem is not None:
        return problem
    try:
        with _verified(candidate, shown):
            return None
    except PhotoError as exc:
        return str(exc)


@dataclass(frozen=True)
class ScaledPhoto:
    """One published width of a cleaned photo.

    Attributes:
        width: Its width in pixels.
        height: Its height in pixels, in the proportions of the original.
        data: The encoded image: pixels only, no metadata.
    """

    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class CleanPhoto:
    """A photo re-encoded from its pixels alone, at every width the site shows it.

    Attributes:
        extension: ``"jpg"`` or ``"png"``, the format of the original.
        scaled: One image per width, narrowest first, none wider than the original.
    """

    extension: str
    scaled: tuple[ScaledPhoto, ...]

    def at_most(self, width: int) -> ScaledPhoto:
        """Return the widest copy no wider than ``width``, else the narrowest copy."""
        fitting = [copy for copy in self.scaled if copy.width <= width]
        return fitting[-1] if fitting else self.scaled[0]


def clean_photo(path: Path) -> tuple[bytes, str]:
    """Return the photo re-encoded from its pixels alone, and its file extension.

    The EXIF orientation is applied to the pixels first, so the photo still stands upright
    once every tag is gone.

    Args:
        path: A JPEG or PNG file, already accepted by :func:`photo_problem`.

    Returns:
        The cleaned image bytes and ``"jpg"`` or ``"png"``.

    Raises:
        PhotoError: The file fails a check of :func:`photo_problem` (it changed since, or was
            never checked): not a regular JPEG or PNG file, over :data:`MAX_PIXELS`, or damaged.
    """
    clean, is_png = _upright(path)
    return _encoded(clean, is_png, _FULL_JPEG_QUALITY), "png" if is_png else "jpg"


def clean_photo_widths(path: Path, widths: Iterable[int]) -> CleanPhoto:
    """Return the photo re-encoded from its pixels alone, scaled down to each of ``widths``.

    The photo is decoded once, stood upright as :func:`clean_photo` does, and never scaled up:
    a width beyond the original's gives the original's, so a narrow photo may yield fewer
    copies than ``widths``. The same file and widths always give the same bytes.

    Args:
        path: A JPEG or PNG file, already accepted by :func:`photo_problem`.
        widths: The widths wanted, in pixels; each at least 1.

    Returns:
        The cleaned copies, narrowest first.

    Raises:
        ValueError: No width was given, or one is below 1.
        PhotoError: As for :func:`clean_photo`.
    """
    wanted = sorted(set(widths))
    if not wanted or wanted[0] < 1:
        raise ValueError(f"photo widths must be at least 1 pixel: {wanted!r}")
    clean, is_png = _upright(path)
    # Rounded, never 0: a 4000 x 1 panorama still has a row at 320 pixels wide.
    sizes = [
        (width, max(1, round(clean.height * width / clean.width)))
        for width in sorted({min(w, clean.width) for w in wanted}, reverse=True)
    ]
    # Only the widest copy is scaled from the full photo; the others from that copy, which
    # takes a fraction of the time on a large photo and looks the same.
    widest = clean if sizes[0][0] == clean.width else _shrunk(_resizable(clean), sizes[0])
    del clean  # a 40-megapixel photo need not stay in memory while the rest are made
    source = _resizable(widest)
    copies = [widest, *(_shrunk(source, size) for size in sizes[1:])]
    scaled = [
        ScaledPhoto(copy.width, copy.height, _encoded(copy, is_png, _SCALED_JPEG_QUALITY))
        for copy in reversed(copies)
    ]
    return CleanPhoto("png" if is_png else "jpg", tuple(scaled))


def _upright(path: Path) -> tuple[Image.Image, bool]:
    clean, turn, is_png = _pixels_only(path)
    return (clean if turn is None else clean.transpose(turn)), is_png


def _resizable(image: Image.Image) -> Image.Image:
    # Pillow scales palette and 1-bit images by nearest neighbour, which turns a photo to
    # noise. CMYK scales well, and only the small copies are converted to RGB.
    mode = _SMOOTH_MODES.get(image.mode)
    return image if mode is None else image.convert(mode)


def _shrunk(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    # reducing_gap first averages whole blocks of pixels: a 40-megapixel photo scales down
    # quickly and without a second full-size copy, and Lanczos then finishes the last step.
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encoded(image: Image.Image, is_png: bool, quality: int) -> bytes:
    # Nothing but the pixels is passed to the encoder: no exif, icc_profile, pnginfo or
    # comment, so the file holds no metadata beyond what the format itself requires.
    out = io.BytesIO()
    if is_png:
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()


def _pixels_only(path: Path) -> tuple[Image.Image, Image.Transpose | None, bool]:
    # Returning frees the decoded original, so at most two copies of the pixels ever coexist.
    with _verified(path, repr(str(path))) as (original, turn):
        # A new image holds pixels and palette only: every chunk, segment and tag stays behind.
        clean = Image.new(original.mode, original.size)
        clean.paste(original)
        if original.mode == "P":
            clean.putpalette(original.getpalette() or [])
        return clean, turn, original.format == "PNG"


def _place_problem(cases_dir: Path, candidate: Path, shown: str) -> str | None:
    # A symlink could publish any file on the machine; refuse it anywhere along the path.
    for part in [candidate, *candidate.parents]:
        if part == cases_dir or part in cases_dir.parents:
            break
        if part.is_symlink():
            return f"{shown} is or passes through a symbolic link; copy the photo instead"
    if not candidate.resolve().is_relative_to(cases_dir.resolve()):
        return f"{shown} leaves the cases folder"
    return None


@contextmanager
def _verified(
    path: Path, shown: str
) -> Iterator[tuple[ImageFile.ImageFile, Image.Transpose | None]]:
    """Yield the fully decoded photo and the turn that stands it upright.

    Raises:
        PhotoError: For any file :func:`photo_problem` refuses after checking the path.
    """
    with _open_regular(path, shown) as handle, _identified(handle, shown) as image:
        yield image, _decoded(image, shown)


def _open_regular(path: Path, shown: str) -> BinaryIO:
    try:
        # lstat first: opening a pipe or a device to find out what it is can block or act.
        _require_regular(os.lstat(path).st_mode, shown)
        handle = os.fdopen(os.open(path, os.O_RDONLY | _NO_WAIT), "rb")
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise PhotoError(f"{shown} does not exist in the cases folder") from exc
    except OSError as exc:
        raise PhotoError(f"{shown} cannot be read ({exc.strerror}); check its permissions") from exc
    try:
        # Swapped for a pipe since lstat? _NO_WAIT made the open return; refuse it now.
        _require_regular(os.fstat(handle.fileno()).st_mode, shown)
    except PhotoError:
        handle.close()
        raise
    return handle


def _require_regular(mode: int, shown: str) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "a special file")
        raise PhotoError(f"{shown} is {kind}, not a photo file; name the JPEG or PNG file itself")


def _identified(handle: BinaryIO, shown: str) -> ImageFile.ImageFile:
    try:
        with warnings.catch_warnings():
            # Pillow warns from 89 megapixels, far above MAX_PIXELS, which refuses with a clearer
            # message; its other warnings are about metadata the build throws away.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            warnings.simplefilter("ignore", UserWarning)
            image = Image.open(handle, formats=_FORMATS)
    except Image.DecompressionBombError as exc:
        # Pillow refuses from twice its warning size without telling the image's size.
        ceiling = math.floor(2 * (Image.MAX_IMAGE_PIXELS or 0) / 1e5) / 10
        raise PhotoError(_too_large(shown, f"more than {ceiling:.1f}")) from exc
    except UnidentifiedImageError as exc:
        raise PhotoError(f"{shown} is not a JPEG or PNG image") from exc
    except _DAMAGE as exc:
        raise PhotoError(_damaged(shown, exc)) from exc
    pixels = image.width * image.height
    if pixels > MAX_PIXELS:
        image.close()
        # Rounded up: a photo just over the limit must not read as "40.0 megapixels".
        megapixels = math.ceil(pixels / 1e5) / 10
        raise PhotoError(_too_large(shown, f"{megapixels:.1f}"))
    return image


def _decoded(image: ImageFile.ImageFile, shown: str) -> Image.Transpose | None:
    # Decoding every pixel, and reading the orientation, is all the build does that can fail.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            image.load()
            orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    except _DAMAGE as exc:
        raise PhotoError(_damaged(shown, exc)) from exc
    # A corrupt tag can hold any type; such a photo is shown as it was taken.
    return _TURNS.get(orientation) if isinstance(orientation, int) else None


def _too_large(shown: str, megapixels: str) -> str:
    limit = MAX_PIXELS // 1_000_000
    return f"{shown} is {megapixels} megapixels; the limit is {limit} (scale it down)"


def _damaged(shown: str, exc: BaseException) -> str:
    return f"{shown} is damaged or truncated ({exc}); save it again"
