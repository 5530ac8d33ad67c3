"""Tracking codes: short, readable aloud, unguessable, forgiving of how they are typed; references: random."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.codes import (
    ALPHABET,
    LENGTH,
    InvalidCode,
    InvalidRef,
    format_code,
    item_id_for,
    new_code,
    new_ref,
    normalise_code,
    normalise_ref,
)

KEY = bytes(range(32))

CODE = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")
raw_codes = st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH)


def test_a_new_code_looks_like_two_groups_of_four_unambiguous_symbols() -> None:
    for _ in range(200):
        assert CODE.match(new_code())


def test_the_alphabet_has_32_symbols_a_child_cannot_misread() -> None:
    assert len(set(ALPHABET)) == len(ALPHABET) == 32
    assert not set("01OI") & set(ALPHABET)
    assert ALPHABET == ALPHABET.upper()


def test_a_code_carries_40_random_bits() -> None:
    assert LENGTH * math.log2(len(ALPHABET)) == 40


def test_new_codes_use_the_whole_alphabet_in_every_position_and_do_not_repeat() -> None:
    codes = [new_code().replace("-", "") for _ in range(2000)]
    assert len(set(codes)) == len(codes)
    for position in range(LENGTH):
        assert {code[position] for code in codes} == set(ALPHABET)


@pytest.mark.parametrize(
    "typed",
    ["K7QM-4XW2", "k7qm-4xw2", "K7QM4XW2", "k7qm4xw2", " k7qm 4xw2 ", "K7 QM-4X W2", "k7qm_4xw2", "K7QM\u30004XW2"],
)
def test_however_a_code_is_typed_it_names_the_same_item(typed: str) -> None:
    assert normalise_code(typed) == "K7QM-4XW2"
    assert item_id_for(typed, KEY) == item_id_for("K7QM-4XW2", KEY)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "K7QM",
        "K7QM-4XW",
        "K7QM-4XW2A",
        "K7QM-4XW0",  # zero
        "K7QM-4XWO",  # the letter O
        "K7QM-4XW1",  # one
        "K7QM-4XWI",  # the letter I
        "K7QM\u20134XW2",  # an en dash is not a dash we strip
        "K7QM-4XW!",
        "秋千秋千-秋千秋千",
    ],
)
def test_text_that_cannot_be_a_code_is_refused(typed: str) -> None:
    with pytest.raises(InvalidCode):
        normalise_code(typed)
    with pytest.raises(InvalidCode):
        item_id_for(typed, KEY)


def test_different_codes_name_different_items() -> None:
    assert item_id_for("K7QM-4XW2", KEY) != item_id_for("K7QM-4XW3", KEY)


def test_an_items_id_depends_on_the_secret_key_not_only_on_the_code() -> None:
    # Without the key, no search over the 2**40 codes leads from an id back to its code.
    assert item_id_for("K7QM-4XW2", KEY) != item_id_for("K7QM-4XW2", bytes(32))


def test_a_new_reference_is_ten_hex_digits_drawn_at_random() -> None:
    refs = [new_ref() for _ in range(2000)]
    assert all(re.fullmatch("[0-9A-F]{10}", ref) for ref in refs)
    assert len(set(refs)) == len(refs)
    for position in range(10):
        assert {ref[position] for ref in refs} == set("0123456789ABCDEF")


@pytest.mark.parametrize("typed", ["3f2a9c01b4", " 3F2A-9C01-B4 ", "3F2A9C01B4"])
def test_however_a_reference_is_typed_it_reads_the_same(typed: str) -> None:
    assert normalise_ref(typed) == "3F2A9C01B4"


@pytest.mark.parametrize("typed", ["", "3F2A9C01B", "3F2A9C01B4A", "K7QM-4XW2", "K7QM4XW2", "3F2A9C01BG"])
def test_a_code_or_other_text_is_not_a_reference(typed: str) -> None:
    with pytest.raises(InvalidRef):
        normalise_ref(typed)


@given(raw_codes)
def test_any_code_round_trips_through_normalisation(raw: str) -> None:
    code = format_code(raw)
    assert CODE.match(code)
    assert normalise_code(code) == code
    assert normalise_code(raw.lower()) == code
    assert item_id_for(raw.lower(), KEY) == item_id_for(code, KEY)


@given(raw_codes, st.integers(min_value=0, max_value=LENGTH - 1), st.sampled_from("01OI!#"))
def test_any_code_with_a_misreadable_symbol_is_refused(raw: str, position: int, bad: str) -> None:
    with pytest.raises(InvalidCode):
        normalise_code(raw[:position] + bad + raw[position + 1 :])
