#!/usr/bin/env python3
"""A fault-injecting SMTP server for the crash and fault tests (tests/faults.rs, tests/crash.rs):
a real server process on 127.0.0.1, hand-written on asyncio so that every stage can misbehave.

    python3 tests/fault_server.py --dir DIR [--tls none|starttls|tls] [--cert good|self-signed|wrong-name]
                                  [--no-starttls] [--auth USER:PASSWORD] [--fault STAGE=ACTION ...]
                                  [--fault-once]

Prints "READY <port>" on stdout and serves until its standard input closes. Writes DIR/ca.pem
(the CA that signed a "good" or "wrong-name" certificate), DIR/commands.log (every command line
received, verbatim, one per line: the tests grep it, e.g. for AUTH), and for every accepted
message one line "<Message-ID> <recipient>" per recipient in DIR/received.log, plus the message
as DIR/msg-<n>.eml (dot-unstuffed) unless --no-save.

Stages: greeting, ehlo, starttls, handshake (after "220 ready" to STARTTLS), auth, mail, rcpt,
data (the DATA command), eod (the end of the message data). Actions: a reply code (421, 451, 452,
550...), "hang" (never answer, keep the connection open), "drop" (close the connection; at eod
the message is saved first: the client cannot know it arrived). --fault-once applies each fault
to the first connection only.

Recipients steer RCPT by their local part: rcpt-550..., rcpt-451..., rcpt-452..., rcpt-421...
(a reply with that code), everything else is accepted.
"""

import argparse
import asyncio
import datetime
import ipaddress
import os
import re
import socket
import ssl
import sys
import threading

TEXT = {
    421: "4.3.2 service shutting down",
    451: "4.3.0 local error, try later",
    452: "4.5.3 insufficient system storage",
    550: "5.7.1 refused",
    554: "5.7.1 no service",
}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(out_dir):
    """A certificate that signs itself, for 127.0.0.1."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path = os.path.join(out_dir, "self-signed.pem")
    key_path = os.path.join(out_dir, "self-signed.key")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert_path, key_path)
    return ctx


def tls_context(kind, out_dir):
    if kind == "self-signed":
        return self_signed(out_dir)
    import trustme

    ca = trustme.CA()
    names = ("mail.example.org",) if kind == "wrong-name" else ("127.0.0.1", "localhost")
    cert = ca.issue_cert(*names)
    ca.cert_pem.write_to_path(os.path.join(out_dir, "ca.pem"))
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(ctx)
    return ctx


def quickack(writer):
    """Acknowledges the message data at once: the client writes the data and its final "." in
    two writes, and Nagle's algorithm holds the second until the first is acknowledged, which a
    delayed ACK makes 40 ms per message (loopback, Linux)."""
    sock = writer.get_extra_info("socket")
    if sock is not None and hasattr(socket, "TCP_QUICKACK"):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        except OSError:
            pass


class SessionOver(Exception):
    """The fault ended the session (hang, drop, 421)."""


class Server:
    def __init__(self, args):
        self.args = args
        self.faults = {}
        for f in args.fault:
            stage, _, action = f.partition("=")
            self.faults[stage] = action
        self.connections = 0
        self.saved = 0
        self.lock = threading.Lock()
        self.ctx = None if args.tls == "none" else tls_context(args.cert, args.dir)
        self.log = open(os.path.join(args.dir, "commands.log"), "a", buffering=1)
        self.received = open(os.path.join(args.dir, "received.log"), "a", buffering=1)

    def fault(self, conn_no, stage):
        if self.args.fault_once and conn_no > 1:
            return None
        return self.faults.get(stage)

    async def handle(self, reader, writer):
        self.connections += 1
        conn_no = self.connections
        state = {"reader": reader, "writer": writer, "tls": self.args.tls == "tls"}

        async def reply(line):
            state["writer"].write((line + "\r\n").encode())
            await state["writer"].drain()

        async def act(stage):
            """Applies a fault at `stage`: True if it replied with an error code; raises
            SessionOver if the session ends (hang, drop, 421)."""
            action = self.fault(conn_no, stage)
            if action is None:
                return False
            if action == "hang":
                await asyncio.sleep(3600)
                raise SessionOver()
            if action == "drop":
                raise SessionOver()
            code = int(action)
            await reply("%d %s" % (code, TEXT.get(code, "fault")))
            if code == 421:
                raise SessionOver()
            return True

        try:
            if not await act("greeting"):
                await reply("220 fault.test ESMTP")
            mail_from, rcpts = None, []
            while True:
                line = await state["reader"].readline()
                if not line:
                    return
                text = line.decode("utf-8", "replace").rstrip("\r\n")
                self.log.write(text + "\n")
                verb = text.split(" ", 1)[0].upper()
                if verb in ("EHLO", "HELO"):
                    if await act("ehlo"):
                        continue
                    caps = ["250-fault.test", "250-8BITMIME", "250-SMTPUTF8"]
                    if self.ctx and not state["tls"] and not self.args.no_starttls:
                        caps.append("250-STARTTLS")
                    if self.args.auth and (state["tls"] or self.args.no_starttls):
                        caps.append("250-AUTH PLAIN LOGIN")
                    caps.append("250 SIZE 100000000")
                    for c in caps:
                        state["writer"].write((c + "\r\n").encode())
                    await state["writer"].drain()
                elif verb == "STARTTLS" and self.ctx and not state["tls"]:
                    if await act("starttls"):
                        continue
                    await reply("220 2.0.0 ready to start TLS")
                    if self.fault(conn_no, "handshake") == "hang":
                        await asyncio.sleep(3600)
                        return
                    await state["writer"].start_tls(self.ctx)
                    state["tls"] = True
                elif verb == "AUTH":
                    if await act("auth"):
                        continue
                    await self.auth(state, text, reply)
                elif verb == "MAIL":
                    if await act("mail"):
                        continue
                    mail_from, rcpts = text, []
                    await reply("250 2.1.0 OK")
                elif verb == "RCPT":
                    m = re.search(r"<([^>]*)>", text)
                    addr = m.group(1) if m else ""
                    local = addr.split("@")[0].lower()
                    code = re.match(r"rcpt-(\d{3})", local)
                    if code:
                        c = int(code.group(1))
                        await reply("%d %s <%s>" % (c, TEXT.get(c, "fault"), addr))
                        if c == 421:
                            raise SessionOver()
                        continue
                    if await act("rcpt"):
                        continue
                    rcpts.append(addr)
                    await reply("250 2.1.5 OK")
                elif verb == "DATA":
                    if await act("data"):
                        continue
                    await reply("354 end with <CRLF>.<CRLF>")
                    quickack(state["writer"])
                    data = await self.read_data(state["reader"])
                    action = self.fault(conn_no, "eod")
                    if action in (None, "drop", "hang"):
                        n = self.save(data, rcpts)
                    if await act("eod"):
                        continue
                    await reply("250 2.0.0 OK queued as %d" % n)
                    mail_from, rcpts = None, []
                elif verb == "RSET":
                    mail_from, rcpts = None, []
                    await reply("250 2.0.0 OK")
                elif verb == "NOOP":
                    await reply("250 2.0.0 OK")
                elif verb == "QUIT":
                    await reply("221 2.0.0 bye")
                    return
                else:
                    await reply("502 5.5.2 command not recognised")
        except (SessionOver, ConnectionError, ssl.SSLError, asyncio.IncompleteReadError, OSError):
            return
        finally:
            try:
                state["writer"].close()
            except Exception:
                pass

    async def auth(self, state, text, reply):
        parts = text.split()
        mech = parts[1].upper() if len(parts) > 1 else ""
        if mech != "PLAIN":
            await reply("504 5.5.4 only PLAIN here")
            return
        if len(parts) < 3:
            await reply("334 ")
            line = await state["reader"].readline()
            self.log.write(line.decode("utf-8", "replace").rstrip("\r\n") + "\n")
        await reply("235 2.7.0 authenticated")

    async def read_data(self, reader):
        lines = []
        while True:
            line = await reader.readline()
            if not line:
                raise ConnectionError("closed during data")
            if line in (b".\r\n", b".\n"):
                break
            if line.startswith(b".."):
                line = line[1:]
            lines.append(line)
        return b"".join(lines)

    def save(self, data, rcpts):
        with self.lock:
            self.saved += 1
            n = self.saved
        m = re.search(rb"(?im)^message-id:\s*(\S+)", data)
        mid = m.group(1).decode("ascii", "replace") if m else "-"
        if not self.args.no_save:
            path = os.path.join(self.args.dir, "msg-%05d.eml" % n)
            with open(path + ".tmp", "wb") as f:
                f.write(data)
            os.replace(path + ".tmp", path)
        for r in rcpts:
            self.received.write("%s %s\n" % (mid, r))
        return n


async def serve(server, port, ready):
    ssl_ctx = server.ctx if server.args.tls == "tls" else None
    srv = await asyncio.start_server(server.handle, "127.0.0.1", port, ssl=ssl_ctx)
    ready()
    async with srv:
        await srv.serve_forever()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--tls", default="none", choices=["none", "starttls", "tls"])
    p.add_argument("--cert", default="good", choices=["good", "self-signed", "wrong-name"])
    p.add_argument("--no-starttls", action="store_true", help="never offer STARTTLS")
    p.add_argument("--auth", default="")
    p.add_argument("--fault", action="append", default=[])
    p.add_argument("--fault-once", action="store_true")
    p.add_argument("--no-save", action="store_true")
    args = p.parse_args()

    server = Server(args)
    port = free_port()
    loop = asyncio.new_event_loop()

    def ready():
        print("READY %d" % port, flush=True)

    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    loop.run_until_complete(serve(server, port, ready))


if __name__ == "__main__":
    main()
