"""Files as offices really send them: renamed, noise, images, zip bombs. Each is read by what
it is, or refused with one line that names the file and the cause, before any slow work."""
from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from extractor.errors import UnreadableFile
from extractor.pipeline import extract
from extractor.reading import read

from conftest import CORPUS

RENDERED = CORPUS / "rendered"


def _tasks(path):
    return [(t.point, t.text) for t in extract(path).tasks]


@pytest.mark.parametrize("original, wrong", [("seed-002.pdf", "seed-002.docx"),
                                             ("seed-002.docx", "seed-002.pdf"),
                                             ("seed-002.docx", "seed-002.doc")])
def test_a_renamed_file_is_read_by_its_content(tmp_path, original, wrong):
    renamed = tmp_path / wrong
    shutil.copy(RENDERED / original, renamed)
    document = read(renamed)
    assert document.format == original.rsplit(".", 1)[1]
    assert document.source == wrong
    assert _tasks(renamed) == _tasks(RENDERED / original)


def test_noise_named_doc_is_refused_before_libreoffice(tmp_path):
    path = tmp_path / "noise.doc"
    path.write_bytes(bytes((i * 7919 + 13) % 251 for i in range(50_000)))
    with pytest.raises(UnreadableFile, match=r"^noise.doc: is not a Word .doc file"):
        read(path)


def test_a_broken_image_named_doc_is_refused_as_an_image(tmp_path):
    path = tmp_path / "photo.doc"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)
    with pytest.raises(UnreadableFile, match=r"^photo.doc: is not an image that can be opened"):
        read(path)


def test_password_protected_files_say_so(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile
    from pypdf import PdfWriter
    pdf = tmp_path / "locked.pdf"
    writer = PdfWriter(clone_from=str(RENDERED / "seed-002.pdf"))
    writer.encrypt("mat-khau")
    writer.write(str(pdf))
    docx = tmp_path / "locked.docx"
    with open(RENDERED / "seed-002.docx", "rb") as plain, open(docx, "wb") as locked:
        OOXMLFile(plain).encrypt("mat-khau", locked)
    with pytest.raises(UnreadableFile, match=r"^locked.pdf: the PDF is password-protected"):
        read(pdf)
    with pytest.raises(UnreadableFile, match=r"^locked.docx: is a password-protected Word"):
        read(docx)


def test_a_500_page_pdf_is_refused_by_a_configurable_limit(tmp_path, monkeypatch):
    from pypdf import PdfWriter
    writer = PdfWriter(clone_from=str(RENDERED / "seed-002.pdf"))
    for _ in range(500 - len(writer.pages)):
        writer.add_blank_page(width=595, height=842)
    path = tmp_path / "gazette.pdf"
    writer.write(str(path))
    with pytest.raises(UnreadableFile, match=r"^gazette.pdf: has 500 pages, more than the "
                                             r"limit of 300 .*NOTICES_PDF_PAGE_LIMIT"):
        read(path)
    monkeypatch.setenv("NOTICES_PDF_PAGE_LIMIT", "600")
    assert read(path).pages == 500


def test_a_missing_tesseract_names_the_packages_to_install(monkeypatch):
    from extractor.errors import ConverterUnavailable
    monkeypatch.setenv("PATH", "/nonexistent")     # Tesseract really is not found
    with pytest.raises(ConverterUnavailable, match=r"^seed-002-scan.pdf: .*tesseract-ocr and "
                                                   r"tesseract-ocr-vie"):
        read(RENDERED / "seed-002-scan.pdf")


def test_a_missing_libreoffice_and_catdoc_name_what_to_install(monkeypatch):
    from extractor.errors import ConverterUnavailable
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ConverterUnavailable, match=r"^seed-002.doc: .*LibreOffice .*catdoc"):
        read(RENDERED / "seed-002.doc")


# ── images: a scan or a photo of a signed notice ────────────────────────────────────────

def _page_image(dpi: int = 200):
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(str(RENDERED / "seed-002-scan.pdf"))
    try:
        return document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def test_skew_is_measured_and_undone():
    from PIL import Image
    from extractor.reading.image_reader import skew_angle
    page = _page_image()
    assert abs(skew_angle(page)) <= 0.25
    tilted = page.rotate(-2.5, resample=Image.BICUBIC, expand=True, fillcolor=255)
    assert abs(skew_angle(tilted) - 2.5) <= 0.5


def test_a_tilted_photo_named_pdf_is_read_as_a_notice(tmp_path):
    from PIL import Image
    gold = json.loads((CORPUS.parent / "annotations" / "gold" / "seed-002.json")
                      .read_text(encoding="utf-8"))
    tilted = _page_image().rotate(-2.0, resample=Image.BICUBIC, expand=True, fillcolor=255)
    path = tmp_path / "anh-chup.pdf"           # a phone photo, sent with the wrong name
    tilted.save(path, format="PNG", dpi=(200, 200))
    notice = extract(path)
    assert notice.document.format == "image"
    assert "tesseract" in notice.document.reader and "deskew" in notice.document.reader
    assert notice.metadata.number == gold["document"]["number"]
    assert notice.metadata.kind == gold["document"]["kind"]


def _bomb(tmp_path, megabytes: int, name: str = "bomb.docx"):
    """A .docx whose document.xml is ``megabytes`` MB of spaces inside a real document."""
    path = tmp_path / name
    with zipfile.ZipFile(RENDERED / "seed-002.docx") as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item, source.read(item))
        with target.open("word/document.xml", "w") as stream:
            stream.write(source.read("word/document.xml")[:-20])
            chunk = b" " * 1_000_000
            for _ in range(megabytes):
                stream.write(chunk)
    return path


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    path = _bomb(tmp_path, 40)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(UnreadableFile, match=r"bomb.docx: its word/document.xml would inflate "
                                             r"to 40 MB .*zip bomb"):
        read(path)


def test_the_part_size_cap_is_configurable(tmp_path, monkeypatch):
    path = _bomb(tmp_path, 3, "big.docx")
    monkeypatch.setenv("NOTICES_MAX_PART_MB", "2")
    with pytest.raises(UnreadableFile, match=r"big.docx: .*NOTICES_MAX_PART_MB"):
        read(path)


ENGLISH = ("The committee met on Monday to review the progress of the rural development "
           "programme in the province and asked every department to report on its work. ") * 4
CHINESE = "省人民委员会关于新农村建设的通知。各部门要认真落实，按时报告工作进展情况。" * 6


@pytest.mark.parametrize("text", [ENGLISH, CHINESE])
def test_text_that_is_not_vietnamese_is_refused(tmp_path, text):
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    from extractor.errors import NotVietnamese
    with pytest.raises(NotVietnamese, match=r"^notice\.txt: does not look like Vietnamese text"):
        extract(path)


def test_a_file_of_nul_bytes_holds_no_text(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"\x00" * 4096)
    from extractor.errors import NoText
    with pytest.raises(NoText, match=r"^nul\.txt: the file holds no text"):
        extract(path)


def test_a_short_vietnamese_note_is_not_refused(tmp_path):
    path = tmp_path / "ngan.txt"
    path.write_text("Sở Xây dựng chủ trì, hoàn thành trước ngày 30/6/2024.", encoding="utf-8")
    assert extract(path).tasks
