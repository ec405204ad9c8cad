"""Files as offices really send them: renamed, noise, images, zip bombs. Each is read by what
it is, or refused with one line that names the file and the cause, before any slow work."""
from __future__ import annotations

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


def test_an_image_named_doc_says_it_is_an_image(tmp_path):
    path = tmp_path / "photo.doc"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)
    with pytest.raises(UnreadableFile, match=r"photo.doc: is a PNG image"):
        read(path)


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
