"""The one value normalizer of mentions and the folded key registries group names by."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.normalize.values import fold_key, mention_value, normalize_name

NAME = "Vụ Hợp tác quốc tế, Bộ Lao động - Thương binh và Xã hội"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (5000000.0, "5000000"),
        (2.5, "2.5"),
        (7, "7"),
        ("  Bộ\u00a0Nội   vụ ", "Bộ Nội vụ"),
        (unicodedata.normalize("NFD", "Bộ Nội vụ"), "Bộ Nội vụ"),
        ("\ufeffThoả thuận hợp tác", "Thỏa thuận hợp tác"),
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("Bộ\u200bNội vụ", "BộNội vụ"),
        ("\ufeff", None),
    ],
)
def test_mention_value(value: str | float | None, expected: str | None) -> None:
    assert mention_value(value) == expected


@pytest.mark.parametrize(
    "variant",
    [
        NAME,
        NAME.upper(),
        NAME.replace(" - ", "-"),
        NAME.replace(" - ", " – "),
        NAME.replace(" - ", "\u2011"),
        NAME.replace("quốc tế", "Quốc tế"),
        unicodedata.normalize("NFD", NAME),
        NAME.replace(" ", "  "),
    ],
)
def test_spelling_variants_share_one_key(variant: str) -> None:
    assert fold_key(variant) == fold_key(NAME)


def test_different_names_keep_different_keys() -> None:
    assert fold_key("Vụ Hợp tác quốc tế") != fold_key("Vụ Pháp chế")
    assert fold_key("hòa") != fold_key("hóa")


vietnamese = st.text(
    alphabet=st.sampled_from(list("aăâeêioôơuưy hoàuỷ-–ĐđHÒAQUỸ\u0300\u0301\u0309")), max_size=30
)


@given(vietnamese)
def test_the_value_is_a_fixed_point_and_nfc(text: str) -> None:
    value = normalize_name(text)
    assert normalize_name(value) == value
    assert unicodedata.is_normalized("NFC", value)


@given(vietnamese)
def test_the_key_ignores_case_and_normalization_form(text: str) -> None:
    key = fold_key(text)
    assert fold_key(key) == key
    assert fold_key(text.upper()) == fold_key(text.lower()) == key
    assert fold_key(unicodedata.normalize("NFD", text)) == key
