"""Draws the hand-read sample of bench/quality/spamassassin.sh's findings: per rule, up to N
flagged messages (default 20) drawn with a fixed seed, each shown with the rule's findings and the
lines around them as the reader split them (own / quote / signature), for judging by hand.

Usage: python3 bench/quality/sample.py target/quality-sa [--n 20] [--rule RULE] [--severity warning]
       [--seed 14]  (the fixed seed; another one draws a held-out sample to check a change on)
The verdicts go into bench/quality/judged/<rule>.tsv (rule, message, right|wrong, one line of
reason; a rule written `rule/after` is a re-judged sample after a change);
`python3 bench/quality/sample.py --score bench/quality/judged` prints precision per rule (a
directory of .tsv files, or one or more files)."""
import collections
import json
import os
import pathlib
import random
import subprocess
import sys

args = sys.argv[1:]


def opt(name, default):
    return args[args.index(name) + 1] if name in args else default


if "--score" in args:
    paths = []
    for a in args[args.index("--score") + 1:]:
        p = pathlib.Path(a)
        paths += sorted(p.glob("*.tsv")) if p.is_dir() else [p]
    rows = [l.split("\t") for p in paths for l in p.read_text().splitlines()
            if l.strip() and not l.startswith("#")]
    per = collections.defaultdict(collections.Counter)
    for r in rows:
        per[r[0]][r[2].strip()] += 1
    print(f"| {'rule':<20} | judged | right | precision |")
    print(f"|{'-' * 22}|--------|-------|-----------|")
    for rule, c in sorted(per.items()):
        n = c["right"] + c["wrong"]
        print(f"| {rule:<20} | {n:>6} | {c['right']:>5} | {100 * c['right'] / n:>8.0f}% |")
    sys.exit(0)

out = pathlib.Path(args[0])
n = int(opt("--n", "20"))
only = opt("--rule", None)
seed = opt("--seed", "14")  # another seed draws a held-out sample
rank = {"hint": 0, "warning": 1, "error": 2}
floor = rank[opt("--severity", "hint")]
binary = os.environ.get("MAILCHECK", "target/release/mailcheck")
findings = json.loads((out / "findings.json").read_text() or "[]")
by_rule = collections.defaultdict(lambda: collections.defaultdict(list))
for f in findings:
    if rank[f["severity"]] >= floor:
        by_rule[f["rule"]][f["file"]].append(f)
skip = {"off-hours", "empty-subject", "html-only", "subject-length", "long-thread",
        "late-reply", "recipients-exposed", "large-attachment", "too-long"}
for rule in sorted(by_rule):
    if (only and rule != only) or (not only and rule in skip):
        continue
    files = sorted(by_rule[rule])
    picked = sorted(random.Random(f"{rule}-{seed}").sample(files, min(n, len(files))))
    print(f"\n##### {rule}: {len(files)} messages flagged, {len(picked)} drawn")
    for path in picked:
        ins = json.loads(subprocess.run([binary, "inspect", "--format", "json", path],
                                        capture_output=True, text=True).stdout or "{}")
        lines = ins.get("lines", [])
        print(f"\n=== {rule}\t{pathlib.Path(path).name}")
        for f in by_rule[rule][path]:
            print(f"  [{f['severity']}] {f['message']}  (text line {f['text_line']})")
        shown = set()
        for f in by_rule[rule][path]:
            t = f.get("text_line")
            if t:
                shown.update(range(max(0, t - 4), t + 2))
        if not shown:
            shown = set(range(0, 12))
        for i in sorted(shown):
            if i < len(lines):
                l = lines[i]
                print(f"    {i + 1:>4} {l.get('kind', '?')[:5]:<5}| {l.get('text', '')[:150]}")
