"""OCR clean-up rules (extractor/data/ocr.toml), and the CER they are measured by."""
from __future__ import annotations

import pytest

from extractor.evaluation.ocr_quality import character_error_rate
from extractor.reading.ocr_cleanup import clean_ocr_line, part_joined_syllables


@pytest.mark.parametrize("read, fixed", [
    ("01-ÐA/TU của Tỉnh ủy", "01-ĐA/TU của Tỉnh ủy"),      # Icelandic eth for Đ
    ("(¡) rà soát; (¡¡) báo cáo", "(i) rà soát; (ii) báo cáo"),
    ("©) Sở Tài chính chủ trì", "c) Sở Tài chính chủ trì"),
    ("Sở Xây dựng chủ trì", "Sở Xây dựng chủ trì"),           # nothing to fix
])
def test_ocr_lines_are_cleaned(read, fixed):
    assert clean_ocr_line(read) == fixed


def test_character_error_rate_counts_edits_against_the_reference():
    assert character_error_rate("Sở Xây dựng", "Sở Xây dựng") == 0
    assert character_error_rate("So Xay dung", "Sở Xây dựng") == pytest.approx(3 / 11)
    assert character_error_rate("Sở  Xây\ndựng", "Sở Xây dựng") == 0     # whitespace is one space


@pytest.mark.parametrize("token, parted", [
    ("Khoahọc", "Khoa học"),          # the dictionary knows "khoa học", and no other split
    ("thựchiện", "thực hiện"),         # "thự chiện" is no word
    ("thôngtin", "thông tin"),
    ("Thuân", "Thuân"),               # one syllable (a name): left alone
    ("nghiêng", "nghiêng"),
    ("Phốhợẹp", "Phốhợẹp"),           # no split makes a word: left alone
])
def test_syllables_run_together_are_parted_only_where_the_dictionary_is_sure(token, parted):
    assert part_joined_syllables(token) == parted
