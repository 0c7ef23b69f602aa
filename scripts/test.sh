#!/usr/bin/env bash
# The whole test suite, on a fresh machine too: installs what the tests need besides Rust (a
# real SMTP server for the outbox tests, mail clients for the hook tests), then runs cargo test.
# Extra arguments go to cargo test (e.g. `bash scripts/test.sh --test fast cli::`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ci-setup.sh
cargo test "$@"
