"""Per-item content keys: encryption at rest, crypto-shredding, and the master key."""

from __future__ import annotations

import base64
import os
from pathlib import Path
from uuid import uuid4

import pytest
from cryptography.exceptions import InvalidTag


from feedback.bootstrap import bootstrap
from feedback.config import ConfigError, Settings
from feedback.keystore import KeyStore, load_master_key
from feedback.tables import SideTables

WORDS = "我想要一个秋千 🎠"


@pytest.fixture
def keys() -> KeyStore:
    tables = SideTables()
    return KeyStore(tables, os.urandom(32))


def test_words_are_sealed_and_open_again_with_the_items_key(keys: KeyStore) -> None:
    owner = uuid4()
    sealed = keys.encrypt(owner, WORDS)
    assert WORDS.encode() not in sealed
    assert keys.decrypt(owner, sealed) == WORDS


def test_each_item_has_its_own_key(keys: KeyStore) -> None:
    first, second = uuid4(), uuid4()
    sealed = keys.encrypt(first, WORDS)
    keys.encrypt(second, WORDS)
    assert keys.key_for(first) != keys.key_for(second)
    with pytest.raises(InvalidTag):
        keys.decrypt(second, sealed)


def test_destroying_the_key_erases_the_words(keys: KeyStore) -> None:
    owner = uuid4()
    sealed = keys.encrypt(owner, WORDS)
    assert keys.destroy(owner) is True
    assert keys.decrypt(owner, sealed) is None
    assert keys.destroy(owner) is False


def test_after_erasure_new_words_are_not_sealed_with_a_fresh_key(keys: KeyStore) -> None:
    owner = uuid4()
    sealed = keys.encrypt(owner, WORDS)
    keys.destroy(owner)
    assert keys.encrypt(owner, "a comment after erasure") is None
    assert keys.key_for(owner, create=True) is None
    assert keys.decrypt(owner, sealed) is None


def test_the_key_is_wrapped_so_another_master_key_cannot_open_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/feedback.sqlite"
    first, second = bootstrap(Settings(database_url=url)).suggestions, bootstrap(Settings(database_url=url)).suggestions
    owner = uuid4()
    sealed = first.keys.encrypt(owner, WORDS)
    stranger = KeyStore(second.tables, os.urandom(32))
    try:
        assert second.keys.decrypt(owner, sealed) == WORDS
        with pytest.raises(InvalidTag):
            stranger.decrypt(owner, sealed)
    finally:
        first.close()
        second.close()


def test_the_embedded_master_key_is_made_once_beside_the_database(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/db/feedback.sqlite")
    first = load_master_key(settings)
    key_file = tmp_path / "db" / "feedback.master.key"
    assert key_file.exists()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert load_master_key(settings) == first and len(first) == 32


def test_a_master_key_from_the_environment_is_used_as_given() -> None:
    key = os.urandom(32)
    for text in (base64.urlsafe_b64encode(key).decode(), base64.urlsafe_b64encode(key).decode().rstrip("=")):
        assert load_master_key(Settings(database_url="memory://", master_key=text)) == key


@pytest.mark.parametrize("text", ["short", base64.urlsafe_b64encode(bytes(range(16))).decode(), "!!!!"])
def test_a_master_key_that_is_not_32_bytes_is_a_configuration_error(text: str) -> None:
    with pytest.raises(ConfigError, match="FEEDBACK_MASTER_KEY"):
        load_master_key(Settings(database_url="memory://", master_key=text))
