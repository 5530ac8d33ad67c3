"""Photos made in the tests: a JPEG with GPS and a turned camera, a PNG with a text chunk, and broken files."""

from __future__ import annotations

import io

from PIL import Image, PngImagePlugin

ORIENTATION, GPS_IFD = 0x0112, 0x8825


def jpeg(width: int = 64, height: int = 32, *, orientation: int | None = None, gps: bool = False,
         colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """Return a JPEG; ``orientation`` and ``gps`` put those EXIF tags in (a phone's photo)."""
    image = Image.new("RGB", (width, height), colour)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (31.0, 23.0, 10.0), 3: "E", 4: (120.0, 57.0, 30.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def png(width: int = 40, height: int = 20, *, text: str = "", alpha: bool = False) -> bytes:
    """Return a PNG, with a text chunk when ``text`` is given."""
    image = Image.new("RGBA" if alpha else "RGB", (width, height), (10, 120, 200, 128) if alpha else (10, 120, 200))
    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Comment", text)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, "GIF")
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image
