#!/usr/bin/env python3
"""The driver of bench/send.sh: see there. Argument: the mailcheck binary."""
import glob
import os
import shutil
import smtplib
import ssl
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.path.abspath(sys.argv[1])
QUICK = bool(os.environ.get("BENCH_QUICK"))
N_SEND = 200 if QUICK else 1000
SIZES = [1000, 10000] if QUICK else [1000, 10000, 100000]
NOW = "2026-11-23T09:00:00Z"
USER, PASSWORD = "bench", "bench-pw-0451"
TO = "anna@example.it"


def make_outbox(path, scheduled=0, due=0):
    shutil.rmtree(path, ignore_errors=True)
    subprocess.run(
        [sys.executable, os.path.join(HERE, "make_outbox.py"), path,
         "--scheduled", str(scheduled), "--due", str(due), "--now", NOW, "--to", TO],
        check=True,
    )


def timed(cmd, env=None, stdin=None):
    """Wall time and max RSS (KiB, GNU time) of one run."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, env=env, stdin=stdin,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr.decode(errors="replace")))
    rss = int(p.stderr.decode().strip().splitlines()[-1])
    return wall, rss


def config(path, outbox, smtp=""):
    with open(path, "w") as f:
        f.write('[sender]\ntimezone = "Europe/Rome"\n[outbox]\npath = "%s"\n%s' % (outbox, smtp))
    os.chmod(path, 0o600)


def mib(kib):
    return "%.1f MiB" % (kib / 1024)


def main():
    work = tempfile.mkdtemp(prefix="mailcheck-bench-send-")
    env = dict(os.environ, MAILCHECK_NOW=NOW, NO_COLOR="1", BENCH_SMTP_PW=PASSWORD)
    # The server: the outbox tests' aiosmtpd (STARTTLS required, AUTH required over TLS).
    server = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "tests/smtp_server.py"), "--dir", work,
         "--user", USER, "--password", PASSWORD, "--no-save"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )
    port = int(server.stdout.readline().decode().split()[1])
    ca = os.path.join(work, "ca.pem")
    try:
        print("## Sending and outbox scale (%s, %d cores)\n" % (time.strftime("%Y-%m-%d"), os.cpu_count()))
        # 4. Sending. The messages: queued by make_outbox.py, all due now.
        outbox = os.path.join(work, "send-outbox")
        make_outbox(outbox, due=N_SEND)
        msgs = [open(p, "rb").read() for p in sorted(glob.glob(outbox + "/msg/*.eml"))]
        cfg = os.path.join(work, "send.toml")
        config(cfg, outbox, '[smtp]\nhost = "127.0.0.1"\nport = %d\ntls = "starttls"\n'
               'username = "%s"\npassword_env = "BENCH_SMTP_PW"\nca_file = "%s"\n'
               'hello_name = "bench.test"\n' % (port, USER, ca))
        runs = []
        for i in range(3):
            if i:
                make_outbox(outbox, due=N_SEND)
            # The queue on disk, as one that waited for its time would be: the run's own syncs
            # then pay for the run's own writes only.
            os.sync()
            wall, rss = timed([BIN, "--config", cfg, "outbox", "run", "--once"], env=env)
            left = len(glob.glob(outbox + "/meta/*.json"))
            if left:
                sys.exit("mailcheck left %d messages unsent" % left)
            runs.append((wall, rss))
        ours, ours_rss = statistics.median(r[0] for r in runs), max(r[1] for r in runs)

        # The syncs behind it: strace -c on a 100-message run.
        syncs = None
        if shutil.which("strace"):
            make_outbox(outbox, due=100)
            os.sync()
            p = subprocess.run(["strace", "-f", "-c", "-e", "trace=fsync,fdatasync,syncfs",
                                BIN, "--config", cfg, "outbox", "run", "--once"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if p.returncode == 0:
                syncs = {}
                for line in p.stderr.decode().splitlines():
                    f = line.split()
                    if len(f) >= 5 and f[-1] in ("fsync", "fdatasync", "syncfs"):
                        syncs[f[-1]] = int(f[3])

        # smtplib: one connection, STARTTLS, AUTH, every message.
        def smtplib_run():
            ctx = ssl.create_default_context(cafile=ca)
            with smtplib.SMTP("127.0.0.1", port) as s:
                s.ehlo("bench.test")
                s.starttls(context=ctx)
                s.ehlo("bench.test")
                s.login(USER, PASSWORD)
                for m in msgs:
                    s.sendmail("marta@example.it", [TO], m)
        py = []
        for _ in range(3):
            t = time.perf_counter()
            smtplib_run()
            py.append(time.perf_counter() - t)
        py = statistics.median(py)

        # msmtp: one process per message (what msmtpq does when it flushes its queue).
        rc = os.path.join(work, "msmtprc")
        with open(rc, "w") as f:
            f.write("account bench\nhost 127.0.0.1\nport %d\ntls on\ntls_starttls on\n"
                    "tls_trust_file %s\nauth on\nuser %s\npassword %s\nfrom marta@example.it\n"
                    "domain bench.test\n" % (port, ca, USER, PASSWORD))
        os.chmod(rc, 0o600)
        n_msmtp = len(msgs)
        t = time.perf_counter()
        msmtp_rss = 0
        for m in msgs[:n_msmtp]:
            p = subprocess.run(["/usr/bin/time", "-f", "%M", "msmtp", "-C", rc, "-a", "bench", TO],
                               input=m, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if p.returncode != 0:
                sys.exit("msmtp failed: %s" % p.stderr.decode(errors="replace"))
            msmtp_rss = max(msmtp_rss, int(p.stderr.decode().strip().splitlines()[-1]))
        msmtp = (time.perf_counter() - t) * len(msgs) / n_msmtp

        n = len(msgs)
        print("### 4. Sending %d messages (STARTTLS + AUTH, local aiosmtpd)\n" % n)
        print("| sender | total | messages/s | mailcheck is |")
        print("|---|---|---|---|")
        print("| mailcheck `outbox run --once` (median of 3) | %.2f s | %.0f | baseline |" % (ours, n / ours))
        print("| msmtp, one process per message | %.2f s | %.0f | %.1fx faster |"
              % (msmtp, n / msmtp, msmtp / ours))
        print("| Python smtplib, one connection (median of 3) | %.2f s | %.0f | %.2fx the time |"
              % (py, n / py, ours / py))
        print()
        print("Peak memory: mailcheck %s; msmtp %s per process.\n" % (mib(ours_rss), mib(msmtp_rss)))
        if syncs is not None:
            print("Syncs per message sent (strace -f -c, 100 messages): %.2f (%s).\n" % (
                sum(syncs.values()) / 100,
                ", ".join("%s %d" % kv for kv in sorted(syncs.items()))))

        # 5. Scale.
        print("### 5. Outbox scale: N scheduled messages, none due\n")
        print("| N | `run --once` | max RSS | `list` | max RSS | `list --format json` | max RSS |")
        print("|---|---|---|---|---|---|---|")
        for size in SIZES:
            ob = os.path.join(work, "ob%d" % size)
            make_outbox(ob, scheduled=size)
            c = os.path.join(work, "c%d.toml" % size)
            config(c, ob, '[smtp]\nhost = "127.0.0.1"\nport = 9\ntls = "none"\n')
            run = [timed([BIN, "--config", c, "outbox", "run", "--once"], env=env) for _ in range(7)]
            lst = [timed([BIN, "--config", c, "outbox", "list"], env=env) for _ in range(3)]
            js = [timed([BIN, "--config", c, "outbox", "list", "--format", "json"], env=env) for _ in range(3)]
            med = lambda rs: statistics.median(r[0] for r in rs)
            top = lambda rs: max(r[1] for r in rs)
            print("| %d | %.1f ms | %s | %.2f s | %s | %.2f s | %s |" % (
                size, med(run) * 1000, mib(top(run)), med(lst), mib(top(lst)), med(js), mib(top(js))))
            shutil.rmtree(ob, ignore_errors=True)
        print()
    finally:
        server.stdin.close()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
