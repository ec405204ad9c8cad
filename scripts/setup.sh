#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian 12 machine, idempotently:
# system packages (LibreOffice for .doc, Tesseract for scans, poppler, catdoc), then a
# virtual environment at .venv with the package and its extras.
#   bash scripts/setup.sh          # runtime + NLP extras
#   bash scripts/setup.sh --test   # the same, plus what the tests need (pytest, Chromium for
#                                  # the browser tests, and the transformers backend's
#                                  # PyTorch CPU build, ~800 MB)
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(libreoffice-writer-nogui python3-uno python3-venv fonts-liberation2
                 fonts-dejavu-core poppler-utils catdoc tesseract-ocr tesseract-ocr-vie)

# --test also needs Debian's Chromium: the web app's browser tests drive it with Playwright
# (browser downloads are not possible here, so Playwright is pointed at /usr/bin/chromium).
[ "${1:-}" = "--test" ] && SYSTEM_PACKAGES+=(chromium)

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing system packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's python3 with --system-site-packages, so that LibreOffice's UNO bridge
# (python3-uno, only packaged for the system interpreter) is importable by unoserver.
if [ ! -x .venv/bin/python ]; then
    /usr/bin/python3 -m venv --system-site-packages .venv
fi
extras="nlp"
[ "${1:-}" = "--test" ] && extras="nlp,test,transformers"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[${extras}]"
