"""Structure: outline markers and nesting, zones, and metadata of the seed notices."""
from __future__ import annotations

import pytest

from extractor.reading import read
from extractor.structure import build_outline, match_marker, structure, walk
from conftest import CORPUS, seed_path


@pytest.mark.parametrize("text, style, label", [
    ("I. Về kết quả thực hiện năm 2021", "roman", "I"),
    ("1. Quan điểm chỉ đạo", "decimal", "1"),
    ("2.1. Đối với UBND cấp huyện", "decimal_multi", "2.1"),
    ("a) Cấp ủy, chính quyền các cấp", "alpha", "a"),
    ("đ) Tập trung chỉ đạo", "alpha", "đ"),            # Vietnamese alphabet: đ follows d
    ("(1) Quán triệt tinh thần", "paren_decimal", "1"),
    ("(ii) Bổ sung xã Tả Van", "paren_roman", "ii"),
    ("- Rà soát lại hiện trạng", "dash", "-"),
    ("+ Đối với nhóm tiêu chí", "plus", "+"),
    ("2020 có 03 xã đặc biệt khó khăn", None, None),   # a year, not a marker
    ("Năm 2021 là năm giao thời", None, None),
])
def test_markers(text, style, label):
    marker = match_marker(text)
    assert (marker.style, marker.label) == (style, label) if style else marker is None


def test_mixed_and_skipped_levels_nest():
    preamble, roots = build_outline([
        "Mở đầu:", "I. Phần một", "1. Điểm", "- gạch", "+ cộng", "- gạch hai", "2. Điểm hai",
        "2.1. Điểm con", "- gạch dưới 2.1", "II. Phần hai", "a) mục a", "đ) mục đ"])
    assert preamble == ["Mở đầu:"]
    assert [n.path for n in walk(roots)] == [
        "I", "I.1", "I.1-1", "I.1-1+1", "I.1-2", "I.2", "I.2.1", "I.2.1-1", "II", "II.a", "II.đ"]


@pytest.mark.parametrize("fmt", ["txt", "docx", "doc", "pdf"])
def test_seed_002_metadata_and_outline(fmt):
    path = seed_path(2) if fmt == "txt" else CORPUS / "rendered" / f"seed-002.{fmt}"
    s = structure(read(path))
    m = s.metadata
    assert (m.kind, m.number, m.province, m.issued_on) == ("Thông báo", "/TB-VPUBND", "Lào Cai", "2024")
    assert m.meeting_on == "2024-04-05"
    assert m.signer.name == "Bùi Công Khanh"
    assert [n.path for n in s.outline] == ["1", "2"]
    assert [n.path for n in s.outline[1].children] == ["2.1", "2.2", "2.3"]
    assert any("Sở Nông nghiệp và PTNT" in r or "Văn phòng Điều phối" in r for r in m.recipients)


@pytest.mark.parametrize("number, province, issued_on, kind", [
    (0, "Quảng Nam", "2022-09", "Thông báo"),      # "ngày tháng 9 năm 2022": day blank
    (1, "Kon Tum", None, "Công văn"),              # all blank; symbol /UBND-NNTN → a letter
    (3, "Hà Tĩnh", "2022-04", "Thông báo"),
    (4, "Lạng Sơn", "2020-02", "Thông báo"),
])
def test_seed_metadata(number, province, issued_on, kind):
    m = structure(read(seed_path(number))).metadata
    assert (m.province, m.issued_on, m.kind) == (province, issued_on, kind)


def test_letter_addressees_are_not_outline_items():
    s = structure(read(seed_path(1)))
    assert s.metadata.recipients[:2] == ["Các Sở, ban ngành, đoàn thể thuộc tỉnh", "Ủy ban nhân dân các huyện, thành phố"]
    assert s.metadata.subject.startswith("V/v triển khai kết luận của Ban Chấp hành")
    assert s.outline[0].text.startswith("Đối với Ủy ban nhân dân các huyện")


def test_closing_and_signature_are_not_body():
    s = structure(read(seed_path(0)))
    assert s.closing and s.closing[0].startswith("Trên đây là kết luận")
    assert s.metadata.signer.name == "Đinh Văn Vũ"
    assert all("Nơi nhận" not in n.text for n in walk(s.outline))
