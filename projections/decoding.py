"""Reading stored events for the projections: the domain's own events, built with less work.

The read models need the same event objects the application's mapper makes (their
handlers dispatch on the event class and read its fields), but not the mapper's
way of making them: this decoder parses the JSON with msgspec, turns the library's
``{"_type_", "_data_"}`` objects back into values with the application's own
transcodings, and leaves a child's words encrypted until a handler reads them.
Aggregates keep the mapper: nothing here is used to rebuild the domain's state
for a command. ``tests/integration/test_projection_decoding.py`` replays logs both
ways and compares every read-model row.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.persistence import JSONTranscoder, find_id_convertor
from eventsourcing.utils import resolve_topic

from domain.content import PrivateText
from feedback.transcodings import shared_uuid


class SealedWords(PrivateText):
    """A child's words as a projection reads them: decrypted the first time a handler asks.

    Most read models never look at the words, and a rebuild shared among processes
    gives some processes none that do: those never pay for the decryption.
    """

    _sealed: str
    _keys: Any

    def __init__(self, owner: UUID, sealed: str, keys: Any) -> None:
        object.__setattr__(self, "owner", owner)
        object.__setattr__(self, "_sealed", sealed)
        object.__setattr__(self, "_keys", keys)

    @property
    def text(self) -> str | None:
        words = self.__dict__.get("_words", _UNREAD)
        if words is _UNREAD:
            words = self._keys.decrypt(self.owner, base64.b64decode(self._sealed))
            object.__setattr__(self, "_words", words)
        return words

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PrivateText):
            return NotImplemented
        return (self.owner, self.text) == (other.owner, other.text)

    def __hash__(self) -> int:
        return hash((self.owner, self.text))

    def __repr__(self) -> str:
        return f"PrivateText(owner={self.owner!r}, text={self.text!r})"


_UNREAD = object()


class EventDecoder:
    """Turn stored events into domain events for the read models (see the module's docstring)."""

    def __init__(self, app: Any) -> None:
        self.mapper = app.mapper
        transcoder = self.mapper.transcoder
        # Only where the mapper does nothing but JSON: with a cipher or compressor, or another transcoder, use it.
        self.usable = isinstance(transcoder, JSONTranscoder) and not self.mapper.cipher and not self.mapper.compressor
        self.transcodings = dict(getattr(transcoder, "names", {}))
        keys = getattr(app, "keys", None)
        if keys is not None and "private_text" in self.transcodings:
            self.transcodings["private_text"] = _SealedWordsTranscoding(keys)
        self.classes: dict[str, tuple[type, Any, int]] = {}
        self.json = msgspec.json.Decoder()

    def decode(self, notifications: Sequence[Any]) -> list[Any]:
        """Return the domain event of each stored event, in order."""
        if not self.usable:
            return [self.mapper.to_domain_event(n) for n in notifications]
        return [self.event(n) for n in notifications]

    def event(self, stored: Any) -> Any:
        known = self.classes.get(stored.topic)
        if known is None:
            known = self.classes[stored.topic] = self._class(stored)
        cls, convert_id, class_version = known
        try:
            state = self._values(self.json.decode(stored.state))
        except (msgspec.DecodeError, KeyError):  # JSON msgspec refuses (NaN), or a type we do not know: the mapper says
            return self.mapper.to_domain_event(stored)
        # From here on, what the mapper does: the id's type, the version, the upcasts, no __init__.
        state["originator_id"] = convert_id(stored.originator_id)
        state["originator_version"] = stored.originator_version
        from_version = state.pop("class_version", 1)
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        event: Any = object.__new__(cls)
        object.__setattr__(event, "__dict__", state)
        return event

    @staticmethod
    def _class(stored: Any) -> tuple[type, Any, int]:
        """Return an event class, the convertor of its ids and its version (looked up once per topic)."""
        cls = resolve_topic(stored.topic)
        id_type: Any = type(stored.originator_id)
        return cls, find_id_convertor(cls, id_type), getattr(cls, "class_version", 1)

    def _values(self, state: dict[str, Any]) -> dict[str, Any]:
        """Decode the ``{"_type_", "_data_"}`` objects of an event's state, innermost first (as the JSON hook would).

        Most are fields of the event itself with a string inside (ids, times): those take no recursion.
        """
        transcodings = self.transcodings
        for key, value in state.items():
            kind = type(value)
            if kind is dict:
                if len(value) == 2 and "_type_" in value and "_data_" in value:
                    data = value["_data_"]
                    if type(data) is dict or type(data) is list:
                        data = self._nested(data)
                    state[key] = transcodings[value["_type_"]].decode(data)
                else:
                    state[key] = self._nested(value)
            elif kind is list:
                state[key] = self._nested(value)
        return state

    def _nested(self, obj: Any) -> Any:
        if type(obj) is dict:
            for key, value in obj.items():
                kind = type(value)
                if kind is dict or kind is list:
                    obj[key] = self._nested(value)
            if len(obj) == 2 and "_type_" in obj and "_data_" in obj:
                return self.transcodings[obj["_type_"]].decode(obj["_data_"])
            return obj
        return [self._nested(item) if type(item) in (dict, list) else item for item in obj]


class _SealedWordsTranscoding:
    """Read ``private_text`` as :class:`SealedWords` (its writing side is the application's)."""

    def __init__(self, keys: Any) -> None:
        self.keys = keys

    def decode(self, data: dict[str, Any]) -> PrivateText:
        owner = shared_uuid(str(data["owner"]))
        sealed = data["sealed"]
        return PrivateText(owner, None) if sealed is None else SealedWords(owner, sealed, self.keys)


def domain_decoder(app: Any) -> Any:
    """Return a decoder that uses the application's own mapper (what the read models used before)."""
    mapper = app.mapper
    return lambda notifications: [mapper.to_domain_event(n) for n in notifications]
