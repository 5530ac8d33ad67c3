"""Read the text out of a PDF that Chromium printed (enough of PDF for Skia's output; no PDF library needed)."""

from __future__ import annotations

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*)endstream", re.S)
FONTS = re.compile(rb"/Font\s*<<(.*?)>>", re.S)
FONT_REF = re.compile(rb"/([A-Za-z0-9]+)\s+(\d+) 0 R")
TO_UNICODE = re.compile(rb"/ToUnicode\s+(\d+) 0 R")
SHOW = re.compile(rb"/([A-Za-z0-9]+)\s+[-\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[(.*?)\]\s*TJ|(ET)", re.S)


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(number): body for number, body in OBJECT.findall(pdf)}


def _stream(body: bytes) -> bytes:
    found = STREAM.search(body)
    if not found:
        return b""
    data = found.group(1)
    return zlib.decompressobj().decompress(data) if b"/FlateDecode" in body else data


def _unicode_map(cmap: bytes) -> tuple[int, dict[int, str]]:
    """Return the code width in bytes and the code → text map of a ToUnicode CMap."""
    width = 2 if re.search(rb"begincodespacerange\s*<[0-9A-Fa-f]{4}>", cmap) else 1
    table: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(target, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                table[code] = chr(first + offset)
    return width, table


def pdf_text(pdf: bytes) -> str:
    """Return the text a reader sees in ``pdf``, one line per text block."""
    objects = _objects(pdf)
    fonts: dict[bytes, tuple[int, dict[int, str]]] = {}
    for body in objects.values():
        for resource in FONTS.findall(body):
            for name, number in FONT_REF.findall(resource):
                unicode_ref = TO_UNICODE.search(objects.get(int(number), b""))
                if unicode_ref:
                    fonts[name] = _unicode_map(_stream(objects[int(unicode_ref.group(1))]))
    lines, line, font = [], "", (1, {})
    for body in objects.values():
        content = _stream(body) if b"stream" in body and b"/ToUnicode" not in body else b""
        for name, shown, array, end in SHOW.findall(content):
            if name:
                font = fonts.get(name, (1, {}))
            elif end:
                lines.append(line)
                line = ""
            else:
                for hexes in ([shown] if not array else re.findall(rb"<([0-9A-Fa-f]*)>", array)):
                    raw, (width, table) = bytes.fromhex(hexes.decode()), font
                    codes = [int.from_bytes(raw[i:i + width], "big") for i in range(0, len(raw), width)]
                    line += "".join(table.get(code, "") for code in codes)
    return "\n".join(part for part in lines if part)
