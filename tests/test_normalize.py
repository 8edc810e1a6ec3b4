"""Tests of NFC / tone-placement normalization and its offset map."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.ingest.normalize import normalize_text, normalize_tone_placement


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("Hoà", "Hòa"),
        ("thuỷ", "thủy"),
        ("Thuỵ", "Thụy"),
        ("khoẻ", "khỏe"),
        ("hoá", "hóa"),
        ("quý", "quý"),  # qu + y: the mark stays on y
        ("hoàn", "hoàn"),  # closed syllable: already correct
        ("hòa", "hòa"),
        ("ngày", "ngày"),
        ("a", "a"),
    ],
)
def test_tone_placement(old: str, new: str) -> None:
    assert normalize_tone_placement(old) == new


def test_nfd_input_is_composed_and_mapped_back() -> None:
    original = unicodedata.normalize("NFD", "Bộ Nội vụ và Việt Nam")
    normalized = normalize_text(original)
    assert normalized.text == "Bộ Nội vụ và Việt Nam"
    start = normalized.text.index("Việt Nam")
    o_start, o_end = normalized.to_original(start, start + len("Việt Nam"))
    assert unicodedata.normalize("NFC", original[o_start:o_end]) == "Việt Nam"


def test_old_style_tones_keep_length_and_offsets() -> None:
    original = "Hoà bình, thuỷ lợi"
    normalized = normalize_text(original)
    assert normalized.text == "Hòa bình, thủy lợi"
    assert normalized.to_original(10, 18) == (10, 18)


def test_span_outside_text_is_rejected() -> None:
    with pytest.raises(ValueError):
        normalize_text("abc").to_original(2, 5)


@given(st.text())
def test_every_span_maps_inside_the_original_monotonically(text: str) -> None:
    normalized = normalize_text(text)
    assert len(normalized.orig_start) == len(normalized.text)
    previous_end = 0
    for i in range(len(normalized.text)):
        start, end = normalized.to_original(i, i + 1)
        assert 0 <= start < end <= len(text)
        assert start >= previous_end - (end - start)
        previous_end = end
    if normalized.text:
        assert normalized.to_original(0, len(normalized.text)) == (0, len(text))


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1))
def test_normalized_text_is_nfc(text: str) -> None:
    normalized = normalize_text(text).text
    # Units that NFC would lengthen are kept as written; everything else is composed.
    assert len(normalized) <= len(text)


# Letters that make old-style syllables ("hoà", "thuỷ", "quý") and word boundaries around them.
_TONE_WORDS = st.text(alphabet=st.sampled_from(list("hqtoOuUaAeEyYàÀáẢãẠèéẺẽẹỳÝỷỹỵ _1.-")))


@given(_TONE_WORDS)
def test_every_old_style_word_is_fixed_as_on_its_own(text: str) -> None:
    expected = re.sub(r"\w+", lambda m: normalize_tone_placement(m.group()), text)
    assert normalize_text(text).text == expected


def test_an_nfd_word_with_letters_after_its_mark_is_one_word() -> None:
    # NFD "ngoài" is n g o a + grave + i: taking "ngoà" alone would move the mark ("ngòai").
    original = unicodedata.normalize("NFD", "lao động ngoài nước, hoà bình")
    assert normalize_text(original).text == "lao động ngoài nước, hòa bình"
