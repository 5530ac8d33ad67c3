"""The official previews the answer the child will read, then shows the work with links and photos; erasure removes them."""

from __future__ import annotations

import io
import re
from typing import Any

from PIL import Image

from domain.actors import Actor
from domain.values import Status
from tests.e2e.staff_browser import Browser, item_at, ref_of, signed_in
from tests.support.images import GPS_IFD, jpeg, png

EVIDENCE = "新斑马线已画好，照片见 https://jtj.ks.gov.cn/news/2026/crossing.html。javascript:alert(1)"
NOTE_AT_40 = "图纸画好了，正在备料"


def catch_up(site: Any) -> None:
    site.extensions["projector"].catch_up()


def words_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def child_answer(page: str) -> str:
    """Return the words of the answer card as the child reads it."""
    found = re.search(r'<section class="card answer child-answer".*?</section>', page, re.S)
    assert found, "no answer card on the page"
    return words_of(found.group(0))


def photo_urls(page: str) -> list[str]:
    return re.findall(r'<img src="([^"]+/photos/[0-9a-f]{32})"', page)


def send(person: Browser, action: str, files: list[tuple[bytes, str]], status: int | None = None,
         **values: Any) -> str:
    """Send a step's form with photos attached, as a browser sends a file input."""
    form = person.form(action)
    data: dict[str, Any] = form.filled(**values)
    data[form.name_for("photos")] = [(io.BytesIO(content), name) for content, name in files]
    response = person.client.post(form.action, data=data, content_type="multipart/form-data")
    if response.status_code in (302, 303):
        return person.get(response.headers["Location"])
    return person._read(response, status)


def test_an_official_previews_the_answer_and_implements_with_a_photo_that_the_child_sees(site: Any,
                                                                                       seeded: Any) -> None:
    app = seeded.app
    code = item_at(app, "forwarded")
    ref = ref_of(app, code)
    olga = signed_in(site, "olga")
    olga.get(f"/staff/items/{ref}")
    before = app.get_suggestion(code).version

    form = olga.form("/answer")
    pressed = {**form.filled(decision="adopted", response="已列入2027年预算。",
                             explanation="好消息！路口会画一条新的斑马线。"), "preview": "1"}  # the Preview button
    olga._read(olga.client.post(form.action, data=pressed), 200)
    assert "Preview: what the child will read" in olga.text()
    assert app.get_suggestion(code).version == before  # nothing was saved
    previewed = child_answer(olga.page)
    assert "好消息！路口会画一条新的斑马线。" in previewed and "大人们想告诉你" in previewed  # our words, in the child's language
    olga.submit("/answer")  # the form kept what was typed: send it as it is
    assert app.get_suggestion(code).status is Status.ANSWERED

    child = site.test_client()
    page = child.get(f"/track/{code}").get_data(as_text=True)
    assert child_answer(page) == previewed

    send(olga, "/progress", [(png(), "plan.png")], percent=40, note=NOTE_AT_40)
    send(olga, "/implemented", [(jpeg(gps=True), "crossing.jpg")], evidence=EVIDENCE)
    item = app.get_suggestion(code)
    assert item.status is Status.IMPLEMENTED and len(item.done_photos) == len(item.progress_photos) == 1

    staff_page = olga.get(f"/staff/items/{ref}")
    beside = words_of(re.search(r'<dd class="progress-now">.*?</dd>', staff_page, re.S).group(0))
    assert beside.startswith("100% — 新斑马线已画好") and NOTE_AT_40 not in beside
    link = '<a href="https://jtj.ks.gov.cn/news/2026/crossing.html" rel="noopener noreferrer nofollow"'
    assert link in staff_page and 'href="javascript' not in staff_page
    staff_photos = photo_urls(staff_page)
    assert len(staff_photos) == 2
    done_url = f"/staff/items/{ref}/photos/{item.done_photos[0].id.hex}"
    assert done_url in staff_photos
    served = olga.client.get(done_url)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff" and "no-store" in served.headers["Cache-Control"]
    assert GPS_IFD not in Image.open(io.BytesIO(served.data)).getexif()

    page = child.get(f"/track/{code}").get_data(as_text=True)
    card = re.search(r'<section class="card progress-card".*?</section>', page, re.S).group(0)
    assert link in card and NOTE_AT_40 not in card
    (child_photo,) = photo_urls(card)
    assert child_photo == f"/track/{code}/photos/{item.done_photos[0].id.hex}"
    assert child.get(child_photo).data == served.data

    catch_up(site)
    board = site.test_client().get("/you-said-we-did").get_data(as_text=True)
    assert link in board
    (board_photo,) = photo_urls(board)
    public = site.test_client().get(board_photo)
    assert public.status_code == 200 and public.data == served.data
    assert public.headers["Cache-Control"] == "public, no-cache" and public.headers["ETag"]


def test_a_photo_is_refused_to_whoever_may_not_see_its_item(site: Any, seeded: Any) -> None:
    app, evidence = seeded.app, seeded.services.evidence
    from feedback.photos import reencode

    code, other = item_at(app, "in_progress"), item_at(app, "in_progress")
    ref = ref_of(app, code)
    evidence.attach(code, [reencode(jpeg(), "a.jpg")], Actor.staff("olga"))
    photo = app.get_suggestion(code).photos[0].id.hex
    eddie = signed_in(site, "eddie")  # an official of another body
    assert eddie.client.get(f"/staff/items/{ref}/photos/{photo}").status_code == 403
    anyone = site.test_client()
    assert anyone.get(f"/staff/items/{ref}/photos/{photo}").status_code in (302, 401)
    assert anyone.get(f"/track/{other}/photos/{photo}").status_code == 404  # another child's code
    assert anyone.get(f"/track/{code}/photos/not-a-photo").status_code == 404
    assert anyone.get("/you-said-we-did/photos/" + "0" * 32).status_code == 404
    assert signed_in(site, "audrey").client.get(f"/staff/items/{ref}/photos/{photo}").status_code == 200


def test_erasure_stops_every_photo_being_served(site: Any, seeded: Any) -> None:
    app, evidence = seeded.app, seeded.services.evidence
    from feedback.photos import reencode

    code = item_at(app, "implemented")
    ref = ref_of(app, code)
    evidence.attach(code, [reencode(jpeg(), "a.jpg")], Actor.staff("olga"))
    photo = app.get_suggestion(code).photos[0].id.hex
    catch_up(site)
    urls = [f"/track/{code}/photos/{photo}", "/you-said-we-did/photos/" + photo]
    olga = signed_in(site, "olga")
    assert olga.client.get(f"/staff/items/{ref}/photos/{photo}").status_code == 200
    assert all(site.test_client().get(url).status_code == 200 for url in urls)

    asked = site.test_client().get(f"/track/{code}/erase").get_data(as_text=True)
    assert "大人们为你的想法添加的照片也会一起删除。" in asked  # the child is told before choosing
    seeded.services.privacy.erase(code, Actor.child(), "the child asked")
    catch_up(site)

    assert olga.client.get(f"/staff/items/{ref}/photos/{photo}").status_code == 404
    assert all(site.test_client().get(url).status_code == 404 for url in urls)
    assert photo_urls(site.test_client().get(f"/track/{code}").get_data(as_text=True)) == []
    assert photo_urls(site.test_client().get("/you-said-we-did").get_data(as_text=True)) == []


def test_a_file_that_is_not_a_photo_is_refused_in_the_officials_language_and_nothing_changes(site: Any,
                                                                                            seeded: Any) -> None:
    app = seeded.app
    code = item_at(app, "in_progress")
    ref = ref_of(app, code)
    olga = signed_in(site, "olga")
    olga.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    olga.client.set_cookie("lang", "zh-Hans")
    olga.get(f"/staff/items/{ref}")
    before = app.get_suggestion(code).version
    send(olga, "/implemented", [(b"%PDF-1.4 a report", "report.jpg")], status=422, evidence="完工")
    assert "文件 report.jpg 不是 JPEG 或 PNG 照片。" in olga.text()
    assert app.get_suggestion(code).version == before


def test_a_preview_of_an_answer_without_words_for_the_child_shows_what_is_missing_instead(site: Any,
                                                                                           seeded: Any) -> None:
    app = seeded.app
    code = item_at(app, "forwarded")
    olga = signed_in(site, "olga")
    olga.get(f"/staff/items/{ref_of(app, code)}")
    form = olga.form("/answer")
    pressed = {**form.filled(decision="adopted", response="Funded."), "preview": "1"}
    olga._read(olga.client.post(form.action, data=pressed), 422)
    assert "Write what the child will read" in olga.text() and "Preview: what the child will read" not in olga.text()
    assert app.get_suggestion(code).status is Status.FORWARDED


def test_a_photo_larger_than_5_mb_is_refused_on_the_form(site: Any, seeded: Any) -> None:
    app = seeded.app
    code = item_at(app, "in_progress")
    olga = signed_in(site, "olga")
    olga.get(f"/staff/items/{ref_of(app, code)}")
    big = jpeg() + b"\0" * (5 * 1024 * 1024)
    send(olga, "/progress", [(big, "huge.jpg")], status=422, percent=50, note="half")
    assert "The photo huge.jpg is larger than 5 MB: send a smaller one." in olga.text()
    assert app.get_suggestion(code).progress == 40
