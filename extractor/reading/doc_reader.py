"""Word 97 .doc: converted to .docx by one long-lived LibreOffice, then read as .docx.

A cold ``soffice --convert-to`` costs ~800 ms per file; a LibreOffice kept running behind
unoserver converts in ~35 ms a page. The server is started lazily, once per process, with
its own user profile (two LibreOffice processes on one profile fail silently), and stopped
at exit. Without LibreOffice, ``catdoc`` gives the text without Word's automatic numbering.
"""
from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from concurrent import futures
from pathlib import Path

from ..errors import ConversionFailed, ConverterUnavailable
from ..model import Block, ReadDocument
from .docx_reader import docx_blocks
from .sniff import check_doc
from .settings import seconds

START_TIMEOUT = 90.0        # seconds; the first start also creates the profile
CONVERT_TIMEOUT = 60.0      # seconds per document; NOTICES_CONVERT_TIMEOUT overrides it


def convert_timeout() -> float:
    """Seconds one conversion may take before LibreOffice (or catdoc) is given up on."""
    return seconds("NOTICES_CONVERT_TIMEOUT", CONVERT_TIMEOUT)


def read_doc(path: Path, data: bytes) -> ReadDocument:
    """Reader for .doc files: LibreOffice when installed, else catdoc.

    Raises:
        ConverterUnavailable: neither LibreOffice (with unoserver) nor catdoc is installed.
        ConversionFailed: the converter crashed, timed out or returned nothing usable.
        UnreadableFile: the bytes are not a Word document of any kind (checked first).
    """
    check_doc(path.name, data)
    if OfficeServer.available():
        docx = office_server().convert(path)
        blocks, pages = docx_blocks(path.name, docx)
        return ReadDocument(path.name, "", "doc", blocks, pages, reader="libreoffice+lxml")
    if shutil.which("catdoc"):
        return ReadDocument(path.name, "", "doc", catdoc_blocks(path), None, reader="catdoc")
    raise ConverterUnavailable(path.name, "reading a Word 97 .doc needs LibreOffice (with "
                                          "python3-uno and unoserver) or catdoc; install one, "
                                          "or save the file as .docx")


_server: "OfficeServer | None" = None
_server_lock = threading.Lock()


def office_server() -> "OfficeServer":
    """The process's one LibreOffice server (created on first use, stopped at exit)."""
    global _server
    with _server_lock:
        if _server is None:
            _server = OfficeServer()
            atexit.register(_server.stop)
        return _server


class OfficeServer:
    """A unoserver + LibreOffice pair owned by this process, on free local ports."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.lifeline: int | None = None    # the pipe end whose closing tells the keeper
        self.workdir: str | None = None
        self.port = 0
        self.lock = threading.Lock()

    @staticmethod
    def available() -> bool:
        """LibreOffice is installed and this Python can run unoserver's server (needs uno)."""
        # Looked up, not imported: importing uno installs its own import hook in this
        # process, which turns every later ModuleNotFoundError into a bare ImportError (and
        # so breaks packages that import optional modules, such as tqdm under spaCy).
        from importlib.util import find_spec
        try:
            found = find_spec("uno") is not None and find_spec("unoserver.client") is not None
        except ImportError:
            return False
        return found and _soffice() is not None

    def convert(self, path: Path) -> bytes:
        """The .docx bytes of the document at ``path``.

        Raises:
            ConversionFailed: start-up or conversion failed or took too long.
        """
        with self.lock:
            self._ensure_running(path.name)
            try:
                data = self._convert(path)
            except futures.TimeoutError:
                self.stop()     # a stuck LibreOffice is useless; the next file restarts it
                raise ConversionFailed(path.name, f"LibreOffice did not convert the file "
                                                  f"within {convert_timeout():g} s; open it "
                                                  "in Word and save it as .docx") from None
            except Exception as error:  # the RPC layer raises Fault, OSError, ...
                self.stop()
                raise ConversionFailed(path.name, f"LibreOffice could not convert the file "
                                                  f"({error}); it may be damaged; try saving "
                                                  "it as .docx") from None
        if not data or not data.startswith(b"PK"):
            raise ConversionFailed(path.name, "LibreOffice returned no document; the file "
                                              "may be damaged; try saving it as .docx")
        return data

    def _convert(self, path: Path) -> bytes:
        from unoserver.client import UnoClient
        client = UnoClient(server="127.0.0.1", port=str(self.port))
        # UnoClient has no timeout of its own: wait for it in a worker thread.
        pool = futures.ThreadPoolExecutor(max_workers=1)
        try:
            job = pool.submit(client.convert, inpath=str(path.resolve()), convert_to="docx")
            return job.result(timeout=convert_timeout())
        finally:
            pool.shutdown(wait=False)

    def _ensure_running(self, name: str) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        self.stop()
        self._start()
        self._wait_until_ready(name)

    def _start(self) -> None:
        self.workdir = tempfile.mkdtemp(prefix="notices-office-")
        self.port, uno_port = _free_port(), _free_port()
        command = [sys.executable, "-m", "unoserver.server", "--interface", "127.0.0.1",
                   "--uno-interface", "127.0.0.1", "--port", str(self.port),
                   "--uno-port", str(uno_port), "--executable", _soffice(),
                   "--user-installation", os.path.join(self.workdir, "profile"),
                   "--temp-dir", self.workdir,
                   "--conversion-timeout", str(max(1, int(convert_timeout())))]
        log = open(os.path.join(self.workdir, "server.log"), "wb")
        # Own session: the keeper, the server and LibreOffice share a process group we can
        # end. The keeper ends that group if this process dies without stopping it (kill -9):
        # it waits on a pipe whose other end only this process holds.
        watch, self.lifeline = os.pipe()
        keeper = [sys.executable, "-m", "extractor.reading.office_watch", str(watch),
                  self.workdir, *command]
        self.process = subprocess.Popen(keeper, stdin=subprocess.DEVNULL, stdout=log,
                                        stderr=log, start_new_session=True,
                                        pass_fds=(watch,))
        os.close(watch)
        log.close()

    def _wait_until_ready(self, name: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self.port}",
                                          transport=_TimeoutTransport(5.0))
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                proxy.info()
                return
            except (OSError, xmlrpc.client.Error):
                time.sleep(0.2)
        log = self._log_tail()
        self.stop()
        raise ConversionFailed(name, f"LibreOffice did not start within {START_TIMEOUT:.0f} s "
                                     f"({log or 'no message'}); check the LibreOffice "
                                     "installation")

    def _log_tail(self) -> str:
        try:
            text = Path(self.workdir, "server.log").read_text(errors="replace")
        except OSError:
            return ""
        return " ".join(text.strip().splitlines()[-2:])[-300:]

    def stop(self) -> None:
        """End the server and its LibreOffice (our process group only), remove the profile."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            _end_group(process)
        if self.lifeline is not None:
            os.close(self.lifeline)
            self.lifeline = None
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


def _end_group(process: subprocess.Popen) -> None:
    """End the process group we created: the server, oosplash and soffice.bin.

    SIGTERM first so LibreOffice can clean up; whatever is left of the group after the
    server has gone (oosplash may linger with a defunct soffice.bin) gets SIGKILL.
    """
    group = process.pid         # start_new_session=True made the server the group leader
    _signal_group(group, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        pass
    deadline = time.monotonic() + 2.0
    while _signal_group(group, 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    _signal_group(group, signal.SIGKILL)
    if process.poll() is None:
        process.wait(5)


def _signal_group(group: int, sig: int) -> bool:
    """Send ``sig`` to our process group; False when the group no longer exists."""
    try:
        os.killpg(group, sig)
        return True
    except (ProcessLookupError, PermissionError):
        return False


class _TimeoutTransport(xmlrpc.client.Transport):
    """xmlrpc transport whose connections give up after ``timeout`` seconds."""

    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# catdoc prints field codes ("PAGE \* MERGEFORMAT 2") and bytes of embedded objects.
_FIELD_CODE = re.compile(r"\b(?:PAGE|NUMPAGES|MERGEFORMAT|HYPERLINK|TOC)\b.*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def catdoc_blocks(path: Path) -> list[Block]:
    """Blocks from ``catdoc -w``: one paragraph per line; numbering markers are lost.

    Raises:
        ConversionFailed: catdoc failed or timed out.
    """
    try:
        done = subprocess.run(["catdoc", "-w", "-d", "utf-8", str(path)], capture_output=True,
                              timeout=convert_timeout())
    except subprocess.TimeoutExpired:
        raise ConversionFailed(path.name, "catdoc did not finish in time; the file may be "
                                          "damaged; try saving it as .docx") from None
    if done.returncode != 0:
        raise ConversionFailed(path.name, f"catdoc failed ({done.stderr.decode(errors='replace').strip()}); "
                                          "try saving the file as .docx")
    blocks = []
    for line in done.stdout.decode("utf-8", errors="replace").splitlines():
        line = _FIELD_CODE.sub("", _CONTROL.sub(" ", line)).replace("\t", " ").strip()
        if sum(c.isalpha() for c in line) >= 2:     # drops bytes of embedded objects
            blocks.append(Block(line))
    return blocks
