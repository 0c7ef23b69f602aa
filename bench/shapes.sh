#!/usr/bin/env bash
# The shapes of issue 15 that once grew faster than their input, at the issue's sizes, each
# checked by the release binary (one process per shape, GNU time): seconds, max RSS and exit
# code. The run with the least CPU time (user + sys) of SHAPES_RUNS is kept; on a shared machine
# the wall time also counts the time spent waiting for a core, so the target is read on CPU time
# (mailcheck checks one file on one thread). The same inputs as `shapes_that_grew_faster_than_their_input_are_bounded` in
# tests/robust_input.rs (plus 50,000 nested `<div>`), which holds the debug build to a loose
# bound; this script gives the exact release figures for bench/RESULTS.md.
# Target: each under 1 s and 200 MB, exit 0-2, no panic.
#
#   bash bench/shapes.sh                      # builds the release binary, prints a table
#   MAILCHECK_BIN=path bash bench/shapes.sh   # another build (before/after in one session)
#   SHAPES_RUNS=5 bash bench/shapes.sh        # best of 5 (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${CARGO_TARGET_DIR:-target}
[ -n "${MAILCHECK_BIN:-}" ] || cargo build --release --quiet
bin=${MAILCHECK_BIN:-$build_dir/release/mailcheck}
runs=${SHAPES_RUNS:-3}
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
out=target/shapes-bench
rm -rf "$out"
mkdir -p "$out"

python3 - "$out" <<'PY'
import pathlib, sys
out = pathlib.Path(sys.argv[1])
head = ("From: Anna Rossi <anna@example.com>\nTo: Bob <bob@example.org>\n"
        "Subject: Hostile input\nDate: Mon, 23 Nov 2026 10:00:00 +0100\nMIME-Version: 1.0\n")
paras = ["This is an English paragraph about the order and the delivery.",
         "Questo è un paragrafo italiano sull'ordine e la consegna.",
         "Это русский абзац о заказе и доставке товара."]
hostile = ["IDIOTS", "STUPID", "RIDICULOUS", "USELESS", "pathetic"]
shapes = [
    ("table-panic", True, "<table><td colspan=4><td rowspan=2></table>"),
    ("pre-dots", True, "<table><tr><td>" + "a" * 2000 + "?<tr><td><pre>" + ".\n" * 300
     + "</pre></table>"),
    ("spaces", False, "Can you send it? x." + " " * 20_000),
    ("idiot", False, "IDIOT " * 174_763),
    ("you-idiot", False, "YOU IDIOT " * 104_857),
    ("hostile", False, " ".join(hostile * 2000)),
    ("todo", False, "XXX TODO {{name}} " * (1024 * 1024 // 18)),
    ("div-50k", True, "<div>" * 50_000),
    ("div-100k", True, "<div>" * 100_000),
    ("ul", True, "<ul><li>" * 50_000),
    ("bq", True, "<blockquote>" * 50_000),
    ("langs", False, "\n\n".join(paras[i % 3] for i in range(40_000))),
    ("bold", True, "<b>" * 340_000 + "x"),
]
for name, html, body in shapes:
    ct = "text/html" if html else "text/plain"
    (out / f"{name}.eml").write_text(f"{head}Content-Type: {ct}; charset=utf-8\n\n{body}\n")
PY

echo "Release binary: $bin ($(git rev-parse --short HEAD)), best of $runs runs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| shape | input | CPU s (user+sys) | wall s | max RSS MB | exit |"
echo "|---|---|---|---|---|---|"
fail=0
for f in "$out"/*.eml; do
    best_s=999 best_wall=0 best_kb=0 code=0
    for _ in $(seq "$runs"); do
        code=0
        MAILCHECK_NOW=2026-11-23T08:00:00Z /usr/bin/time -f "%e %U %S %M" -o "$out/time" \
            "$bin" --config tests/fixtures/mailcheck.toml --at 2026-11-23T10:00:00Z "$f" \
            >"$out/stdout" 2>"$out/stderr" || code=$?
        read -r wall user sys kb < <(tail -1 "$out/time")
        t=$(python3 -c "print(round($user + $sys, 2))")
        if python3 -c "import sys; sys.exit(0 if $t < $best_s else 1)"; then best_s=$t best_wall=$wall best_kb=$kb; fi
    done
    size=$(stat -c %s "$f")
    mb=$(python3 -c "print(round($best_kb / 1024, 1))")
    echo "| $(basename "$f" .eml) | $(python3 -c "print(f'{$size/1024:.0f} KB')") | $best_s | $best_wall | $mb | $code |"
    if [ "$code" -gt 2 ] || grep -q panicked "$out/stderr" ||
        ! python3 -c "import sys; sys.exit(0 if $best_s < 1 and $best_kb < 200 * 1024 else 1)"; then
        fail=1
    fi
done
echo
[ $fail = 0 ] && echo "All shapes under 1 s and 200 MB, exit at most 2." || echo "A shape missed the target (1 s, 200 MB, exit <= 2)."
exit $fail
