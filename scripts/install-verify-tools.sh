#!/usr/bin/env bash
# Installs what scripts/verify-barcodes.py and scripts/verify-preview.py need: zbarimg and tesseract from Debian,
# and zplkit, zxing-cpp, biip and Pillow from PyPI in a virtual environment. Safe to run again. The environment lives
# in $GATEWAY_VERIFY_VENV (default ~/.cache/print-gateway/verify-venv); its python is what the verification tests run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${GATEWAY_VERIFY_VENV:-$HOME/.cache/print-gateway/verify-venv}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr tesseract-ocr-eng)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ "${#missing[@]}" -gt 0 ]; then
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-verify.txt"

echo "zbarimg $(zbarimg --version)"
echo "$(tesseract --version 2>&1 | head -n 1)"
"$venv/bin/python" -c 'import zplkit, zxingcpp, biip; print("zplkit", zplkit.library_version)'
echo "python for the verification: $venv/bin/python"
