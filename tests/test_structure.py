"""Structure: outline markers and nesting, zones, and metadata of the seed notices."""
from __future__ import annotations

import pytest

from extractor.model import Block
from extractor.reading import read
from extractor.structure import build_outline, match_marker, structure, walk
from extractor.structure.metadata import official_spelling, read_metadata
from extractor.structure.zones import Zones, split_zones
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
    ("IV) Tổ chức thực hiện", "roman", "IV"),           # Roman with a bracket
    ("XL. Điều khoản cuối", "roman", "XL"),
    ("(a) Rà soát quy hoạch", "paren_alpha", "a"),
    ("* Ghi chú", "star", "*"),
    ("■ Kiểm tra hồ sơ", "star", "■"),                  # bullets the readers knew
    ("➢ Kiểm tra hồ sơ", "star", "➢"),
    ("✓ Kiểm tra hồ sơ", "star", "✓"),
    ("120. Điểm thứ một trăm hai mươi", "decimal", "120"),
    ("+84 912 345 678", None, None),                    # a phone number: "+" needs a space
    ("*tiêu chí* số 5", None, None),                   # markdown emphasis: "*" needs a space
    ("2020 có 03 xã đặc biệt khó khăn", None, None),   # a year, not a marker
    ("Năm 2021 là năm giao thời", None, None),
])
def test_markers(text, style, label):
    marker = match_marker(text)
    assert (marker.style, marker.label) == (style, label) if style else marker is None


def test_parenthesised_letters_are_addressed_like_parenthesised_numbers():
    _, roots = build_outline(["1. Điểm", "(a) mục a", "(b) mục b"])
    assert [n.path for n in walk(roots)] == ["1", "1(a)", "1(b)"]


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


def _metadata(header: list[str], tail: list[str] = ()):
    zones = Zones(header=[Block(text=t) for t in header], tail=[Block(text=t) for t in tail])
    return read_metadata(zones, [])


@pytest.mark.parametrize("header, issuer, parent", [
    (["ỦY BAN NHÂN DÂN", "TỈNH KON TUM", "Số: 12/UBND-NNTN"],
     "Ủy ban nhân dân tỉnh Kon Tum", None),               # one body over two lines
    (["UỶ BAN NHÂN DÂN TỈNH LÀO CAI"], "Ủy ban nhân dân tỉnh Lào Cai", None),  # new-style "Uỷ"
    (["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG", "Số: /SCT-CN"],
     "Sở Công Thương tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai"),
    (["UBND TỈNH LÀO CAI", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "––––––––"],
     "Sở Nông nghiệp và Môi trường tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai"),
    (["UBND TỈNH LÀO CAI", "VĂN PHÒNG"],                  # the office takes its parent's name
     "Văn phòng Ủy ban nhân dân tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai"),
    (["UBND TỈNH LÀO CAI", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"],   # a dash inside one name;
     "Sở Lao động - Thương binh và Xã hội tỉnh Lào Cai",            # "xã hội" is no place
     "Ủy ban nhân dân tỉnh Lào Cai"),
    (["UBND TỈNH LÀO CAI SỞ CÔNG THƯƠNG"],               # two header lines run together
     "Sở Công Thương tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai"),
    (["UBND HUYỆN BÁT XÁT", "PHÒNG TÀI CHÍNH - KẾ HOẠCH"],   # unknown body: sentence case
     "Phòng tài chính - kế hoạch huyện Bát Xát", "Ủy ban nhân dân huyện Bát Xát"),
    (["BỘ CÔNG THƯƠNG", "CỤC HOÁ CHẤT"], "Cục Hóa chất - Bộ Công Thương", "Bộ Công Thương"),
    (["BỘ CÔNG THƯƠNG CỤC HÓA CHẤT -------"],             # one cell, with its rule
     "Cục Hóa chất - Bộ Công Thương", "Bộ Công Thương"),
    (["CHÍNH PHỦ -------"], "Chính phủ", None),
    (["BỘ XÂY DỰNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],  # a PDF line running into the motto
     "Bộ Xây dựng", None),
    (["BỘ CÔNG AN - BỘ QUỐC PHÒNG -", "BỘ Y TẾ - BỘ CÔNG THƯƠNG -", "BỘ TÀI CHÍNH - VIỆN KIỂM SÁT",
      "NHÂN DÂN TÓI CAO - TÒA ÁN", "NHÂN DÂN TÓI CAO"],  # joint guidance; "TÓI" is a PDF slip
     "Bộ Công an - Bộ Quốc phòng - Bộ Y tế - Bộ Công Thương - Bộ Tài chính - "
     "Viện kiểm sát nhân dân tối cao - Tòa án nhân dân tối cao", None),
    (["BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG"],             # "quản" is not "quận": no place
     "Ban quản lý dự án đầu tư xây dựng", None),
    (["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG", "Số: /SCT-CN", "THÔNG BÁO", "KẾT LUẬN CUỘC HỌP"],
     "Sở Công Thương tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai"),   # stops at "Số:"
    (["CHÍNH PHỦ", "NGHỊ QUYẾT", "VỀ CẮT GIẢM THỦ TỤC"],  # no "Số:": stops at the kind title
     "Chính phủ", None),
])
def test_issuer_and_parent_from_the_header(header, issuer, parent):
    m = _metadata(header)
    assert (m.issuer, m.issuer_parent) == (issuer, parent)


@pytest.mark.parametrize("caps, spelling", [
    ("SỞ CÔNG THƯƠNG", "Sở Công Thương"),
    ("SỞ NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),   # abbreviation expanded
    ("UBND TỈNH THỪA THIÊN HUẾ", "Ủy ban nhân dân tỉnh Thừa Thiên Huế"),
    ("UBND TP. HỒ CHÍ MINH", "Ủy ban nhân dân tp. Hồ Chí Minh"),
    ("TỈNH ỦY LÀO CAI", "Tỉnh ủy Lào Cai"),                     # province without "tỉnh"
    ("BỘ VĂN HOÁ, THỂ THAO VÀ DU LỊCH", "Bộ Văn hóa, Thể thao và Du lịch"),
])
def test_official_spelling(caps, spelling):
    assert official_spelling(caps) == spelling


@pytest.mark.parametrize("name, issuer, parent", [
    ("real/CV-don-doc-bao-cao-tinh-hinh-hoa-chat-2025.docx",
     "Sở Công Thương tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai"),
    ("real/CV-bo-sung-ho-so-xuyen-bien-gioi-LogisticVietTrung.doc",
     "Cục Hóa chất - Bộ Công Thương", "Bộ Công Thương"),
    ("more/CV-597-HC-QLHC-CucHoaChat.docx", "Cục Hóa chất - Bộ Công Thương", "Bộ Công Thương"),
    ("more/Huong-dan-lien-nganh-24-N2O.pdf",
     "Bộ Công an - Bộ Quốc phòng - Bộ Y tế - Bộ Công Thương - Bộ Tài chính - "
     "Viện kiểm sát nhân dân tối cao - Tòa án nhân dân tối cao", None),
    ("more/QD-1074-QD-BXD-29-6-2026.pdf", "Bộ Xây dựng", None),
    ("rendered/seed-002.docx", "Văn phòng Ủy ban nhân dân tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai"),
    ("seeds/001_17f260d13d98c86c.txt", "Ủy ban nhân dân tỉnh Kon Tum", None),
])
def test_issuer_of_corpus_files(name, issuer, parent):
    m = structure(read(CORPUS / name)).metadata
    assert (m.issuer, m.issuer_parent) == (issuer, parent)


def test_signer_title_loses_its_authority_prefix_and_recipients_their_label():
    m = _metadata(["ỦY BAN NHÂN DÂN", "TỈNH KON TUM"],
                  ["Nơi nhận: - Như trên;", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"])
    assert (m.signer.title, m.signer.name) == ("Phó chủ tịch", "Nguyễn Văn An")
    assert m.recipients == ["- Như trên;"]
    assert _metadata([], ["Q.GIÁM ĐỐC", "Trần Thị Bình"]).signer.title == "Giám đốc"


def test_letter_addressees_keep_the_text_after_kinh_gui():
    zones = split_zones([Block("ỦY BAN NHÂN DÂN"), Block("Số: 1/UBND-VX"),
                         Block("Kính gửi: Sở Y tế; Sở Tài chính."), Block("Thực hiện ...")])
    assert zones.addressees == ["Sở Y tế; Sở Tài chính"]


def test_number_with_a_dotted_serial():
    assert _metadata(["CHÍNH PHỦ", "Số: 66.19/2026/NQ-CP"]).number == "66.19/2026/NQ-CP"


@pytest.mark.parametrize("line, issued_on", [
    ("Lâm Đồng, ngày 42 tháng 11 năm 2025", "2025-11"),      # OCR misread the day
    ("Lâm Đồng, ngày 13 tháng 21 năm 2025", "2025"),          # and the month
    ("Lâm Đồng, ngày 13 tháng 11 năm 2025", "2025-11-13"),
])
def test_a_misread_date_part_is_left_out_not_made_up(tmp_path, line, issued_on):
    path = tmp_path / "tb.txt"
    path.write_text(f"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n\nSố: 493/TB-UBND\n\n{line}\n\nTHÔNG BÁO\n\n"
                    "Kết luận của Chủ tịch UBND tỉnh\n\n1. Giao Sở Nội vụ tổng hợp.\n",
                    encoding="utf-8")
    assert structure(read(path)).metadata.issued_on == issued_on
