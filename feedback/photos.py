"""Evidence photos: an upload decoded, turned upright and re-encoded without any metadata.

What an official uploads is never kept as sent: the bytes are decoded by Pillow
(so a file is judged by what it is, not by its name), turned the way the camera
held it (EXIF orientation), shrunk to at most ``MAX_SIDE`` pixels a side and
saved again as JPEG or PNG with no EXIF, GPS, XMP, ICC or text chunks.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from feedback.errors import N_, InvalidInput

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # one photo as sent
MAX_PIXELS = 40_000_000  # a decoded photo larger than this is refused before it fills the memory
MAX_SIDE = 1600  # the kept photo's longest side, in pixels
JPEG_QUALITY = 85
KINDS = {"JPEG": "image/jpeg", "PNG": "image/png"}
FIELD = "photos"


@dataclass(frozen=True)
class Photo:
    """A photo ready to keep: its new bytes (no metadata) and what the event records of it."""

    data: bytes
    media_type: str
    width: int
    height: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def extension(self) -> str:
        return "png" if self.media_type == "image/png" else "jpg"


def refuse(message: str, **values: object) -> InvalidInput:
    return InvalidInput(message, {FIELD: message}, **values)


def reencode(upload: bytes, name: str = "") -> Photo:
    """Return the upload as a clean JPEG or PNG photo; refuse anything else, or too big, with a clear reason."""
    if not upload:
        raise refuse(N_("The file %(name)s is empty."), name=name)
    if len(upload) > MAX_UPLOAD_BYTES:
        raise refuse(N_("The photo %(name)s is larger than 5 MB: send a smaller one."), name=name)
    image = _decoded(upload, name)
    kind = image.format
    if kind not in KINDS:
        raise refuse(N_("The file %(name)s is not a JPEG or PNG photo."), name=name)
    try:
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((MAX_SIDE, MAX_SIDE))
        return _saved(upright, kind)
    except (OSError, ValueError, SyntaxError):
        raise refuse(N_("The photo %(name)s is damaged or cut short: it could not be read."), name=name) from None


def _decoded(upload: bytes, name: str) -> Image.Image:
    """Open and fully decode the upload (a truncated file fails here, not later)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(upload))
            if image.format not in KINDS:
                raise refuse(N_("The file %(name)s is not a JPEG or PNG photo."), name=name)
            if image.width * image.height > MAX_PIXELS:
                raise refuse(N_("The photo %(name)s has too many pixels: send a smaller one."), name=name)
            image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refuse(N_("The file %(name)s is not a JPEG or PNG photo."), name=name) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise refuse(N_("The photo %(name)s is damaged or cut short: it could not be read."), name=name) from None
    return image


def _saved(image: Image.Image, kind: str) -> Photo:
    """Save ``image`` anew: only its pixels (a new image carries no info, EXIF or ICC profile of the old)."""
    if kind == "JPEG":
        pixels = image.convert("RGB")
    else:
        pixels = image.convert("RGBA" if _has_alpha(image) else "RGB")
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    if kind == "JPEG":
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return Photo(out.getvalue(), KINDS[kind], clean.width, clean.height)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
