#!/usr/bin/env bash
# Benchmark 9: a 10,000-message IMAP folder (issue 18): `mailcheck due` over imaps:// on the
# first run (every message fetched into the cache) and on the second run (nothing new: no body
# fetched), against baselines measured in the same run:
#   - the same Maildir read from disk by `mailcheck due` (what the cache has to compete with);
#   - Python's imaplib fetching the same bodies over the same TLS connection kind (the protocol
#     and the server's cost, nothing parsed or stored).
# Dovecot is started as tests/imap.rs starts it (a temporary config, ssl = required, a
# passwd-file user, a test CA made with openssl). Prints a Markdown table for bench/RESULTS.md
# (section 9) and Dovecot's per-session body_count.
#
#   bash bench/imap.sh                    # 10,000 messages, 3 rounds
#   IMAP_MESSAGES=2000 ROUNDS=1 bash bench/imap.sh
set -euo pipefail
cd "$(dirname "$0")/.."
n=${IMAP_MESSAGES:-10000}
rounds=${ROUNDS:-3}
root=$(pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ! -x /usr/bin/time ] || ! command -v dovecot >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time dovecot-imapd openssl >/dev/null
fi

if [ -z "${MAILCHECK_BIN:-}" ]; then
  cargo build --release --quiet --bin mailcheck
  bin=${CARGO_TARGET_DIR:-target}/release/mailcheck
else
  bin=$MAILCHECK_BIN   # a smoke run with another build
fi
bin=$(realpath "$bin")

work=$(mktemp -d)
chmod 755 "$work"
conf=$work/dovecot.conf
cleanup() { doveadm -c "$conf" stop 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
mkdir -p run state cache home/marco/Maildir/{cur,new,tmp} home/marco/Maildir/.Sent/{cur,new,tmp}

# The mail: n client messages in INBOX (English, Italian, Russian; 1-6 KB with quotes and
# signatures), dated over 2026.
python3 - "$n" home/marco/Maildir <<'PY'
import os, random, sys, datetime as dt
n, root = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(18)
ASK = {
  "en": ("Order {k}", "Hello,\n\nwhen will order {k} be shipped? I still have no tracking code.\n"
         "Could you also send the invoice with our VAT number?\n\nBest regards,\nJohn Smith\n"),
  "it": ("Ordine {k}", "Buongiorno,\n\nquando verrà spedito l'ordine {k}? Non ho ancora il codice "
         "di tracking.\nMi potete mandare anche la fattura?\n\nCordiali saluti,\nMario Rossi\n"),
  "ru": ("Заказ {k}", "Здравствуйте!\n\nКогда будет отправлен заказ {k}? Трек-номер я так и не "
         "получил.\nПришлите, пожалуйста, и счёт.\n\nС уважением,\nИван Петров\n"),
}
FROM = {"en": "John Smith <john{c}@client.com>", "it": "Mario Rossi <mario{c}@cliente.it>",
        "ru": "Иван Петров <ivan{c}@klient.ru>"}
start = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc)
for i in range(n):
    lang = rnd.choice(["en", "it", "ru"])
    subj, body = ASK[lang]
    k = 10000 + i
    t = start + dt.timedelta(seconds=rnd.randrange(330 * 86400))
    quote = "".join("> " + body.format(k=k - 1) for _ in range(rnd.randrange(0, 12)))
    text = (f"Message-ID: <bench{i}@example.org>\nFrom: {FROM[lang].format(c=i % 400)}\n"
            f"To: Anna Bianchi <anna@studio.it>\nDate: {t.strftime('%a, %d %b %Y %H:%M:%S +0000')}\n"
            f"Subject: {subj.format(k=k)}\nMIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
            f"{body.format(k=k)}\n{quote}")
    name = f"{1760000000 + i}.M{i}P18.bench:2,S"
    with open(os.path.join(root, "cur", name), "w", encoding="utf-8") as f:
        f.write(text)
    ts = t.timestamp()
    os.utime(os.path.join(root, "cur", name), (ts, ts))
PY
bytes=$(du -sb home/marco/Maildir/cur | cut -f1)

openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
  -subj '/CN=mailcheck bench CA' 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout key.pem -out srv.csr -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > ext.cnf
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cert.pem -days 2 \
  -extfile ext.cnf 2>/dev/null
pw=bench-imap-pw
printf 'marco:{PLAIN}%s::::::\n' "$pw" > passwd
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
port2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > dovecot.conf <<EOF
base_dir = $work/run
state_dir = $work/state
log_path = $work/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <$work/cert.pem
ssl_key = <$work/key.pem
auth_mechanisms = plain
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {
 driver = passwd-file
 args = scheme=PLAIN username_format=%u $work/passwd
}
userdb {
 driver = static
 args = uid=65534 gid=65534 home=$work/home/%u
}
namespace inbox {
 inbox = yes
 separator = /
 mailbox Sent {
  special_use = \\Sent
  auto = create
 }
}
service imap-login {
 chroot =
 inet_listener imap {
  port = $port2
 }
 inet_listener imaps {
  port = $port
  ssl = yes
 }
}
service anvil {
 chroot =
}
EOF
chown -R 65534:65534 home
dovecot -c ./dovecot.conf
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
  sleep 0.1
done
# Dovecot builds its index on the first SELECT: do it once, outside the timings.
python3 - "$port" "$pw" <<'PY'
import imaplib, ssl, sys
c = imaplib.IMAP4_SSL("127.0.0.1", int(sys.argv[1]), ssl_context=ssl.create_default_context(cafile="ca.pem"))
c.login("marco", sys.argv[2]); c.select("INBOX", readonly=True); c.uid("SEARCH", None, "ALL"); c.logout()
PY

cat > mailcheck.toml <<EOF
[imap]
password_env = "BENCH_IMAP_PW"
ca_file = "ca.pem"
timeout = 120
[sender]
timezone = "Europe/Rome"
[desk]
me = ["anna@studio.it"]
EOF
chmod 600 mailcheck.toml
export MAILCHECK_CONFIG=$work/mailcheck.toml BENCH_IMAP_PW=$pw XDG_CACHE_HOME=$work/cache
url="imaps://marco@127.0.0.1:$port/INBOX"
at=2026-12-01T10:00:00+01:00

# "seconds maxrss_kb" of a command, its output discarded.
measure() {
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
    cat "$work/err" >&2; return 1; }
  cat "$work/time"
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

fetch_py=$work/fetch.py
cat > "$fetch_py" <<'PY'
import imaplib, ssl, sys
c = imaplib.IMAP4_SSL("127.0.0.1", int(sys.argv[1]), ssl_context=ssl.create_default_context(cafile="ca.pem"))
c.login("marco", sys.argv[2]); c.select("INBOX", readonly=True)
uids = c.uid("SEARCH", None, "ALL")[1][0].split()
got = 0
for i in range(0, len(uids), 250):
    s = b",".join(uids[i:i + 250]).decode()
    typ, data = c.uid("FETCH", s, "(UID INTERNALDATE BODY.PEEK[])")
    got += sum(len(d[1]) for d in data if isinstance(d, tuple))
c.logout()
print(got)
PY

declare -a first second disk py first_rss second_rss
for r in $(seq "$rounds"); do
  read -r s _ < <(measure python3 "$fetch_py" "$port" "$pw"); py+=("$s")
  read -r s _ < <(measure "$bin" due "$work/home/marco/Maildir" --format json --at "$at"); disk+=("$s")
  rm -rf "$work/cache"
  read -r s m < <(measure "$bin" due "$url" --format json --at "$at"); first+=("$s"); first_rss+=("$m")
  read -r s m < <(measure "$bin" due "$url" --format json --at "$at"); second+=("$s"); second_rss+=("$m")
done

items=$("$bin" due "$url" --format json --at "$at" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
disk_items=$("$bin" due "$work/home/marco/Maildir" --format json --at "$at" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
cache_bytes=$(du -sb "$work/cache" | cut -f1)

echo
echo "| $n messages ($((bytes / 1024)) KiB), $rounds rounds | seconds (median) | rounds | max RSS (MB) |"
echo "|---|---|---|---|"
echo "| imaplib: UID FETCH of every body, nothing kept (protocol baseline) | $(median "${py[@]}") | ${py[*]} | |"
echo "| mailcheck due on the same Maildir on disk (parse baseline) | $(median "${disk[@]}") | ${disk[*]} | |"
echo "| mailcheck due imaps://…/INBOX, first run (empty cache) | $(median "${first[@]}") | ${first[*]} | $(( $(median "${first_rss[@]}") / 1024 )) |"
echo "| mailcheck due imaps://…/INBOX, second run (nothing new) | $(median "${second[@]}") | ${second[*]} | $(( $(median "${second_rss[@]}") / 1024 )) |"
echo
echo "due items: $items over IMAP, $disk_items on disk; cache: $((cache_bytes / 1024)) KiB"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$root" rev-parse --short HEAD)"
echo "Dovecot sessions, in order (the index warm-up; per round: imaplib, first run, second run; the count run):"
grep 'Logged out' dovecot.log | sed 's/.*Logged out/  Logged out/'
