#!/usr/bin/env bash
# Benchmark 7: `mailcheck report` on a 100,000-message mailbox (issue 9: "well under a minute").
# Generates an INBOX and a Sent Maildir (threads of client requests in English, Italian and
# Russian, replies with quotes and signatures, follow-ups, newsletters, auto-replies) with a
# Python generator, then measures wall time and max RSS (GNU time) of the report against a
# baseline measured in the same run: reading every file once (`cat`), and prints a Markdown
# table (copy it into bench/RESULTS.md, section 7).
#
#   bash bench/desk.sh                  # 100,000 messages
#   DESK_MESSAGES=20000 bash bench/desk.sh
set -euo pipefail
cd "$(dirname "$0")/.."
n=${DESK_MESSAGES:-100000}
out=target/bench/desk
mkdir -p "$out"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ! -x /usr/bin/time ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi

cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/mailcheck

if [ ! -f "$out/mail-$n.done" ]; then
  rm -rf "$out/mail" "$out"/mail-*.done
  python3 - "$n" "$out/mail" <<'PY'
import os, random, sys, datetime as dt
n, root = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(9)
for box in ("INBOX", "Sent"):
    for d in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(root, box, d), exist_ok=True)
ME = "Anna Bianchi <anna@studio.it>"
FIRST = {"en": ["John", "Mary", "Peter", "Kate", "Tom", "Emma"],
         "it": ["Mario", "Lucia", "Giulia", "Marco", "Paolo", "Sara"],
         "ru": ["Иван", "Ольга", "Светлана", "Пётр", "Анна", "Дмитрий"]}
ITEMS = {"en": ["blue vase", "oak table", "linen set", "lamp", "mug set", "wall clock"],
         "it": ["vaso blu", "tavolo di rovere", "set di lino", "lampada", "tazze", "orologio"],
         "ru": ["синяя ваза", "дубовый стол", "льняной комплект", "лампа", "набор кружек", "часы"]}
ASK = {
 "en": [("Price of the {i}", "Hello,\n\nhow much is the {i}? Is it available in other sizes?"),
        ("Where is my parcel?", "Hello,\n\nwhen will my parcel be shipped? I still have no tracking code for order {n}."),
        ("New order", "Hi,\n\nI would like to order two more {i}s. Can I add them to order {n}?"),
        ("Broken {i}", "Hello,\n\nthe {i} arrived broken and the box was damaged. Can I get a refund or a replacement?"),
        ("Meeting next week", "Hi,\n\ncan we schedule a call next week to talk about the {i}? Tuesday afternoon suits me."),
        ("Invoice {n}", "Hello,\n\ncould you send me the invoice for order {n}? Our accounting needs it with the VAT number."),
        ("Hello", "Hi,\n\njust wanted to say the {i} looks lovely in our shop window.")],
 "it": [("Prezzo {i}", "Buongiorno,\n\nquanto costa il {i}? È disponibile anche in altre misure?"),
        ("Spedizione ordine {n}", "Buongiorno,\n\nquando verrà spedito il mio pacco? Non ho ancora ricevuto il codice di tracking."),
        ("Nuovo ordine", "Salve,\n\nvorrei ordinare altri due {i}. Posso aggiungerli all'ordine {n}?"),
        ("{i} rotto", "Buongiorno,\n\nil {i} è arrivato rotto e la scatola era danneggiata. Posso avere un rimborso?"),
        ("Appuntamento", "Buongiorno,\n\npossiamo fissare un appuntamento la prossima settimana per il {i}?"),
        ("Fattura ordine {n}", "Buongiorno,\n\nmi potete mandare la fattura dell'ordine {n}? Serve con la partita IVA."),
        ("Complimenti", "Ciao,\n\nvolevo solo dirvi che il {i} è bellissimo.")],
 "ru": [("Цена: {i}", "Здравствуйте!\n\nСколько стоит {i}? Есть ли в наличии другие размеры?"),
        ("Где мой заказ {n}?", "Здравствуйте!\n\nКогда будет доставка? Трек-номер посылки я так и не получил."),
        ("Новый заказ", "Добрый день!\n\nХочу купить ещё два предмета: {i}. Можно добавить в заказ {n}?"),
        ("Брак: {i}", "Здравствуйте!\n\n{i} пришла с браком, коробка повреждена. Можно оформить возврат?"),
        ("Встреча", "Добрый день!\n\nМожно назначить встречу на следующей неделе, чтобы обсудить {i}?"),
        ("Счёт {n}", "Здравствуйте!\n\nПришлите, пожалуйста, счёт на оплату заказа {n} и договор."),
        ("Спасибо", "Добрый день!\n\n{i} очень понравилась, спасибо.")]}
SIGN = {"en": "Best regards,\n{f}", "it": "Cordiali saluti,\n{f}", "ru": "С уважением,\n{f}"}
REPLY = {"en": "Hi {f},\n\nthank you for writing: I am on it and will confirm by tomorrow.\n\nBest regards,\nAnna",
         "it": "Buongiorno {f},\n\ngrazie del messaggio: ci penso io e confermo entro domani.\n\nCordiali saluti,\nAnna",
         "ru": "Здравствуйте, {f}!\n\nСпасибо за письмо: займусь и подтвержу завтра.\n\nС уважением,\nАнна"}
WROTE = {"en": "On {d}, {f} wrote:", "it": "Il giorno {d} {f} ha scritto:", "ru": "{d}, {f} пишет:"}
CHASE = {"en": "Any news? Thanks.", "it": "Ci sono novità? Grazie.", "ru": "Есть новости? Спасибо."}
start = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc)
span = 320 * 86400
count = {"INBOX": 0, "Sent": 0}
written = 0
def fmt(t):
    return t.strftime("%a, %d %b %Y %H:%M:%S +0000")
def write(box, text):
    global written
    i = count[box]; count[box] += 1; written += 1
    name = f"{1760000000 + written}.M{written}P9.bench:2,S"
    with open(os.path.join(root, box, "cur", name), "w", encoding="utf-8") as f:
        f.write(text)
def msg(mid, frm, to, t, subj, body, refs=(), extra=""):
    h = f"Message-ID: <{mid}>\nFrom: {frm}\nTo: {to}\nDate: {fmt(t)}\nSubject: {subj}\n"
    h += "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n"
    if refs:
        h += f"In-Reply-To: <{refs[-1]}>\nReferences: " + " ".join(f"<{r}>" for r in refs) + "\n"
    return h + extra + "\n" + body + "\n"
thread = 0
while written < n:
    thread += 1
    if thread % 25 == 0:
        t = start + dt.timedelta(seconds=rnd.randrange(span))
        write("INBOX", msg(f"news{thread}@shop.example", "Shop News <news@shop.example>", ME, t,
                           "Novità d'autunno / autumn news", "Prices, discounts, the catalogue.",
                           extra="List-Id: <news.shop.example>\n"))
        continue
    lang = rnd.choice(["en", "it", "ru"])
    f = rnd.choice(FIRST[lang]); c = rnd.randrange(3000)
    addr = f"client{c}@{['mail.it', 'example.com', 'pochta.ru'][c % 3]}"
    frm = f"{f} <{addr}>"
    subj, body = rnd.choice(ASK[lang])
    item = rnd.choice(ITEMS[lang]); num = rnd.randrange(10000, 99999)
    subj = subj.format(i=item, n=num); body = body.format(i=item, n=num)
    t = start + dt.timedelta(seconds=rnd.randrange(span))
    rid = f"r{thread}@{addr.split('@')[1]}"
    write("INBOX", msg(rid, frm, ME, t, subj, body + "\n\n" + SIGN[lang].format(f=f)))
    refs = [rid]
    if rnd.random() < 0.2:
        t2 = t + dt.timedelta(hours=rnd.randrange(4, 48))
        cid = f"c{thread}@{addr.split('@')[1]}"
        write("INBOX", msg(cid, frm, ME, t2, "Re: " + subj, CHASE[lang], refs))
        refs = refs + [cid]
    if rnd.random() < 0.85 and written < n:
        t3 = t + dt.timedelta(minutes=rnd.randrange(10, 4 * 24 * 60))
        quote = "\n".join("> " + l for l in body.splitlines())
        reply = REPLY[lang].format(f=f) + "\n\n" + WROTE[lang].format(d=fmt(t), f=f) + "\n" + quote
        aid = f"a{thread}@studio.it"
        write("Sent", msg(aid, ME, frm, t3, "Re: " + subj, reply, refs))
        if rnd.random() < 0.3 and written < n:
            t4 = t3 + dt.timedelta(hours=rnd.randrange(1, 72))
            write("INBOX", msg(f"f{thread}@{addr.split('@')[1]}", frm, ME, t4, "Re: " + subj,
                               rnd.choice(ASK[lang])[1].format(i=item, n=num) + "\n\n" + SIGN[lang].format(f=f)
                               + "\n\n" + WROTE[lang].format(d=fmt(t3), f="Anna") + "\n"
                               + "\n".join("> " + l for l in reply.splitlines()),
                               refs + [aid]))
print(f"generated {written} messages: {count['INBOX']} in INBOX, {count['Sent']} in Sent", file=sys.stderr)
PY
  touch "$out/mail-$n.done"
fi

bytes=$(du -sb "$out/mail" | cut -f1)
measure() { # label, command...: wall seconds and max RSS (KiB)
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" \
    || { echo "failed: $*" >&2; cat "$out/stderr.txt" >&2; exit 1; }
  read -r secs rss <"$out/time.txt"
  printf '%s\t%s\t%s\n' "$label" "$secs" "$rss" >>"$out/results.tsv"
}
: >"$out/results.tsv"
# Warm the page cache once, then the baseline: every file read once.
find "$out/mail" -type f -print0 | xargs -0 cat >/dev/null
measure "cat every file (baseline)" sh -c "find '$out/mail' -type f -print0 | xargs -0 cat"
measure "mailcheck report (text)" "$bin" report --quiet "$out/mail/INBOX" "$out/mail/Sent"
measure "mailcheck report --format json" "$bin" report --quiet --format json "$out/mail/INBOX" "$out/mail/Sent"
measure "mailcheck report --per week --format html" "$bin" report --quiet --per week --format html \
  -o "$out/report.html" "$out/mail/INBOX" "$out/mail/Sent"
"$bin" report --quiet --format json "$out/mail/INBOX" "$out/mail/Sent" >"$out/report.json"

python3 - "$out" "$n" "$bytes" <<'PY'
import json, sys
out, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = [l.rstrip("\n").split("\t") for l in open(f"{out}/results.tsv", encoding="utf-8")]
base = float(rows[0][1]) or 0.01
r = json.load(open(f"{out}/report.json", encoding="utf-8"))
print(f"### 7. Desk report at {n:,} messages ({size / 2**20:.0f} MiB of Maildir, warm page cache)\n")
print("| run | wall time | max RSS | vs baseline |")
print("|---|---|---|---|")
for label, secs, rss in rows:
    s = float(secs)
    ratio = "baseline" if label.startswith("cat") else f"{s / base:.1f}x"
    print(f"| {label} | {s:.2f} s | {int(rss) / 1024:.0f} MiB | {ratio} |")
print()
print(f"Report: {r['messages']:,} messages read, {r['total']['requests']:,} requests from "
      f"{r['total']['clients']:,} clients, {len(r['periods'])} months, "
      f"{len(r['faq'])} FAQ candidates (largest: {r['faq'][0]['requests'] if r['faq'] else 0} requests).")
PY
