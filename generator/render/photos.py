"""How case photos are shown: the widths published, and the responsive image each page writes.

Each photo is published in a few widths (:data:`WIDTHS`). A case page offers the browser the
widths meant for it (:data:`PAGE`), a card the narrower ones (:data:`CARD`), with ``srcset``
and ``sizes``, so a phone and a desktop each fetch about the pixels they show. The ``sizes``
follow the widths that ``theme/assets/stylesheets/casebook-photos.css`` gives the photos.

MkDocs rewrites an image's ``src`` to the URL of the built page but never its ``srcset``, so
``srcset`` is written as the browser resolves it: from the page's URL, which depends on
MkDocs' ``use_directory_urls``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from generator.catalog.addresses import page_address, photo_uri
from generator.content.fields import ID_PATTERN
from generator.content.photos import CleanPhoto

_ID_RE = re.compile(ID_PATTERN)
PHOTO_NAME_RE = re.compile(r"^photo-[1-9][0-9]{0,4}\.(jpg|png)$")
# What a photo's address may be once made relative: steps up, case ids, one published name.
# It goes into attribute values unescaped, so nothing else may pass.
_ADDRESS_RE = re.compile(r"^(\.\./)*([a-z0-9]+(-[a-z0-9]+)*/)*photo-[1-9][0-9]{0,4}\.(jpg|png)$")


@dataclass(frozen=True)
class PhotoRole:
    """Where a photo is shown, and how wide.

    Attributes:
        widths: The published widths offered, narrowest first; the first is the ``src``.
        sizes: The ``sizes`` attribute: how wide the photo is shown, by viewport width.
        lazy: Whether the browser may wait to fetch it until it nears the viewport.
    """

    widths: tuple[int, ...]
    sizes: str
    lazy: bool


# Measured in Chromium on the sample site: a card is one column below 680 px of viewport (the
# photo 66 px narrower than the viewport), two columns up to 1220 px (about half, less 54 px;
# less still once the table of contents shows at 960 px), then 306 px beside both sidebars
# (337 px from 1600 px, where Material enlarges its rem).
CARD = PhotoRole(
    widths=(320, 640),
    sizes="(max-width: 679px) calc(100vw - 66px), (max-width: 1219px) calc(50vw - 54px), 320px",
    lazy=True,
)
# The case photo is 360 px wide, or the column (32 px narrower than the viewport) on a phone.
# Not lazy: it sits under the first heading, in view on a desktop (590 px down at 1280 x 800),
# where a lazy load would only delay it.
PAGE = PhotoRole(
    widths=(480, 960), sizes="(max-width: 391px) calc(100vw - 32px), 360px", lazy=False
)
WIDTHS = tuple(sorted({*CARD.widths, *PAGE.widths}))


@dataclass(frozen=True)
class ShownPhoto:
    """A photo as a template writes it: ``![alt]({{ src }}){ .class {{ attributes }} }``.

    Attributes:
        src: The default copy, relative to the page in the docs tree (MkDocs rewrites it).
        attributes: ``width``, ``height``, ``srcset``, ``sizes``, ``loading`` and ``decoding``
            in attribute-list syntax (which is HTML attribute syntax too).
        url: The default copy, relative to the page's URL: what finished HTML links to.
    """

    src: Markup
    attributes: Markup
    url: Markup


def shown_photo(
    case_id: str, photo: CleanPhoto, role: PhotoRole, page: str, directory_urls: bool = True
) -> ShownPhoto:
    """Return how ``page`` shows a case's photo in ``role``.

    Args:
        case_id: The case whose photo it is.
        photo: The photo's published copies.
        role: Where the page shows it: :data:`CARD` or :data:`PAGE`.
        page: The page's path in the docs tree, such as ``cases/index.md``.
        directory_urls: MkDocs' ``use_directory_urls``: whether ``cases/x.md`` is served at
            ``cases/x/`` (the default) or at ``cases/x.html``.

    Raises:
        ValueError: ``case_id`` is not an id.
    """
    if not _ID_RE.match(case_id):
        raise ValueError(f"not an id: {case_id!r}")
    # A narrow original gives one copy for several widths; offer it once.
    by_width = {copy.width: copy for copy in map(photo.at_most, role.widths)}
    copies = [by_width[width] for width in sorted(by_width)]
    uris = [photo_uri(case_id, photo.extension, copy.width) for copy in copies]
    docs_folder = posixpath.dirname(page) or "."
    url_folder = posixpath.dirname(page_address(page) if directory_urls else page) or "."
    srcset = ", ".join(
        f"{_relative(uri, url_folder)} {copy.width}w"
        for uri, copy in zip(uris, copies, strict=True)
    )
    default = copies[0]
    attributes = [
        f'width="{default.width}"',
        f'height="{default.height}"',
        f'srcset="{srcset}"',
        f'sizes="{role.sizes}"',
        *(['loading="lazy"'] if role.lazy else []),
        'decoding="async"',
    ]
    return ShownPhoto(
        Markup(_relative(uris[0], docs_folder)),
        Markup(" ".join(attributes)),
        Markup(_relative(uris[0], url_folder)),
    )


def shown_photos(
    photos: Mapping[str, CleanPhoto], role: PhotoRole, page: str, directory_urls: bool = True
) -> dict[str, ShownPhoto]:
    """Return :func:`shown_photo` of every case in ``photos``, by case id."""
    return {
        case_id: shown_photo(case_id, photo, role, page, directory_urls)
        for case_id, photo in photos.items()
    }


def page_photo(
    case_id: str, photos: Mapping[str, CleanPhoto], page: str, directory_urls: bool = True
) -> ShownPhoto | None:
    """Return how a case's own ``page`` shows its photo, or ``None`` when it has none."""
    photo = photos.get(case_id)
    return None if photo is None else shown_photo(case_id, photo, PAGE, page, directory_urls)


def _relative(uri: str, folder: str) -> str:
    address = posixpath.relpath(uri, folder)
    if not _ADDRESS_RE.match(address):
        raise ValueError(f"not a published photo address: {address!r}")
    return address
