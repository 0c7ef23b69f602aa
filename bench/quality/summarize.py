"""Prints, per rule, how many corpus messages it flags (and how many findings), from the JSON
that bench/quality/run.sh wrote. Used by run.sh; the table goes into README.md by hand."""
import collections
import json
import os
import pathlib
import subprocess
import sys

out = pathlib.Path(sys.argv[1])
corpus = sorted(p for p in (out / "corpus").rglob("*.eml"))
findings = json.loads((out / "findings.json").read_text() or "[]")
errors = [l for l in (out / "errors.txt").read_text(errors="replace").splitlines() if ": error:" in l]

rules = json.loads(subprocess.run(
    [os.environ.get("MAILCHECK", "target/release/mailcheck"), "rules", "--format", "json"],
    capture_output=True, text=True, check=True).stdout)

severity = {r["id"]: r.get("severity") for r in rules}


def rule_is_hint(rule):
    return severity.get(rule) == "hint"


flagged = collections.defaultdict(set)
hinted = collections.defaultdict(set)
count = collections.Counter()
for f in findings:
    # A finding a rule caps at "hint" (severity below the rule's own) is advice, counted apart.
    if f.get("severity") == "hint" and not rule_is_hint(f["rule"]):
        hinted[f["rule"]].add(f["file"])
        continue
    flagged[f["rule"]].add(f["file"])
    count[f["rule"]] += 1

by_corpus = collections.Counter(p.parent.name for p in corpus)
checked = len(corpus) - len(errors)
print(f"messages: {len(corpus)} ({', '.join(f'{k} {v}' for k, v in sorted(by_corpus.items()))}); "
      f"checked {checked}, not an email / unreadable {len(errors)}")
print()
print(f"| {'rule':<20} | {'messages flagged':>16} | {'share':>6} | {'findings':>8} | {'only a hint':>11} |")
print(f"|{'-' * 22}|{'-' * 18}|{'-' * 8}|{'-' * 10}|{'-' * 13}|")
for r in rules:
    n = len(flagged[r["id"]])
    share = f"{100 * n / checked:.1f}%" if checked else "-"
    h = len(hinted[r["id"]] - flagged[r["id"]])
    print(f"| {r['id']:<20} | {n:>16} | {share:>6} | {count[r['id']]:>8} | {h:>11} |")
if "--list" in sys.argv:
    for rule, files in sorted(flagged.items()):
        print(f"\n{rule}:")
        for f in sorted(files):
            print(f"  {f}")
