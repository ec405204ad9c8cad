"""The readers' line shapes: outline markers (the one list in markers.toml, shared with the
outline parser), footer paths and page numbers."""
from __future__ import annotations

import json

import pytest

from conftest import CORPUS
from extractor.errors import NoticeError
from extractor.reading import read
from extractor.reading.markers import is_footer_path, page_number_pattern, starts_outline
from extractor.structure import match_marker


@pytest.mark.parametrize("line, starts", [
    ("I. Về kết quả", True),
    ("IV) Tổ chức thực hiện", True),          # Roman with a bracket
    ("XL. Điều khoản", True),
    ("IIII. Sai", False),                      # not a numeral
    ("1. Quan điểm", True),
    ("2.1. Đối với UBND", True),
    ("2.1 Đối với UBND", True),                # no final dot
    ("120. Điểm thứ 120", True),
    ("2020 có 03 xã", False),                  # a year cut by a page break, not point 2020
    ("a) Cấp ủy", True),
    ("đ) Tập trung", True),
    ("(1) Quán triệt", True),
    ("(iv) Bổ sung", True),
    ("(a) Rà soát", True),
    ("- Rà soát", True),
    ("-Rà soát", True),                        # a dash may touch the text
    ("– Rà soát", True),
    ("+ Đối với nhóm", True),
    ("+84 912 345 678", False),                # a phone number: "+" needs a space
    ("* Ghi chú", True),
    ("*tiêu chí* số 5", False),                # markdown emphasis: "*" needs a space
    ("• Kiểm tra", True),
    ("◦ Kiểm tra", True),
    ("▪ Kiểm tra", True),
    ("● Kiểm tra", True),
    ("○ Kiểm tra", True),
    ("■ Kiểm tra", True),
    ("□ Kiểm tra", True),
    ("♦ Kiểm tra", True),
    ("❖ Kiểm tra", True),
    ("➢ Kiểm tra", True),
    ("➤ Kiểm tra", True),
    ("✓ Kiểm tra", True),
    ("∙ Kiểm tra", True),
    ("1.", True),                              # a label alone on its PDF line
    ("-", False),                              # a bullet needs text after it
    ("Căn cứ Luật", False),
])
def test_starts_outline(line, starts):
    assert starts_outline(line) is starts


@pytest.mark.parametrize("line", [
    "a) Cấp ủy", "(a) Rà soát", "IV) Tổ chức", "■ Kiểm tra", "➢ Kiểm tra", "+84 912", "*tiêu chí*",
    "120. Điểm", "-Rà soát", "2020 có 03 xã",
])
def test_reader_and_outline_agree_on_a_line_with_text(line):
    """One definition: a line the reader cuts before is a point of the outline, and back."""
    assert starts_outline(line) == (match_marker(line) is not None)


def _dev_files():
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    return [e["file"] for e in manifest if e["split"] == "dev" and e["format"] in ("txt", "docx")]


@pytest.mark.parametrize("name", _dev_files())
def test_reader_and_outline_agree_on_the_corpus(name):
    try:
        blocks = read(CORPUS / name).blocks
    except NoticeError:
        pytest.skip("not readable without OCR")
    disagree = [b.text[:60] for b in blocks if len(b.text.split()) > 1
                and starts_outline(b.text) != (match_marker(b.text) is not None)]
    assert disagree == []


@pytest.mark.parametrize("line, is_path", [
    (r"D:\Dropbox\NTM\2022\TB ket luan.doc", True),
    (r"\\server\share\x.docx", True),
    ("file:///home/u/x.doc", True),
    ("/home/user/notices/x.doc", True),
    ("Số: 123/TB-UBND", False),
    ("1/2 số xã đạt chuẩn", False),
])
def test_footer_paths(line, is_path):
    assert is_footer_path(line) is is_path


@pytest.mark.parametrize("line, number", [
    ("3", "3"), ("- 3 -", "3"), ("(12)", "12"), ("Trang 2", "2"), ("TRANG 2", "2"),
    ("Trang chủ", None), ("2024 năm", None),
])
def test_page_numbers(line, number):
    found = page_number_pattern().match(line)
    assert (found.group(1) if found else None) == number
