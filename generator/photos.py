"""Publishing patient photos without the metadata (EXIF, GPS, comments) they carry."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps


def clean_photo(path: Path) -> tuple[bytes, str]:
    """Return the photo re-encoded from its pixels alone, and its file extension.

    The orientation EXIF tag is applied to the pixels first, so the photo still stands upright
    once every tag is gone.

    Args:
        path: A JPEG or PNG file.

    Returns:
        The cleaned image bytes and ``"jpg"`` or ``"png"``.
    """
    with Image.open(path) as original:
        upright = ImageOps.exif_transpose(original)
        is_png = original.format == "PNG"
    # Rebuilding from raw pixels drops every chunk and segment but the image data.
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    if upright.mode == "P":
        clean.putpalette(upright.getpalette() or [])
    out = io.BytesIO()
    if is_png:
        clean.save(out, format="PNG", optimize=True)
        return out.getvalue(), "png"
    if clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    clean.save(out, format="JPEG", quality=88)
    return out.getvalue(), "jpg"
