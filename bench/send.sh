#!/usr/bin/env bash
# Issue 7, items 4 and 5 (and their peak memory, item 6): sending and outbox scale.
#
#   bash bench/send.sh                 # 1,000 messages; outboxes of 1,000 / 10,000 / 100,000
#   BENCH_QUICK=1 bash bench/send.sh   # 200 messages; outboxes of 1,000 / 10,000
#
# 4. 1,000 queued messages through a local SMTP server with STARTTLS and AUTH (aiosmtpd with a
#    trustme certificate: tests/smtp_server.py, run with --no-save): `mailcheck outbox run --once`
#    against msmtp (Debian; one process per message, as msmtpq does) and Python's smtplib (one
#    connection), the same messages, the same server, in the same run; and the syncs mailcheck
#    makes per message sent (strace -c on a 100-message run).
# 5. Outboxes of N scheduled (not due) messages, built in the queue format by
#    bench/send/make_outbox.py: `outbox run --once` with nothing due, `outbox list` (both formats).
# Peak memory of each from GNU time. Prints Markdown tables (copied into bench/RESULTS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${MAILCHECK_TEST_PYTHON:-python3}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v msmtp >/dev/null || [ ! -x /usr/bin/time ] || ! command -v strace >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq msmtp time strace >/dev/null
fi
if ! "$PY" -c 'import aiosmtpd, trustme' 2>/dev/null; then
  "$PY" -m pip install --quiet aiosmtpd trustme \
    || "$PY" -m pip install --quiet --break-system-packages aiosmtpd trustme \
    || { as_root apt-get update -qq
         as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd python3-trustme; }
fi
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/mailcheck"
"$PY" bench/send/bench.py "$bin"
