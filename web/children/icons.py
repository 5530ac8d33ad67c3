"""Pictures drawn as inline SVG, so every phone, tablet and printer shows the same (no emoji fonts needed).

Each picture is decoration beside words that say the same (``aria-hidden``), except a face
standing for a rating, which carries its own name (``face(value, name)``).
"""

from __future__ import annotations

from markupsafe import Markup, escape

_OPEN = ('<svg class="icon icon-{name}" viewBox="0 0 24 24" width="24" height="24" fill="none" '
         'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
         'aria-hidden="true" focusable="false">')


def _icon(name: str, body: str) -> Markup:
    return Markup(_OPEN.format(name=name) + body + "</svg>")


def _path(d: str) -> str:
    return f'<path d="{d}"/>'


_BODIES = {
    "ruler": '<rect x="2" y="7" width="20" height="10" rx="1.5"/>' + _path("M6 7v4M10 7v3M14 7v4M18 7v3"),
    "idea": _path("M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9V16h7v-2.1A6 6 0 0 0 12 3z"),
    "search": '<circle cx="11" cy="11" r="7"/>' + _path("M16.5 16.5 21 21"),
    "hospital": '<rect x="3" y="3" width="18" height="18" rx="3"/>' + _path("M12 7v10M7 12h10"),
    "home": _path("M3 11.5 12 4l9 7.5M5.5 10v10h13V10M10 20v-5h4v5"),
    "pin": _path("M12 21s-7-6.3-7-11a7 7 0 0 1 14 0c0 4.7-7 11-7 11z") + '<circle cx="12" cy="10" r="2.5"/>',
    "group": '<circle cx="9" cy="8" r="3"/><circle cx="17" cy="9" r="2.5"/>'
             + _path("M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6M15.5 14.2c3 .2 5.5 2.4 5.5 5.8"),
    "envelope": '<rect x="3" y="5" width="18" height="14" rx="2"/>' + _path("M3.5 6.5 12 13l8.5-6.5"),
    "eye": _path("M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z") + '<circle cx="12" cy="12" r="3"/>',
    "send": _path("M4 12h15M13 6l6 6-6 6"),
    "chat": _path("M4 5h16v11H10l-6 4z"),
    "gear": '<circle cx="12" cy="12" r="3.5"/>'
            + _path("M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9 7 7M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1"),
    "star": _path("M12 2.5l2.9 6 6.6.8-4.9 4.5 1.3 6.5L12 17.1l-5.9 3.2 1.3-6.5-4.9-4.5 6.6-.8z"),
    "stop": '<circle cx="12" cy="12" r="9"/>' + _path("M7.5 12h9"),
    "link": _path("M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"),
    "back": _path("M9 14 4 9l5-5M4 9h11a5 5 0 0 1 0 10h-3"),
    "heart": _path("M12 20s-8-5-8-11a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 9c0 6-8 11-8 11z"),
    "lock": '<rect x="5" y="11" width="14" height="10" rx="2"/>' + _path("M8 11V7a4 4 0 0 1 8 0v4"),
    "warning": _path("M12 3 22 20H2zM12 10v4.5M12 17.5v.5"),
    "info": '<circle cx="12" cy="12" r="9"/>' + _path("M12 8v.5M12 11v5.5"),
    "camera": '<rect x="3" y="7" width="18" height="13" rx="2"/><circle cx="12" cy="13.5" r="3.5"/>'
              + _path("M8 7l1.5-3h5L16 7"),
    "key": '<circle cx="8" cy="15" r="4"/>' + _path("M11 12l9-9M16 7l3 3"),
    "globe": '<circle cx="12" cy="12" r="9"/>' + _path("M3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18"),
    "pencil": _path("M4 20l4-1L19 8l-3-3L5 16zM14 7l3 3"),
    "ticket": _path("M3 6h18v4a2 2 0 0 0 0 4v4H3v-4a2 2 0 0 0 0-4zM14 6v12"),
    "phone": '<rect x="7" y="2" width="10" height="20" rx="2"/>' + _path("M11 18h2"),
    "trash": _path("M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13"),
    "question": '<circle cx="12" cy="12" r="9"/>' + _path("M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7M12 16.5v.5"),
    "again": _path("M4 12a8 8 0 0 1 14-5.3L20 9M20 4v5h-5M20 12a8 8 0 0 1-14 5.3L4 15M4 20v-5h5"),
    "scroll": _path("M6 3h9l4 4v14H6zM9 12h7M9 16h7M9 8h4"),
    "tree": _path("M12 2l6 8h-3.5l4.5 6H5l4.5-6H6zM12 16v6"),
    "bus": '<rect x="4" y="3" width="16" height="14" rx="2"/><circle cx="8" cy="19.5" r="1.5"/>'
           + '<circle cx="16" cy="19.5" r="1.5"/>' + _path("M4 10h16"),
    "shield": _path("M12 2.5l8 3v6c0 5-3.4 8.8-8 10.5-4.6-1.7-8-5.5-8-10.5v-6z"),
    "voice": _path("M3 10v4h4l6 5V5l-6 5zM17 8.5a5 5 0 0 1 0 7"),
    "sprout": _path("M12 21v-8M12 13c0-3.5-2.5-5.5-6.5-5.5 0 3.5 2.5 5.5 6.5 5.5zM12 13c0-3.5 2.5-5.5 6.5-5.5 0 3.5-2.5 5.5-6.5 5.5z"),
    "wave": _path("M7 11V5.5a1.5 1.5 0 0 1 3 0V11M10 10V4a1.5 1.5 0 0 1 3 0v6M13 10V5a1.5 1.5 0 0 1 3 0v7"
                  "M16 9.5a1.5 1.5 0 0 1 3 0V14a7 7 0 0 1-12.2 4.7L4 15a1.5 1.5 0 0 1 2.3-2L7 14"),
    "printer": _path("M6 9V3h12v6M6 18H4v-7h16v7h-2M7 14h10v7H7z"),
}

ICONS: dict[str, Markup] = {name: _icon(name, body) for name, body in _BODIES.items()}


def icon(name: str) -> Markup:
    """Return the picture called ``name`` (decoration: the words beside it say the same)."""
    return ICONS[name]


# Five faces, from very bad to great: a face colour, a mouth, and (for 1) a tear.
_FACE_FILLS = {1: "#f4a6a6", 2: "#f9c98b", 3: "#fde68a", 4: "#c5e1a5", 5: "#a5d6a7"}
_MOUTHS = {
    1: "M7.5 17.5c2.5-3 6.5-3 9 0",
    2: "M8 16.5c2-1.6 6-1.6 8 0",
    3: "M8 15.5h8",
    4: "M8 14.5c2 2.2 6 2.2 8 0",
    5: "M7 13.5h10c-.6 3.2-2.7 5-5 5s-4.4-1.8-5-5z",
}


def face(value: int | str, name: object = None) -> Markup:
    """Return face ``value`` (1-5); named ``name`` it is a picture in its own right, else decoration."""
    value = int(value)
    mouth_fill = "#7a3b00" if value == 5 else "none"
    tear = '<path d="M7 12.5c0 1 .7 1.8 1.5 1.8s1.5-.8 1.5-1.8L8.5 10z" fill="#4a90d9" stroke="none"/>' if value == 1 else ""
    shown = (f'role="img" aria-label="{escape(str(name))}"' if name is not None
             else 'aria-hidden="true" focusable="false"')
    return Markup(
        f'<svg class="face face-{value}" viewBox="0 0 24 24" width="48" height="48" {shown}>'
        f'<circle cx="12" cy="12" r="10.5" fill="{_FACE_FILLS[value]}" stroke="#5b4a2f" stroke-width="1.2"/>'
        '<circle cx="8.5" cy="9.5" r="1.3" fill="#3b2f1e"/><circle cx="15.5" cy="9.5" r="1.3" fill="#3b2f1e"/>'
        f'<path d="{_MOUTHS[value]}" stroke="#3b2f1e" stroke-width="1.4" stroke-linecap="round" fill="{mouth_fill}"/>'
        f"{tear}</svg>"
    )
