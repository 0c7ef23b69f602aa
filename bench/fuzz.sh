#!/usr/bin/env bash
# The long fuzz run (not part of the test suite): installs cargo-fuzz if needed, seeds each
# target's corpus with the real test messages and mail-parser's own test messages, and runs
# every target for N seconds (default 300), both at once on two cores.
#
#   bash bench/fuzz.sh            # 300 s per target
#   bash bench/fuzz.sh 60 check   # 60 s, only the `check` target
#
# Each input has 2 s (`-timeout=2`): a slow input is a failure, as a crash is.
# A crash stops its target and leaves the input in fuzz/artifacts/<target>/; copy it to
# tests/fixtures/fuzz/ with a test in tests/robust_input.rs once the cause is fixed.
# cargo-fuzz needs nightly flags: RUSTC_BOOTSTRAP=1 lets this stable toolchain take them.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(check queue_entry)
export RUSTC_BOOTSTRAP=1

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

# Seeds.
mkdir -p fuzz/corpus/check fuzz/corpus/queue_entry
seed() { cp -f "$1" "fuzz/corpus/$2/seed-$(cksum <"$1" | cut -d' ' -f1)"; }
while IFS= read -r -d '' f; do seed "$f" check; done \
    < <(find tests/fixtures examples -type f \( -name '*.eml' -o -name '*.txt' \) -print0 2>/dev/null)
mp=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/mail-parser-0.11.9 2>/dev/null | head -1 || true)
if [ -n "$mp" ]; then
    while IFS= read -r -d '' f; do seed "$f" check; done < <(find "$mp/resources/eml" -type f -name '*.eml' -print0)
fi
# HTML seeds: the benchmark's HTML mail, and the shapes that once panicked or took seconds.
while IFS= read -r -d '' f; do seed "$f" check; done \
    < <(find bench/html -type f -name '*.eml' -print0 2>/dev/null)
html_seed() {
    printf 'From: a@example.com\nSubject: s\nContent-Type: text/html\n\n%s\n' "$2" \
        >"fuzz/corpus/check/seed-html-$1"
}
html_seed table '<table><td colspan=4><td rowspan=2></table>'
html_seed pre "<table><tr><td>$(printf 'a%.0s' {1..200})?<tr><td><pre>$(printf '.\n%.0s' {1..30})</pre></table>"
html_seed nest "$(printf '<div><ul><li><blockquote><b>%.0s' {1..100})x"
html_seed gmail '<div>Ok.</div><div class="gmail_quote"><div class="gmail_attr">On Mon, A wrote:</div><blockquote class="gmail_quote"><div>No!!!</div></blockquote></div>'
# Queue entries: one meta line, then a message.
meta='{"id":"a1","message_id":"x@example.com","state":"queued","created":"2026-11-23T10:00:00Z","due":"2026-11-23T10:00:00Z","first_due":"2026-11-23T10:00:00Z","sender_zone":"Europe/Rome","from":"a@example.com","recipients":[{"address":"b@example.com","state":"pending"}],"attempts":0}'
for f in tests/fixtures/*.eml; do
    { printf '%s\n' "$meta"; cat "$f"; } >"fuzz/corpus/queue_entry/seed-$(basename "$f")"
done
printf '%s' "${meta:0:90}" >fuzz/corpus/queue_entry/seed-truncated

# Build once, then run the targets side by side.
cargo fuzz build -O --fuzz-dir fuzz
pids=()
for t in "${targets[@]}"; do
    cargo fuzz run -O --fuzz-dir fuzz "$t" "fuzz/corpus/$t" -- \
        -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=2 -print_final_stats=1 \
        >"fuzz/$t.log" 2>&1 &
    pids+=($!)
done
status=0
for i in "${!pids[@]}"; do
    t=${targets[$i]}
    if wait "${pids[$i]}"; then
        echo "$t: no crash; $(grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "fuzz/$t.log" | tr '\n' ' ')"
    else
        status=1
        echo "$t: CRASH, see fuzz/$t.log and fuzz/artifacts/$t/"
        grep -E 'panicked|ERROR|Test unit written' "fuzz/$t.log" | head -5
    fi
done
exit $status
