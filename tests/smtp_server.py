#!/usr/bin/env python3
"""A real SMTP server for the outbox tests: aiosmtpd with STARTTLS (required) and AUTH
(required, only over TLS), with a certificate from a throw-away CA made by trustme.

    python3 tests/smtp_server.py --dir DIR --user U --password P

Writes DIR/ca.pem (the CA to trust), prints "READY <port>" on stdout, and serves until its
standard input closes. Every accepted message is saved as DIR/msg-<n>.eml (the bytes as received,
dot-unstuffed) and DIR/msg-<n>.json (envelope: mail_from, mail_options (the MAIL FROM
parameters, upper-cased by aiosmtpd, e.g. "BODY=8BITMIME"), rcpt_tos; peer: the client's address
and port, which tells the connections apart). aiosmtpd advertises 8BITMIME (not SMTPUTF8).
With --no-save nothing is written (benchmarks). A wrong login is answered "535 5.7.8
Authentication credentials invalid", or with --auth-refuse's reply ("534 5.7.9 ...").

Recipients steer the server's replies, by their local part:
  rcpt-550...       RCPT is refused with 550
  rcpt-451...       RCPT is refused with 451
  data-451-once...  the first DATA of each Message-ID gets 451, later ones 250
  data-550...       DATA gets 550
  data-hang...      the message is saved, but no reply comes after the data
  rcpt-drop...      the server drops the connection at RCPT, without a reply
  rcpt-slow...      RCPT is answered (250) after 4 seconds
  data-slow...      the message is saved, and the reply after the data comes 3 seconds later
  close-after...    the message is accepted, then the server closes the connection (as a
                    server does at its limit of messages per connection, or when idle)
"""

import argparse
import asyncio
import json
import os
import re
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

import trustme


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler:
    def __init__(self, out_dir, save=True):
        self.out_dir = out_dir
        self.save_files = save
        self.count = 0
        self.seen = {}
        self.lock = threading.Lock()

    def save(self, envelope, session):
        with self.lock:
            self.count += 1
            n = self.count
        if not self.save_files:
            return n
        base = os.path.join(self.out_dir, "msg-%04d" % n)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.replace(base + ".eml.tmp", base + ".eml")
        meta = {
            "mail_from": envelope.mail_from,
            "mail_options": list(envelope.mail_options),
            "rcpt_tos": list(envelope.rcpt_tos),
            "peer": list(session.peer)[:2],
        }
        with open(base + ".json.tmp", "w") as f:
            json.dump(meta, f)
        os.replace(base + ".json.tmp", base + ".json")
        return n

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("rcpt-550"):
            return "550 5.1.1 <%s>: no such user here" % address
        if local.startswith("rcpt-451"):
            return "451 4.3.0 <%s>: try that one later" % address
        if local.startswith("rcpt-drop"):
            server.transport.abort()
            return "421 4.4.2 connection dropped"
        if local.startswith("rcpt-slow"):
            await asyncio.sleep(4)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        locals_ = [a.split("@")[0].lower() for a in envelope.rcpt_tos]
        m = re.search(rb"(?im)^message-id:\s*(\S+)", envelope.original_content or b"")
        mid = m.group(1) if m else b""
        if any(l.startswith("data-550") for l in locals_):
            return "550 5.7.1 message rejected as spam"
        if any(l.startswith("data-451-once") for l in locals_):
            with self.lock:
                self.seen[mid] = self.seen.get(mid, 0) + 1
                first = self.seen[mid] == 1
            if first:
                return "451 4.7.1 greylisted, try again later"
        n = self.save(envelope, session)
        if any(l.startswith("data-hang") for l in locals_):
            await asyncio.sleep(60)
        if any(l.startswith("data-slow") for l in locals_):
            await asyncio.sleep(3)
        if any(l.startswith("close-after") for l in locals_):
            # After the reply below is written.
            asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 2.0.0 OK queued as %d" % n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--no-save", action="store_true")
    p.add_argument("--auth-refuse", default=None,
                   help="the reply to a wrong login (default: 535 5.7.8 ...)")
    args = p.parse_args()

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca.cert_pem.write_to_path(os.path.join(args.dir, "ca.pem"))
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(ctx)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == args.user.encode()
            and auth_data.password == args.password.encode()
        )
        if ok:
            return AuthResult(success=True)
        # handled=False: aiosmtpd answers (535, or --auth-refuse's reply); with the default
        # (handled=True) it would send nothing and the client would wait.
        return AuthResult(success=False, handled=False, message=args.auth_refuse)

    port = free_port()
    controller = Controller(
        Handler(args.dir, save=not args.no_save),
        hostname="127.0.0.1",
        port=port,
        server_hostname="localhost",
        tls_context=ctx,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    print("READY %d" % port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
