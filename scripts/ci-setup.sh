#!/usr/bin/env bash
# Installs what the test suite needs besides the Rust toolchain. The foundation's tests need
# nothing else; later suites (SMTP server, mail clients) add their installs here.
set -euo pipefail
command -v cargo >/dev/null || { echo "cargo is required (Rust 1.95)" >&2; exit 1; }
cargo --version
