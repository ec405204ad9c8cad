"""Legacy Vietnamese encodings, TCVN3 (.VnTime) and VNI (VNI-Times), in real-shaped files:
.docx (and a .doc made from it by LibreOffice) whose runs use those fonts and their byte
values, mixed with Unicode runs; plain text in those encodings, UTF-16 without its mark and
Windows-1258. The expected Unicode is the phrase every notice carries, written by hand."""
from __future__ import annotations

import subprocess

import pytest
from docx import Document

from extractor import extract
from extractor.reading import read
from extractor.reading.legacy_fonts import content_text, font_encoding, run_text

# (TCVN3 as its bytes read in Latin-1, VNI as its bytes read in Latin-1, Unicode)
PHRASES = [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Coäng hoaø xaõ hoäi chuû nghóa Vieät Nam",
     "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Th«ng b¸o kÕt luËn", "Thoâng baùo keát luaän", "Thông báo kết luận"),
    # TCVN3's "ư" is 0xAD, the soft hyphen: it must survive until conversion
    ("Tr\u00adêng häc vµ Së X©y dùng", "Tröôøng hoïc vaø Sôû Xaây döïng", "Trường học và Sở Xây dựng"),
]


@pytest.mark.parametrize("tcvn3, vni, unicode", PHRASES)
def test_runs_in_legacy_fonts_convert(tcvn3, vni, unicode):
    assert run_text(tcvn3, ".VnTime") == unicode
    assert run_text(vni, "VNI-Times") == unicode
    assert run_text(unicode, "Times New Roman") == unicode       # Unicode runs untouched


def test_a_tcvn3_capital_font_comes_back_upper_case():
    assert run_text("th«ng b¸o", ".VnTimeH") == "THÔNG BÁO"
    assert (font_encoding(".VnArialH"), font_encoding("VNI-Helve"), font_encoding("Arial")) == (
        "tcvn3", "vni", None)


@pytest.mark.parametrize("text", ["Thông báo kết luận của Chủ tịch UBND tỉnh về quân sự",
                                  "Notice of the café meeting, déjà vu", "UBND tỉnh Lào Cai"])
def test_unicode_and_other_text_pass_through(text):
    assert content_text(text) == text


def legacy_docx(path, runs):
    """A .docx of one paragraph per (text, font) run list."""
    document = Document()
    for paragraph in runs:
        p = document.add_paragraph()
        for text, font in paragraph:
            run = p.add_run(text)
            run.font.name = font
    document.save(path)
    return path


NOTICE = [
    [("uû ban nh©n d©n tØnh lµo cai", ".VnTimeH")],
    [("Sè: 12/TB-UBND", ".VnTime")],
    [("Th«ng b¸o kÕt luËn", ".VnTimeH")],
    [("1. Së X©y dùng chñ tr×, ", ".VnTime"), ("phối hợp với Sở Tài chính ", "Times New Roman"),
     ("hoaøn thaønh tröôùc ngaøy 30/6/2024.", "VNI-Times")],
]


def test_a_docx_with_tcvn3_vni_and_unicode_runs_reads_as_unicode(tmp_path):
    document = read(legacy_docx(tmp_path / "cu.docx", NOTICE))
    texts = [b.text for b in document.blocks]
    assert texts[0] == "UỶ BAN NHÂN DÂN TỈNH LÀO CAI"
    assert texts[2] == "THÔNG BÁO KẾT LUẬN"
    assert texts[3] == ("1. Sở Xây dựng chủ trì, phối hợp với Sở Tài chính hoàn thành trước "
                        "ngày 30/6/2024.")
    notice = extract(tmp_path / "cu.docx")
    assert notice.tasks and notice.tasks[0].lead[0].name == "Sở Xây dựng"
    assert notice.tasks[0].deadline.date == "2024-06-30"


def test_a_doc_saved_by_word_97_in_legacy_fonts_reads_as_unicode(tmp_path):
    source = legacy_docx(tmp_path / "cu.docx", [[("Th«ng b¸o kÕt luËn vµ Së X©y dùng tr\u00adêng", ".VnTime")],
                                                 [("Thoâng baùo keát luaän", "VNI-Times")]])
    subprocess.run(["soffice", "--headless", "--convert-to", "doc", "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=120)
    texts = [b.text for b in read(tmp_path / "cu.doc").blocks]
    assert texts == ["Thông báo kết luận và Sở Xây dựng trường", "Thông báo kết luận"]


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: letters with hats precomposed, tones as combining marks."""
    import unicodedata
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            hats = "".join(m for m in parts[1:] if m in "\u0302\u0306\u031b")
            tones = "".join(m for m in parts[1:] if m not in hats)
            out += (unicodedata.normalize("NFC", parts[0] + hats) + tones).encode("cp1258")
    return out


@pytest.mark.parametrize("encoding, data", [
    ("tcvn3", "Th«ng b¸o kÕt luËn\n\nSè: 12/TB-UBND\n\n1. Së X©y dùng chñ tr× thùc hiÖn".encode("latin-1")),
    ("vni", "Thoâng baùo keát luaän\n\nSoá: 12/TB-UBND\n\n1. Sôû Xaây döïng chuû trì thöïc hieän".encode("latin-1")),
    ("utf-16 without a mark", "Thông báo kết luận\n\nSố: 12/TB-UBND\n\n1. Sở Xây dựng chủ trì thực hiện".encode("utf-16-le")),
    ("windows-1258", cp1258("Thông báo kết luận\n\nSố: 12/TB-UBND\n\n1. Sở Xây dựng chủ trì thực hiện")),
])
def test_plain_text_in_other_encodings_reads_as_unicode(tmp_path, encoding, data):
    path = tmp_path / "cu.txt"
    path.write_bytes(data)
    texts = [b.text for b in read(path).blocks]
    assert texts[0] == "Thông báo kết luận" and texts[-1].startswith("1. Sở Xây dựng chủ trì")
