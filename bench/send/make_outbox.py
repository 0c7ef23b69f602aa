#!/usr/bin/env python3
"""Builds an outbox directly in the queue format of src/outbox/store.rs (much faster than
`mailcheck send` in a loop): msg/<id>.eml, meta/<id>.json (mode 0600), due/<hour>/<stamp>_<id>.

    make_outbox.py DIR --scheduled N [--due K] [--now 2026-11-23T09:00:00Z] [--to ADDR]

N entries are scheduled after --now (spread over the next 30 days, the way a busy outbox looks);
K more are due at --now. Message bodies are small plain-text drafts with distinct Message-IDs.
"""
import argparse
import datetime as dt
import json
import os
import secrets


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--scheduled", type=int, default=0)
    p.add_argument("--due", type=int, default=0)
    p.add_argument("--now", default="2026-11-23T09:00:00Z")
    p.add_argument("--to", default="anna@example.it")
    a = p.parse_args()
    now = dt.datetime.strptime(a.now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    root = a.dir
    for sub in ["tmp", "msg", "meta", "due", "done", "sent", "sent/tmp", "sent/new", "sent/cur"]:
        os.makedirs(os.path.join(root, sub), mode=0o700, exist_ok=True)
    os.chmod(root, 0o700)
    span = 30 * 86400
    total = a.scheduled + a.due
    used = set()
    for i in range(total):
        while True:
            eid = secrets.token_hex(6)
            if eid not in used:
                used.add(eid)
                break
        if i < a.due:
            due = now
        else:
            # Whole seconds after now, spread evenly over 30 days.
            due = now + dt.timedelta(seconds=60 + (i - a.due) * (span // max(a.scheduled, 1)))
        stamp = due.strftime("%Y%m%dT%H%M%SZ")
        hour_dir = os.path.join(root, "due", stamp[:11])
        os.makedirs(hour_dir, mode=0o700, exist_ok=True)
        iso = due.strftime("%Y-%m-%dT%H:%M:%SZ")
        mid = "%d.%s@example.it" % (int(now.timestamp()), eid)
        body = (
            "Message-ID: <%s>\nFrom: Marta Rossi <marta@example.it>\nTo: Anna <%s>\n"
            "Subject: Report %d\n\nHello Anna,\n\nthe report %d is ready in the shared folder.\n"
            "The figures are final; the slides follow tomorrow.\n\nBest regards,\nMarta\n"
            % (mid, a.to, i, i)
        )
        meta = {
            "id": eid,
            "message_id": mid,
            "state": "queued",
            "created": a.now,
            "due": iso,
            "first_due": iso,
            "sender_zone": "Europe/Rome",
            "from": "marta@example.it",
            "recipients": [{"address": a.to, "state": "pending"}],
            "subject": "Report %d" % i,
            "attempts": 0,
        }
        for path, data in (
            (os.path.join(root, "msg", eid + ".eml"), body.encode()),
            (os.path.join(root, "meta", eid + ".json"), json.dumps(meta, indent=2).encode()),
            (os.path.join(hour_dir, stamp + "_" + eid), b""),
        ):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, data)
            os.close(fd)


if __name__ == "__main__":
    main()
