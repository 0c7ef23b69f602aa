#!/usr/bin/env bash
# Installs what the test suite needs besides the Rust toolchain. The foundation's tests need
# nothing else; later suites (SMTP server, mail clients) add their installs here.
set -euo pipefail
command -v cargo >/dev/null || { echo "cargo is required (Rust 1.95)" >&2; exit 1; }
cargo --version

# The outbox tests (tests/outbox.rs) talk to a real SMTP server on 127.0.0.1: aiosmtpd, with a
# throw-away CA from trustme (tests/smtp_server.py). MAILCHECK_TEST_PYTHON picks the interpreter.
PY=${MAILCHECK_TEST_PYTHON:-python3}
have_smtp_server() { "$PY" -c 'import aiosmtpd, trustme' 2>/dev/null; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! have_smtp_server; then
  if ! command -v "$PY" >/dev/null && command -v apt-get >/dev/null; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3
  fi
  if "$PY" -m pip --version >/dev/null 2>&1; then
    "$PY" -m pip install --quiet aiosmtpd trustme \
      || "$PY" -m pip install --quiet --break-system-packages aiosmtpd trustme \
      || true
  fi
  if ! have_smtp_server && command -v apt-get >/dev/null; then
    # Debian's own packages (a fresh Debian's python3 has no pip and refuses global pip installs).
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd python3-trustme
  fi
fi
have_smtp_server || { echo "could not install aiosmtpd and trustme for $PY" >&2; exit 1; }
"$PY" -c 'import aiosmtpd; print("aiosmtpd", aiosmtpd.__version__)'
