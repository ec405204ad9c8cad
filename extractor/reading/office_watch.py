"""The office server's keeper: it ends unoserver and LibreOffice when the process that
started them is gone, even by ``kill -9``.

``doc_reader`` starts ``python -m extractor.reading.office_watch FD WORKDIR COMMAND...`` as
the leader of a new process group, holding the write end of a pipe whose read end is FD.
The keeper starts COMMAND (the server, which starts LibreOffice) in its own group and blocks
on FD: the kernel closes the write end when its owner dies however it dies, so end of file
means "nobody will stop us". The keeper then ends the group and removes WORKDIR (the
LibreOffice profile and temporary files). When the server exits by itself, so does the
keeper, so the owner sees a dead server as before.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print("usage: python -m extractor.reading.office_watch FD WORKDIR COMMAND...",
              file=sys.stderr)
        return 2
    fd, workdir, command = int(argv[0]), argv[1], argv[2:]
    server = subprocess.Popen(command, stdin=subprocess.DEVNULL)

    ending = threading.Event()

    def follow_server() -> None:        # the server ended by itself: end the keeper too
        code = server.wait()
        if not ending.is_set():
            os._exit(code if code >= 0 else 1)

    threading.Thread(target=follow_server, daemon=True).start()
    while True:
        try:
            if not os.read(fd, 1):
                break                   # the owner's end is closed: it has died
        except InterruptedError:
            continue
        except OSError:
            break
    ending.set()
    end_group(server, workdir)
    return 0


def end_group(server: subprocess.Popen, workdir: str) -> None:
    """SIGTERM to the group (not to the keeper) so LibreOffice can close, SIGKILL to what is
    left once the server has gone (oosplash may linger), then the profile is removed."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    group = os.getpgrp()
    _signal(group, signal.SIGTERM)
    try:
        server.wait(10.0)
    except subprocess.TimeoutExpired:
        pass
    shutil.rmtree(workdir, ignore_errors=True)
    _signal(group, signal.SIGKILL)      # the last act: it ends the keeper as well


def _signal(group: int, sig: int) -> None:
    try:
        os.killpg(group, sig)
    except (ProcessLookupError, PermissionError):
        pass


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
