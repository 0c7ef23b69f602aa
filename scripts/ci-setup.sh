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
# The crash and fault tests (tests/faults.rs, tests/crash.rs): tests/fault_server.py needs only
# trustme's `cryptography` (installed above); the full-disk test mounts a small tmpfs, as root.
"$PY" -c 'import cryptography' || { echo "python cryptography is missing for $PY" >&2; exit 1; }
command -v mount >/dev/null && command -v umount >/dev/null \
  || { echo "mount/umount are needed (util-linux) for tests/crash.rs" >&2; exit 1; }

# The hook tests (tests/hooks.rs runs tests/integration.sh) drive the real mail programs:
# neomutt and git send-email from Debian's packages, pre-commit from PyPI.
have_send_email() { { git send-email -h 2>&1 || true; } | grep -q "git send-email"; }
# Debian's git-email also brings the Perl modules git send-email needs, whichever git is first
# on PATH (a fresh machine has a second git under /usr/local).
debian_has() { command -v dpkg >/dev/null && dpkg -s "$1" >/dev/null 2>&1; }
if ! command -v neomutt >/dev/null || ! command -v git >/dev/null || ! have_send_email \
  || { command -v apt-get >/dev/null && ! debian_has git-email; }; then
  command -v apt-get >/dev/null \
    || { echo "neomutt and git send-email are needed: install neomutt, git and git-email" >&2; exit 1; }
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neomutt git git-email
fi
if ! command -v pre-commit >/dev/null; then
  if ! "$PY" -m pip --version >/dev/null 2>&1 && command -v apt-get >/dev/null; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip
  fi
  "$PY" -m pip install --quiet pre-commit \
    || "$PY" -m pip install --quiet --break-system-packages pre-commit
  command -v pyenv >/dev/null && pyenv rehash || true
fi
for p in neomutt pre-commit; do
  command -v "$p" >/dev/null || { echo "could not install $p" >&2; exit 1; }
done
have_send_email || { echo "could not install git send-email (git-email)" >&2; exit 1; }
neomutt -v | sed -n 1p
git --version
pre-commit --version

# The HTML report test (tests/desk_report.rs) opens the page in a real browser: headless Chromium
# from Debian's package.
have_chromium() { command -v chromium >/dev/null || command -v chromium-browser >/dev/null; }
if ! have_chromium; then
  command -v apt-get >/dev/null \
    || { echo "chromium is needed for tests/desk_report.rs: install Debian's chromium" >&2; exit 1; }
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
have_chromium || { echo "could not install chromium" >&2; exit 1; }
{ chromium --version 2>/dev/null || chromium-browser --version; } | sed -n 1p

# The submission-server tests (tests/serve.rs) drive real mail clients against `mailcheck serve`:
# curl, swaks and msmtp from Debian's packages (git send-email and Python's smtplib as above).
if ! command -v curl >/dev/null || ! command -v swaks >/dev/null || ! command -v msmtp >/dev/null; then
  command -v apt-get >/dev/null \
    || { echo "curl, swaks and msmtp are needed for tests/serve.rs" >&2; exit 1; }
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl swaks msmtp
fi
for p in curl swaks msmtp; do
  command -v "$p" >/dev/null || { echo "could not install $p" >&2; exit 1; }
done
curl --version | sed -n 1p
swaks --version 2>&1 | sed -n 1p
msmtp --version | sed -n 1p
# The IMAP tests (tests/imap.rs) start a real Dovecot from Debian's package; openssl makes their
# throw-away CA and server certificate.
if ! command -v dovecot >/dev/null || ! command -v openssl >/dev/null; then
  command -v apt-get >/dev/null \
    || { echo "dovecot-imapd and openssl are needed for tests/imap.rs" >&2; exit 1; }
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd openssl
fi
command -v dovecot >/dev/null || { echo "could not install dovecot-imapd" >&2; exit 1; }
dovecot --version

# tests/imap.rs runs one sync under `script` (a pty, for the progress bar) and creates folders with
# `doveadm` (dovecot-core, installed with dovecot-imapd above).
if ! command -v script >/dev/null; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bsdutils
fi
command -v doveadm >/dev/null || { echo "doveadm (dovecot-core) is needed for tests/imap.rs" >&2; exit 1; }

# The outbox on PostgreSQL (tests/outbox_pg.rs) starts a real PostgreSQL server from Debian's
# package: its binaries are in /usr/lib/postgresql/<version>/bin (initdb, pg_ctl, psql).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  command -v apt-get >/dev/null \
    || { echo "postgresql is needed for tests/outbox_pg.rs" >&2; exit 1; }
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
  || { echo "could not install postgresql" >&2; exit 1; }
ls -d /usr/lib/postgresql/*/bin | sed -n 1p
