#!/usr/bin/env bash
# Runs every rule over real mail that nobody here wrote and prints, per rule, how many messages
# it flags. Corpora (all from the package registries):
#   - mail-parser's own test messages (the crate source cargo has fetched);
#   - CPython's email test messages (test/test_email/data/msg_*.txt), from the python3 on the
#     machine, else Debian's libpython3.11-testsuite.
# Usage: bench/quality/run.sh [--keep]    (the JSON findings stay in target/quality/)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/quality
rm -rf "$out"
mkdir -p "$out/corpus/mail-parser" "$out/corpus/cpython"

# Builds go where cargo puts them (CARGO_TARGET_DIR, else target/); the findings stay in target/.
# MAILCHECK=path runs that binary instead of building this tree (as in spamassassin.sh).
bin=${MAILCHECK:-${CARGO_TARGET_DIR:-target}/release/mailcheck}
if [ -z "${MAILCHECK:-}" ]; then
  cargo build --release --quiet
fi

# 1. mail-parser's test messages.
manifest=$(cargo metadata --format-version 1 --locked 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(next(p["manifest_path"] for p in d["packages"] if p["name"] == "mail-parser"))')
mp_dir=$(dirname "$manifest")
i=0
while IFS= read -r -d '' f; do
  i=$((i + 1))
  cp "$f" "$out/corpus/mail-parser/$(printf '%03d' "$i")-$(basename "$f")"
done < <(find "$mp_dir" -name '*.eml' -print0 | sort -z)

# 2. CPython's test_email data.
pydata=$(python3 - <<'PY' 2>/dev/null || true
import os, test
print(os.path.join(os.path.dirname(test.__file__), "test_email", "data"))
PY
)
if [ ! -d "$pydata" ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq libpython3.11-testsuite >/dev/null
  fi
  pydata=$(ls -d /usr/lib/python3*/test/test_email/data 2>/dev/null | head -1 || true)
fi
if [ -d "$pydata" ]; then
  for f in "$pydata"/msg_*.txt; do cp "$f" "$out/corpus/cpython/$(basename "$f" .txt).eml"; done
else
  echo "warning: CPython's test_email data not found; running on mail-parser's messages only" >&2
fi

"$bin" --config bench/quality/config.toml --at header --format json "$out/corpus" \
  > "$out/findings.json" 2> "$out/errors.txt" || true

python3 bench/quality/summarize.py "$out"
