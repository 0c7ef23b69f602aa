#!/usr/bin/env python3
"""Submission speed of `mailcheck serve` beside Python's aiosmtpd receiving the same messages.

    python3 bench/serve/bench.py path/to/mailcheck [N] [ROUNDS] [path/to/earlier/mailcheck]

One client (smtplib, STARTTLS + AUTH PLAIN) submits N clean messages (tests/fixtures/en-clean.eml
with a numbered Subject) over one connection to each server in turn, ROUNDS times interleaved:
- aiosmtpd: tests/smtp_server.py --no-save (STARTTLS and AUTH, keeps nothing: the bare protocol);
- mailcheck serve: each message checked, planned and made durable before its 250 (one record
  synced in the intake journal; the outbox files follow, see src/outbox/intake.rs). The clock is
  a Saturday night, so everything waits for Monday and the runner sends nothing during the run.
  Afterwards all N entries must be in the outbox.
- with a fourth argument, an earlier build of mailcheck too (before/after in the same run).
Prints a Markdown table: messages per second (median of the rounds), the receiving process's CPU
time per message (user + system, all its threads, median) and the ratios.

The rounds' directories are removed only at the end: this machine's ext4 has no journal, and
ext4 then skips, for every new file, each inode of its block group freed in the last 1-4 minutes
(`recently_deleted`); removing one round's 2,000-3,000 outbox files made each file of the next
round cost ~0.7 ms instead of ~0.05 ms, so rounds were not alike (the first was the fastest).
"""

import os
import shutil
import socket
import smtplib
import ssl
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def submit(port, user, password, msgs):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    t0 = time.perf_counter()
    s = smtplib.SMTP("127.0.0.1", port, timeout=60)
    s.starttls(context=ctx)
    s.login(user, password)
    for m in msgs:
        s.sendmail("hannah@example.com", ["tom@example.com"], m)
    s.quit()
    return time.perf_counter() - t0


def start_aiosmtpd(tmp):
    p = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "tests/smtp_server.py"), "--dir", tmp,
         "--user", "u", "--password", "p", "--no-save"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = int(p.stdout.readline().split()[1])
    return p, port


def start_serve(binary, tmp):
    port = free_port()
    cfg = os.path.join(tmp, "mailcheck.toml")
    with open(cfg, "w") as f:
        f.write(
            '[sender]\ntimezone = "Europe/Rome"\n[outbox]\npath = "outbox"\n'
            '[smtp]\nhost = "127.0.0.1"\nport = 9\ntls = "none"\n'
            '[serve]\nlisten = "127.0.0.1:%d"\ntls_listen = ""\nusername = "u"\n'
            'password_env = "MC_BENCH_PW"\n' % port)
    os.chmod(cfg, 0o600)
    env = dict(os.environ, MAILCHECK_CONFIG=cfg, MC_BENCH_PW="p",
               MAILCHECK_NOW="2026-11-21T23:00:00+01:00", XDG_DATA_HOME=os.path.join(tmp, "xdg"))
    p = subprocess.Popen([binary, "serve"], env=env, cwd=tmp, stderr=subprocess.PIPE, text=True)
    while "listening on" not in p.stderr.readline():
        pass
    # Drain its log so it never blocks on a full pipe.
    import threading
    threading.Thread(target=lambda: [None for _ in p.stderr], daemon=True).start()
    return p, port


def cpu_seconds(pid):
    """User + system CPU time of a live process, all its threads (ended ones too)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def count_queued(tmp, n):
    """Entries in the outbox's meta/ once the server has written them (at most 10 s)."""
    meta = os.path.join(tmp, "outbox", "meta")
    deadline = time.monotonic() + 10
    while True:
        queued = len(os.listdir(meta))
        if queued >= n or time.monotonic() > deadline:
            return queued
        time.sleep(0.05)


def main():
    binary = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    before = os.path.abspath(sys.argv[4]) if len(sys.argv) > 4 else None
    text = open(os.path.join(ROOT, "tests/fixtures/en-clean.eml"), "rb").read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    msgs = [text.replace(b"Subject: Your new website is live", b"Subject: bench %d" % i)
            for i in range(n)]
    servers = [("serve", binary)] + ([("before", before)] if before else [])
    rates = {"aiosmtpd": [], "serve": [], "before": []}
    cpu = {"aiosmtpd": [], "serve": [], "before": []}
    keep = []  # the rounds' directories, removed at the end (see above)
    try:
        for _ in range(rounds):
            tmp = tempfile.mkdtemp(prefix="mailcheck-bench-")
            keep.append(tmp)
            p, port = start_aiosmtpd(tmp)
            c0 = cpu_seconds(p.pid)
            rates["aiosmtpd"].append(n / submit(port, "u", "p", msgs))
            cpu["aiosmtpd"].append((cpu_seconds(p.pid) - c0) / n)
            p.kill(); p.wait()
            for name, path in servers:
                tmp = tempfile.mkdtemp(prefix="mailcheck-bench-")
                keep.append(tmp)
                p, port = start_serve(path, tmp)
                c0 = cpu_seconds(p.pid)
                rates[name].append(n / submit(port, "u", "p", msgs))
                queued = count_queued(tmp, n)
                # Until every entry's files are written (the runner, after the 250s).
                cpu[name].append((cpu_seconds(p.pid) - c0) / n)
                p.kill(); p.wait()
                assert queued == n, "%s: only %d of %d queued" % (path, queued, n)
    finally:
        for tmp in keep:
            shutil.rmtree(tmp, ignore_errors=True)
    a = statistics.median(rates["aiosmtpd"])
    s = statistics.median(rates["serve"])

    def row(label, name):
        return "| %s | %.0f | %s | %.2f |" % (
            label, statistics.median(rates[name]), ", ".join("%.0f" % r for r in rates[name]),
            1000 * statistics.median(cpu[name]))

    print("| receiver (%d messages, one connection, %d rounds) | messages/s (median) | rounds | server CPU ms/message |" % (n, rounds))
    print("|---|---|---|---|")
    print(row("aiosmtpd --no-save (protocol only)", "aiosmtpd"))
    if before:
        b = statistics.median(rates["before"])
        print(row("mailcheck serve, earlier build (%s)" % before, "before"))
    print(row("mailcheck serve (check + durable queue)", "serve"))
    print("\nmailcheck serve / aiosmtpd: %.2fx" % (s / a))
    if before:
        print("earlier build / aiosmtpd: %.2fx; this build / earlier: %.2fx" % (b / a, s / b))


if __name__ == "__main__":
    main()
