#!/usr/bin/env bash
# Benchmarks for issue 7. Every figure is a ratio against a baseline measured in the same run.
# Installs what it compares against (hyperfine, GNU time from Debian; proselint from PyPI;
# write-good and alex from npm) and prints a Markdown table (copy it into bench/RESULTS.md).
#
#   bench/run.sh            # everything below
#   BENCH_QUICK=1 bench/run.sh   # smaller corpus, fewer runs
#   BENCH_PARTS=check bench/run.sh   # 1, 2, 3 and 6 only (not bench/desk.sh, bench/send.sh)
#   MAILCHECK_BIN=path/to/mailcheck BENCH_PARTS=check bench/run.sh   # 2, 3, 6 with another
#                           # build (an older commit's, for before/after in one session)
#
# Covered: 1. bulk checking vs the parse-only baseline (criterion, benches/bulk.rs); 2. one
# draft, whole process, vs `mailcheck --version` (hyperfine); 3. prose linters on the same
# bodies; 6. peak memory. At the end, bench/desk.sh (7. `mailcheck report` at 100,000 messages)
# and bench/send.sh (4. sending vs msmtp/smtplib, 5. outbox scale, with their peak memory).
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
n_target=${BENCH_MESSAGES:-5000}
[ -n "${BENCH_QUICK:-}" ] && n_target=1000

need() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! need hyperfine || [ ! -x /usr/bin/time ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine time >/dev/null
fi

cargo build --release --quiet
# Builds go where cargo puts them (CARGO_TARGET_DIR, else target/); the corpus stays in target/.
build_dir=${CARGO_TARGET_DIR:-target}
bin=${MAILCHECK_BIN:-$build_dir/release/mailcheck}
parts=${BENCH_PARTS:-check desk send}

# The corpus: real messages (mail-parser's and CPython's test mail, via bench/quality/run.sh's
# corpus step) and our fixtures, replicated with a varied Subject until there are n_target.
if [ ! -d target/quality/corpus ]; then bash bench/quality/run.sh >/dev/null; fi
python3 - "$n_target" "$out/corpus" <<'PY'
import pathlib, shutil, sys
n, dest = int(sys.argv[1]), pathlib.Path(sys.argv[2])
shutil.rmtree(dest, ignore_errors=True); dest.mkdir(parents=True)
src = sorted(pathlib.Path("target/quality/corpus").rglob("*.eml")) + \
      sorted(p for p in pathlib.Path("tests/fixtures").rglob("*.eml") if "broken" not in p.parts)
i = 0
while i < n:
    for p in src:
        if i >= n: break
        data = p.read_bytes()
        data = data.replace(b"Subject: ", b"Subject: [copy %d] " % (i // len(src)), 1)
        (dest / f"{i:05d}.eml").write_bytes(data)
        i += 1
print(f"corpus: {i} messages from {len(src)} originals", file=sys.stderr)
PY

echo "## mailcheck benchmarks ($(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
echo

# 1. Bulk: criterion, same process, same messages (the working tree's code only).
if [ -z "${MAILCHECK_BIN:-}" ]; then
MAILCHECK_BENCH_CORPUS="$out/corpus" cargo bench --quiet --bench bulk -- --noplot >"$out/criterion.txt" 2>&1
python3 - "$build_dir" <<'PY'
import json, pathlib, sys
base = pathlib.Path(sys.argv[1]) / "criterion/bulk"
est = {d.name: json.loads((d / "new/estimates.json").read_text())["mean"]["point_estimate"]
       for d in base.iterdir() if (d / "new/estimates.json").exists()}
n = sum(1 for _ in pathlib.Path("target/bench/corpus").glob("*.eml"))
p = est["parse-only"]
print(f"### 1. Bulk checking, {n} messages (criterion, mean of 10 samples)\n")
print("| run | per message | ratio to parse-only |")
print("|---|---|---|")
for k in ["parse-only", "draft-model", "check-1-thread", "check-all-cores"]:
    print(f"| {k} | {est[k] / n / 1000:.1f} µs | {est[k] / p:.2f}x |")
print()
PY
fi

# 2. One draft, whole process.
hyperfine -N --warmup 10 --runs 200 --export-json "$out/one.json" \
  "$bin --version" "$bin --config bench/quality/config.toml examples/it-preventivo.eml" >/dev/null 2>&1
python3 - <<'PY'
import json
r = json.load(open("target/bench/one.json"))["results"]
v, c = r[0]["mean"] * 1000, r[1]["mean"] * 1000
print("### 2. One draft before sending (hyperfine, 200 runs)\n")
print("| command | mean | |")
print("|---|---|---|")
print(f"| mailcheck --version | {v:.2f} ms | baseline |")
print(f"| mailcheck examples/it-preventivo.eml | {c:.2f} ms | +{c - v:.2f} ms ({c / v:.2f}x) |")
print()
PY

# 3. Prose linters on the same bodies: 200 messages, and 2,000 so that every tool's start-up
# (mailcheck's, Python's, Node's) weighs the same little per message.
python3 -m pip install --quiet proselint >/dev/null 2>&1 || python3 -m pip install --quiet --break-system-packages proselint >/dev/null 2>&1 || true
npm install --silent --prefix target/bench-node write-good alex >/dev/null 2>&1 || true
python3 - <<'PY'
import email, email.policy, pathlib, shutil
for n in (200, 2000):
    src = sorted(pathlib.Path("target/bench/corpus").glob("*.eml"))[:n]
    txt = pathlib.Path(f"target/bench/bodies{n}"); shutil.rmtree(txt, ignore_errors=True); txt.mkdir()
    eml = pathlib.Path(f"target/bench/sample{n}"); shutil.rmtree(eml, ignore_errors=True); eml.mkdir()
    for p in src:
        m = email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        part = m.get_body(preferencelist=("plain", "html"))
        try:
            body = part.get_content() if part else ""
        except Exception:
            body = ""
        (txt / (p.stem + ".txt")).write_text(body if isinstance(body, str) else "")
        (eml / p.name).write_bytes(p.read_bytes())
PY
python3 - "$bin" <<'PY'
import glob, os, shutil, subprocess, sys, time
bin = sys.argv[1]
def timed(cmd, runs, env=None):
    """The median wall time of `runs` runs (one run is at the mercy of the machine's load)."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2]
tools = {
    "proselint": shutil.which("proselint"),
    "write-good": "target/bench-node/node_modules/.bin/write-good",
    "alex": "target/bench-node/node_modules/.bin/alex",
}
for n, runs in ((200, 5), (2000, 3)):
    bodies = sorted(glob.glob(f"target/bench/bodies{n}/*.txt"))
    ours = timed([bin, "--config", "bench/quality/config.toml", f"target/bench/sample{n}"], runs)
    print(f"### 3. Against prose linters, the same {len(bodies)} message bodies (one process each, median of {runs} runs)\n")
    print("| tool | total | per message | mailcheck is |")
    print("|---|---|---|---|")
    print(f"| mailcheck | {ours:.3f} s | {ours * 1000 / n:.3f} ms | baseline |")
    # The linters run on one core; mailcheck uses both for many files. The same on one thread:
    one = timed([bin, "--config", "bench/quality/config.toml", f"target/bench/sample{n}"], runs,
                env={**os.environ, "RAYON_NUM_THREADS": "1"})
    print(f"| mailcheck, one thread | {one:.3f} s | {one * 1000 / n:.3f} ms | {one / ours:.2f}x the time |")
    for name, path in tools.items():
        if not path or not os.path.exists(path):
            print(f"| {name} | not installed | | |")
            continue
        args = [path, "check", *bodies] if name == "proselint" else [path, *bodies]
        t = timed(args, runs)
        print(f"| {name} | {t:.3f} s | {t * 1000 / n:.3f} ms | {t / ours:.1f}x faster |")
    print()
PY

# 6. Peak memory (GNU time, max RSS).
# mailcheck exits 1 or 2 when it finds something: that is not a benchmark failure.
rss() { { /usr/bin/time -f %M "$@" 2>&1 >/dev/null || true; } | tail -1; }
python3 - <<'PY'
import pathlib, shutil
src, dst = pathlib.Path("target/bench/corpus"), pathlib.Path("target/bench/c1000")
shutil.rmtree(dst, ignore_errors=True); dst.mkdir()
for p in sorted(src.glob("*.eml"))[:1000]:
    shutil.copy(p, dst / p.name)
PY
one=$(rss "$bin" --config bench/quality/config.toml examples/it-preventivo.eml)
k1=$(rss "$bin" --config bench/quality/config.toml --format json "$out/c1000")
k5=$(rss "$bin" --config bench/quality/config.toml --format json "$out/corpus")
echo "### 6. Peak memory (max RSS)"
echo
echo "| run | max RSS |"
echo "|---|---|"
echo "| one draft | $one KiB |"
echo "| bulk, 1,000 messages | $k1 KiB |"
echo "| bulk, $(find "$out/corpus" -name '*.eml' | wc -l) messages | $k5 KiB |"
case " $parts " in *" desk "*) bash bench/desk.sh ;; esac
case " $parts " in *" send "*) bash bench/send.sh ;; esac
