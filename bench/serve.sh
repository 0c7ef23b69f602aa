#!/usr/bin/env bash
# Issue 17's speed item: one client submitting 1,000 clean messages over one connection to
# `mailcheck serve` (check included, each message synced to the outbox before its 250) beside
# Python's aiosmtpd receiving the same messages (bench/serve/bench.py; prints a Markdown table).
#
#   bash bench/serve.sh            # 1,000 messages, 3 interleaved rounds
#   BENCH_QUICK=1 bash bench/serve.sh   # 200 messages
#   BENCH_BEFORE=path/to/earlier/mailcheck bash bench/serve.sh   # an earlier build beside it
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${MAILCHECK_TEST_PYTHON:-python3}
"$PY" -c 'import aiosmtpd, trustme' 2>/dev/null || bash scripts/ci-setup.sh
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/mailcheck"
n=1000
[ -n "${BENCH_QUICK:-}" ] && n=200
"$PY" bench/serve/bench.py "$bin" "$n" 3 ${BENCH_BEFORE:+"$BENCH_BEFORE"}
