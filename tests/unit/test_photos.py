"""Evidence photos are re-encoded: upright, without metadata, size-limited; anything else is refused clearly."""

from __future__ import annotations

import pytest

from feedback.errors import InvalidInput
from feedback.photos import MAX_SIDE, MAX_UPLOAD_BYTES, reencode
from tests.support.images import GPS_IFD, ORIENTATION, gif, jpeg, opened, png


def test_a_phones_photo_loses_its_gps_and_every_exif_tag() -> None:
    sent = jpeg(gps=True)
    assert GPS_IFD in opened(sent).getexif()
    kept = reencode(sent, "street.jpg")
    image = opened(kept.data)
    assert kept.media_type == "image/jpeg" and image.format == "JPEG"
    assert len(image.getexif()) == 0 and "exif" not in image.info
    assert b"PhoneMaker" not in kept.data


def test_a_photo_taken_sideways_is_turned_upright_before_its_orientation_tag_is_dropped() -> None:
    kept = reencode(jpeg(64, 32, orientation=6), "sideways.jpg")  # 6: the camera was turned a quarter
    image = opened(kept.data)
    assert (image.width, image.height) == (32, 64) == (kept.width, kept.height)
    assert ORIENTATION not in image.getexif()


def test_a_png_stays_a_png_without_its_text_chunks() -> None:
    kept = reencode(png(text="taken at 12 Tongfeng Road"), "map.png")
    assert kept.media_type == "image/png" and opened(kept.data).format == "PNG"
    assert b"Tongfeng" not in kept.data and opened(kept.data).text == {}


def test_a_large_photo_is_shrunk_to_the_longest_side_kept() -> None:
    kept = reencode(jpeg(MAX_SIDE * 2, MAX_SIDE), "wide.jpg")
    assert (kept.width, kept.height) == (MAX_SIDE, MAX_SIDE // 2)


def test_the_digest_and_size_are_of_the_bytes_kept() -> None:
    import hashlib

    kept = reencode(png(alpha=True), "see-through.png")
    assert kept.size == len(kept.data) and kept.digest == hashlib.sha256(kept.data).hexdigest()
    assert opened(kept.data).mode == "RGBA"


@pytest.mark.parametrize(("data", "name", "says"), [
    (b"", "empty.jpg", "is empty"),
    (b"%PDF-1.4 not a photo at all", "report.jpg", "is not a JPEG or PNG photo"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "drawing.png", "is not a JPEG or PNG photo"),
    (gif(), "moving.gif", "is not a JPEG or PNG photo"),
    (jpeg(200, 200)[:400], "cut.jpg", "is damaged or cut short"),
    (png(200, 200)[:80], "cut.png", "is damaged or cut short"),
    (b"\xff\xd8\xff" + b"\0" * (MAX_UPLOAD_BYTES + 1), "huge.jpg", "is larger than 5 MB"),
])
def test_a_file_that_is_not_a_whole_jpeg_or_png_photo_is_refused_with_its_reason(data: bytes, name: str,
                                                                                   says: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        reencode(data, name)
    assert says in str(refused.value) and name in str(refused.value)
    assert "photos" in refused.value.fields


def test_a_decompression_bomb_is_refused_before_it_is_decoded() -> None:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, "PNG")  # 81 million pixels in a few kilobytes
    with pytest.raises(InvalidInput) as refused:
        reencode(out.getvalue(), "bomb.png")
    assert "too many pixels" in str(refused.value)
