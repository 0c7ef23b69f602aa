#!/usr/bin/env python3
"""Mail clients for the `mailcheck serve` tests (tests/serve.rs), on Python's smtplib and raw
sockets. Each action prints one JSON value on stdout.

    serve_client.py send PORT MODE USER PASSWORD FROM TO[,TO] FILE [FILE...] [--opt MAILOPT]
        MODE: starttls | tls. Sends each file in turn over one connection: a list of
        [code, text] (250 for accepted, the refusal's code and text otherwise).
    serve_client.py noauth PORT USER PASSWORD
        AUTH before STARTTLS, then MAIL without AUTH after it: {"auth_plain": [code, text],
        "ehlo_plain": text, "mail_tls_noauth": [code, text], "bad_login": [code, text]}
    serve_client.py hostile ACTION PORT USER PASSWORD
        rcpts: 10,000 RCPTs; oversize: DATA of 3x SIZE; longline: a 1 MB command line;
        garbage: random bytes; pipelining: MAIL/RCPT/DATA/message/QUIT in one write.
    serve_client.py slowloris PORT      one byte per second, never a full line
    serve_client.py drip PORT SECONDS   "NOOP\r\n" one byte every 300 ms (never idle), for at
        most SECONDS: {"replies": [...], "last": the last reply line, "closed": bool, "seconds"}
    serve_client.py tlsgarbage PORT     junk instead of a TLS ClientHello
    serve_client.py burst PORT USER PASSWORD N OUT TEMPLATE
        N messages made from TEMPLATE, each acknowledged index appended to OUT at once
"""

import json
import os
import random
import smtplib
import socket
import ssl
import sys
import time


def ctx():
    c = ssl.create_default_context()
    c.check_hostname = False
    c.verify_mode = ssl.CERT_NONE
    return c


def connect(port, mode, user, password):
    if mode == "tls":
        s = smtplib.SMTP_SSL("127.0.0.1", port, timeout=30, context=ctx())
    else:
        s = smtplib.SMTP("127.0.0.1", port, timeout=30)
        s.starttls(context=ctx())
    s.login(user, password)
    return s


def send(args):
    port, mode, user, password, sender, to = args[:6]
    rest = args[6:]
    opts = []
    files = []
    i = 0
    while i < len(rest):
        if rest[i] == "--opt":
            opts.append(rest[i + 1])
            i += 2
        else:
            files.append(rest[i])
            i += 1
    s = connect(int(port), mode, user, password)
    out = []
    for f in files:
        data = open(f, "rb").read()
        try:
            s.sendmail(sender, to.split(","), data, mail_options=opts)
            out.append([250, ""])
        except smtplib.SMTPDataError as e:
            out.append([e.smtp_code, e.smtp_error.decode("utf-8", "replace")])
        except smtplib.SMTPSenderRefused as e:
            out.append([e.smtp_code, e.smtp_error.decode("utf-8", "replace")])
        except smtplib.SMTPRecipientsRefused as e:
            code, text = list(e.recipients.values())[0]
            out.append([code, text.decode("utf-8", "replace")])
    s.quit()
    print(json.dumps(out))


def send_text(args):
    """Like send, with the 250 text: MAIL/RCPT/DATA by hand for one file."""
    port, mode, user, password, sender, to, f = args[:7]
    opts = args[7:]
    s = connect(int(port), mode, user, password)
    s.ehlo()
    code, text = s.mail(sender, opts)
    if code != 250:
        print(json.dumps([code, text.decode()]))
        return
    for r in to.split(","):
        s.rcpt(r)
    code, text = s.data(open(f, "rb").read())
    s.quit()
    print(json.dumps([code, text.decode("utf-8", "replace")]))


def noauth(args):
    port, user, password = int(args[0]), args[1], args[2]
    out = {}
    s = smtplib.SMTP("127.0.0.1", port, timeout=30)
    code, text = s.ehlo()
    out["ehlo_plain"] = text.decode()
    import base64

    cred = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode()
    code, text = s.docmd("AUTH", "PLAIN " + cred)
    out["auth_plain"] = [code, text.decode()]
    code, text = s.docmd("MAIL", "FROM:<me@example.com>")
    out["mail_plain"] = [code, text.decode()]
    s.starttls(context=ctx())
    s.ehlo()
    code, text = s.docmd("MAIL", "FROM:<me@example.com>")
    out["mail_tls_noauth"] = [code, text.decode()]
    bad = base64.b64encode(b"\0" + user.encode() + b"\0wrong-password").decode()
    code, text = s.docmd("AUTH", "PLAIN " + bad)
    out["bad_login"] = [code, text.decode()]
    s.close()
    print(json.dumps(out))


def read_all(sock, deadline=30):
    sock.settimeout(deadline)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError, ssl.SSLError, OSError):
        pass
    return data.decode("utf-8", "replace")


def hostile(args):
    action, port, user, password = args[0], int(args[1]), args[2], args[3]
    t0 = time.time()
    s = connect(port, "starttls", user, password)
    s.ehlo()
    out = {}
    if action == "rcpts":
        s.mail("me@example.com")
        codes = {}
        sock = s.sock
        # Pipelined in chunks: 10,000 RCPTs without waiting for each answer.
        payload = b"".join(b"RCPT TO:<r%d@example.com>\r\n" % i for i in range(10000))
        try:
            sock.sendall(payload)
        except OSError:
            pass
        text = read_all(sock, 20)
        for line in text.splitlines():
            codes[line[:3]] = codes.get(line[:3], 0) + 1
        out["codes"] = codes
        out["last"] = text.splitlines()[-1] if text else ""
    elif action == "oversize":
        size = int(args[4])
        s.mail("me@example.com")
        s.rcpt("tom@example.com")
        code, text = s.docmd("DATA")
        out["data"] = code
        line = b"x" * 998 + b"\r\n"
        body = b"From: me@example.com\r\nTo: tom@example.com\r\nSubject: big\r\n\r\n"
        sock = s.sock
        sock.sendall(body)
        sent = len(body)
        while sent < 3 * size:
            sock.sendall(line * 64)
            sent += len(line) * 64
        sock.sendall(b".\r\n")
        code, text = s.getreply()
        out["reply"] = [code, text.decode()]
        code, text = s.noop()
        out["after"] = code
    elif action == "longline":
        sock = s.sock
        try:
            sock.sendall(b"NOOP " + b"a" * (1024 * 1024) + b"\r\nNOOP\r\n")
        except OSError:
            pass
        code, text = s.getreply()
        out["long"] = [code, text.decode()]
        code, text = s.getreply()
        out["next"] = [code, text.decode()]
    elif action == "garbage":
        sock = s.sock
        rnd = random.Random(17)
        junk = bytes(rnd.randrange(256) for _ in range(20000)).replace(b"\n", b"\n\x01")
        try:
            sock.sendall(junk + b"\r\n" + b"\x00garbage\r\n" * 40)
        except OSError:
            pass
        text = read_all(sock, 20)
        out["last"] = text.splitlines()[-1] if text else ""
    elif action == "pipelining":
        sock = s.sock
        msg = open(args[4], "rb").read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        sock.sendall(
            b"MAIL FROM:<me@example.com>\r\nRCPT TO:<tom@example.com>\r\nDATA\r\n"
            + msg
            + b".\r\nRSET\r\nQUIT\r\n"
        )
        text = read_all(sock, 20)
        out["codes"] = [line[:3] for line in text.splitlines()]
    out["seconds"] = time.time() - t0
    print(json.dumps(out))


def slowloris(args):
    port = int(args[0])
    t0 = time.time()
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    sock.recv(1000)  # greeting
    sock.settimeout(1)
    reply = b""
    for ch in b"EHLO slow.example.com never ending":
        try:
            sock.sendall(bytes([ch]))
        except OSError:
            break
        try:
            got = sock.recv(1000)
            if not got:
                break
            reply += got
            break
        except socket.timeout:
            pass
    print(json.dumps({"reply": reply.decode("utf-8", "replace"), "seconds": time.time() - t0}))


def drip(args):
    """Complete commands, one byte every 300 ms: never idle, so only the total session
    timeout can end the connection."""
    port, limit = int(args[0]), float(args[1])
    t0 = time.time()
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    sock.settimeout(0.3)
    got = b""
    closed = False
    i = 0
    command = b"NOOP\r\n"
    while time.time() - t0 < limit and not closed:
        try:
            sock.sendall(command[i % len(command):i % len(command) + 1])
        except OSError:
            closed = True
            break
        i += 1
        try:
            chunk = sock.recv(4096)
            if not chunk:
                closed = True
            got += chunk
        except socket.timeout:
            pass
        except OSError:
            closed = True
    lines = got.decode("utf-8", "replace").splitlines()
    print(json.dumps({"replies": lines, "last": lines[-1] if lines else "", "closed": closed,
                      "seconds": time.time() - t0}))


def tlsgarbage(args):
    port = int(args[0])
    t0 = time.time()
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        sock.sendall(os.urandom(5000))
    except OSError:
        pass
    text = read_all(sock, 30)
    print(json.dumps({"closed": True, "bytes": len(text), "seconds": time.time() - t0}))


def burst(args):
    """Submits N messages ("Subject: burst <i>") over one connection, reconnecting when the server
    goes away; appends each acknowledged i to OUT as soon as its 250 came."""
    port, user, password, n, out, template = int(args[0]), args[1], args[2], int(args[3]), args[4], args[5]
    text = open(template, "rb").read()
    acked = open(out, "a")
    s = None
    i = 0
    deadline = time.time() + 600
    while i < n and time.time() < deadline:
        if s is None:
            try:
                s = connect(port, "starttls", user, password)
            except (smtplib.SMTPException, OSError, ssl.SSLError):
                s = None
                time.sleep(0.05)
                continue
        msg = text.replace(b"Subject: Your new website is live", b"Subject: burst %d" % i)
        try:
            s.sendmail("hannah@example.com", ["tom@example.com"], msg)
            acked.write("%d\n" % i)
            acked.flush()
        except (smtplib.SMTPException, OSError, ssl.SSLError):
            s = None
        i += 1
    print(json.dumps({"tried": i}))


def main():
    action, args = sys.argv[1], sys.argv[2:]
    {
        "send": send,
        "send_text": send_text,
        "noauth": noauth,
        "hostile": hostile,
        "slowloris": slowloris,
        "drip": drip,
        "tlsgarbage": tlsgarbage,
        "burst": burst,
    }[action](args)


if __name__ == "__main__":
    main()
