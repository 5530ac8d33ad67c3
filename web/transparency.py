"""The transparency page: the seal's current head, published so outsiders can keep copies."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template

from web.extensions import audit_desk

bp = Blueprint("transparency", __name__)


def head_document() -> dict[str, Any]:
    head = audit_desk().head()
    return {
        "position": head.position,
        "hash": head.hash,
        "head": str(head),
        "algorithm": "sha256(previous link || position (8 bytes, big-endian) || sha256(event))",
        "verify": f"feedback audit verify --head {head}",
    }


@bp.get("/transparency")
def page() -> Any:
    """Show the head of the audit chain and how anyone can check the log against it."""
    return render_template("transparency/page.html", head=head_document())


@bp.get("/api/v1/transparency/head")
def head() -> Any:
    """Return the head of the audit chain as JSON."""
    return jsonify(head_document())
