#!/usr/bin/env bash
# End to end with the real programs (run by `cargo test --test fast hooks::`, or by hand):
#   bash tests/integration.sh [path/to/mailcheck]
#
# - neomutt in batch mode with `sendmail` set to the shim (the lines `mailcheck hook install
#   neomutt --write` appends): a draft with a placeholder is refused and nothing reaches the
#   SMTP server; a clean one arrives, with the Bcc recipient on the envelope and no Bcc header;
# - git send-email with the hook `mailcheck hook install git` writes (chained to an existing
#   hook) and `sendemail.sendmailCmd` set to the shim: a cover letter saying "attached" with
#   nothing attached is refused and nothing is sent; the fixed series arrives in order;
# - the shim's queue mode: queued, then delivered by `mailcheck outbox run --once`;
# - neomutt sending the same message (same Message-ID) twice: it reaches the server once, and the
#   second sendmail call still succeeds;
# - pre-commit running this repository's .pre-commit-hooks.yaml on a sample repository.
#
# The SMTP server is tests/smtp_server.py (aiosmtpd, STARTTLS and AUTH required). Needs neomutt,
# git with send-email (Debian: git-email), pre-commit and python3 with aiosmtpd and trustme:
# `bash scripts/ci-setup.sh` installs them. A missing program is a failure, never a skip.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
MAILCHECK=${1:-${MAILCHECK:-$root/target/debug/mailcheck}}
PY=${MAILCHECK_TEST_PYTHON:-python3}

fail() { echo "integration.sh: FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }
need() {
  command -v "$1" >/dev/null 2>&1 \
    || fail "\`$1\` is not installed ($2); run \`bash scripts/ci-setup.sh\` (as root on Debian)"
}

[ -x "$MAILCHECK" ] || fail "no mailcheck binary at $MAILCHECK (cargo build first)"
need neomutt "Debian package neomutt"
need git "Debian package git"
{ git send-email -h 2>&1 || true; } | grep -q "git send-email" \
  || fail "\`git send-email\` does not run (Debian package git-email); run \`bash scripts/ci-setup.sh\`"
need pre-commit "PyPI package pre-commit"
"$PY" -c 'import aiosmtpd, trustme' 2>/dev/null \
  || fail "$PY has no aiosmtpd/trustme for the SMTP server; run \`bash scripts/ci-setup.sh\`"

work=$(mktemp -d)
smtp_pid=
cleanup() {
  if [ -n "$smtp_pid" ]; then kill "$smtp_pid" 2>/dev/null || true; wait "$smtp_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A clean environment: nothing from the user's own config, a fixed in-hours clock.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
export MAILCHECK_CONFIG="$work/mailcheck.toml" MAILCHECK_NOW="2026-11-23T10:00:00+01:00"
export MC_TEST_SMTP_PW="pw-integration" NO_COLOR=1 GIT_CONFIG_NOSYSTEM=1 PRE_COMMIT_HOME="$work/pre-commit"
unset GIT_DIR GIT_WORK_TREE
mkdir -p "$HOME" "$work/smtp"

step "SMTP server"
mkfifo "$work/smtp.in"
"$PY" "$root/tests/smtp_server.py" --dir "$work/smtp" --user mailcheck --password "$MC_TEST_SMTP_PW" \
  <"$work/smtp.in" >"$work/smtp.out" 2>"$work/smtp.err" &
smtp_pid=$!
exec 9>"$work/smtp.in"   # the server serves until its standard input closes
port=
for _ in $(seq 1 300); do
  port=$(sed -n 's/^READY \([0-9]*\)$/\1/p' "$work/smtp.out")
  [ -n "$port" ] && break
  kill -0 "$smtp_pid" 2>/dev/null || fail "the SMTP server died: $(cat "$work/smtp.err")"
  sleep 0.1
done
[ -n "$port" ] || fail "the SMTP server did not start: $(cat "$work/smtp.err")"

cat >"$MAILCHECK_CONFIG" <<EOF
[sender]
timezone = "Europe/Rome"

[outbox]
path = "$work/outbox"

[smtp]
host = "127.0.0.1"
port = $port
tls = "starttls"
username = "mailcheck"
password_env = "MC_TEST_SMTP_PW"
ca_file = "$work/smtp/ca.pem"
timeout = 5
hello_name = "client.test"

[sendmail]
mode = "send"
EOF
chmod 600 "$MAILCHECK_CONFIG"

received() { find "$work/smtp" -name 'msg-*.json' | wc -l | tr -d ' '; }
msg() { printf '%s/smtp/msg-%04d.%s' "$work" "$1" "$2"; }

# ---------------------------------------------------------------- neomutt
step "neomutt: the sendmail lines from \`mailcheck hook install neomutt --write\`"
muttrc="$work/muttrc"
cat >"$muttrc" <<EOF
set from = "Marta Rossi <marta@example.it>"
set use_from = yes
set hostname = "example.it"
set record = ""
set postponed = "$work/postponed"
set folder = "$work/Mail"
set charset = "utf-8"
set send_charset = "utf-8"
EOF
"$MAILCHECK" hook install neomutt --write "$muttrc" >/dev/null
grep -q "^set sendmail = \"$MAILCHECK sendmail\"$" "$muttrc" || fail "no sendmail line in $muttrc"

step "neomutt: a draft with a placeholder is refused, nothing is sent"
printf 'Hi Anna,\n\nthe quote for [Client name] is ready; it covers the new shop pages.\n\nBest regards,\nMarta\n' >"$work/bad.txt"
set +e
neomutt -n -F "$muttrc" -s "Your quote" -b "boss@example.it" -- "Anna Rossi <anna@example.com>" \
  <"$work/bad.txt" >"$work/neomutt-bad.out" 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "neomutt sent a draft with a placeholder: $(cat "$work/neomutt-bad.out")"
[ "$(received)" = 0 ] || fail "the refused draft reached the SMTP server"
grep -q "placeholder" "$work/neomutt-bad.out" || fail "neomutt did not show why: $(cat "$work/neomutt-bad.out")"

step "neomutt: a clean draft arrives, Bcc on the envelope only"
printf 'Hi Anna,\n\nthe report is ready in the shared folder.\n\nBest regards,\nMarta\n' >"$work/good.txt"
neomutt -n -F "$muttrc" -s "Monthly report" -b "boss@example.it" -- "Anna Rossi <anna@example.com>" \
  <"$work/good.txt" >"$work/neomutt-good.out" 2>&1 \
  || fail "neomutt could not send a clean draft: $(cat "$work/neomutt-good.out")"
[ "$(received)" = 1 ] || fail "expected 1 message at the server, found $(received)"
grep -q '"anna@example.com"' "$(msg 1 json)" || fail "anna is not on the envelope: $(cat "$(msg 1 json)")"
grep -q '"boss@example.it"' "$(msg 1 json)" || fail "the Bcc recipient is not on the envelope: $(cat "$(msg 1 json)")"
grep -qi '^bcc:' "$(msg 1 eml)" && fail "the Bcc header reached the server"
grep -q '^Subject: Monthly report' "$(msg 1 eml)" || fail "wrong message: $(cat "$(msg 1 eml)")"

# ---------------------------------------------------------------- the shim's queue mode
step "sendmail --queue -t: queued, then sent by \`outbox run --once\`"
printf 'From: Marta Rossi <marta@example.it>\nTo: Anna Rossi <anna@example.com>\nBcc: boss@example.it\nSubject: Queued note\n\nHi Anna,\n\nthe invoice is in the shared folder.\n\nBest regards,\nMarta\n' \
  | "$MAILCHECK" sendmail --queue -t -oi -oem 2>"$work/queue.err" || fail "queue: $(cat "$work/queue.err")"
grep -q "queued" "$work/queue.err" || fail "queue: $(cat "$work/queue.err")"
[ "$(received)" = 1 ] || fail "queue mode sent at once"
"$MAILCHECK" outbox run --once >/dev/null
[ "$(received)" = 2 ] || fail "the queued message was not sent by outbox run"
grep -q '"boss@example.it"' "$(msg 2 json)" || fail "-t lost the Bcc recipient"

# ---------------------------------------------------------------- git send-email
step "git send-email: a patch series with the sendemail-validate hook"
repo="$work/repo"
git init -q "$repo"
git -C "$repo" config user.name "Anna Rossi"
git -C "$repo" config user.email "anna@example.com"
git -C "$repo" config sendemail.sendmailCmd "$MAILCHECK sendmail"
git -C "$repo" config sendemail.confirm never
git -C "$repo" config sendemail.annotate false
echo "hello" >"$repo/a.txt"
git -C "$repo" add a.txt
git -C "$repo" commit -qm "Initial commit"
# The diff says angry things and TODO: code is not prose, the patch profile skips it.
echo "TODO: this is STUPID!!! fix the idiot parser" >>"$repo/a.txt"
git -C "$repo" commit -qam "Add a note to a.txt" -m "The note reminds us of the parser work."
echo "data" >"$repo/b.txt"
git -C "$repo" add b.txt
git -C "$repo" commit -qm "Add b.txt" -m "A second file for the demo."
git -C "$repo" format-patch -q --cover-letter -o "$work/series" HEAD~2
cover="$work/series/0000-cover-letter.patch"
sed -i 's/\*\*\* SUBJECT HERE \*\*\*/Demo files/; s/\*\*\* BLURB HERE \*\*\*/Two small changes; the full log is attached./' "$cover"

# An existing hook is never clobbered: refused, then kept and run first with --chain.
hooks=$(git -C "$repo" rev-parse --path-format=absolute --git-path hooks)
mkdir -p "$hooks"
printf '#!/bin/sh\necho "$1" >>"%s"\n' "$work/old-hook.log" >"$hooks/sendemail-validate"
chmod +x "$hooks/sendemail-validate"
if "$MAILCHECK" hook install git --repo "$repo" >"$work/hook.out" 2>&1; then
  fail "hook install clobbered an existing hook: $(cat "$work/hook.out")"
fi
grep -q -- "--chain" "$work/hook.out" || fail "the refusal does not say what to do: $(cat "$work/hook.out")"
(cd "$repo" && "$MAILCHECK" hook install git --chain) >/dev/null
[ -f "$hooks/sendemail-validate.pre-mailcheck" ] || fail "the old hook was not kept"

step "git send-email: a cover letter saying \"attached\" with nothing attached is refused"
set +e
(cd "$repo" && git send-email --from "Anna Rossi <anna@example.com>" --to "list@example.org" \
  "$work/series/"*.patch) >"$work/git-bad.out" 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "git send-email sent a series whose cover letter mentions a missing attachment"
grep -q "missing-attachment" "$work/git-bad.out" || fail "git did not show why: $(cat "$work/git-bad.out")"
grep -q "X-Mailcheck-Allow: missing-attachment" "$work/git-bad.out" \
  || fail "the refusal does not say how to send it anyway: $(cat "$work/git-bad.out")"
[ "$(received)" = 2 ] || fail "something of the refused series reached the server"
[ -s "$work/old-hook.log" ] || fail "the chained hook did not run"

step "git send-email: the fixed series is delivered in order"
sed -i 's/the full log is attached/the log is in the commit messages/' "$cover"
(cd "$repo" && git send-email --from "Anna Rossi <anna@example.com>" --to "list@example.org" \
  "$work/series/"*.patch) >"$work/git-good.out" 2>&1 \
  || fail "git send-email failed on a clean series: $(cat "$work/git-good.out")"
[ "$(received)" = 5 ] || fail "expected 3 patch messages, the server has $(( $(received) - 2 )): $(cat "$work/git-good.out")"
for i in 0 1 2; do
  grep -q "^Subject: \[PATCH $i/2\]" "$(msg $((i + 3)) eml)" \
    || fail "message $((i + 3)) is not [PATCH $i/2]: $(grep '^Subject' "$(msg $((i + 3)) eml)")"
  grep -q '"list@example.org"' "$(msg $((i + 3)) json)" || fail "patch $i: wrong envelope"
done

# ---------------------------------------------------------------- the same message twice
step "neomutt: the same message (same Message-ID) sent twice reaches the server once"
# A mail client that calls sendmail again for a message it already handed in (a retry after a
# timeout): the shim says yes, and sends nothing the second time. neomutt -H keeps the draft's
# Message-ID, as a postponed message being sent again does.
printf 'From: Marta Rossi <marta@example.it>\nTo: Anna Rossi <anna@example.com>\nSubject: Twice\nMessage-ID: <twice-1@example.it>\n\n' >"$work/twice.head"
printf 'Hi Anna,\n\nthe slides are in the shared folder.\n\nBest regards,\nMarta\n' >"$work/twice.txt"
neomutt -n -F "$muttrc" -H "$work/twice.head" <"$work/twice.txt" >"$work/twice-1.out" 2>&1 \
  || fail "neomutt could not send: $(cat "$work/twice-1.out")"
[ "$(received)" = 6 ] || fail "expected the first copy at the server, found $(received) messages"
grep -q '^Message-I[Dd]: <twice-1@example.it>' "$(msg 6 eml)" || fail "neomutt changed the Message-ID: $(cat "$(msg 6 eml)")"
neomutt -n -F "$muttrc" -H "$work/twice.head" <"$work/twice.txt" >"$work/twice-2.out" 2>&1 \
  || fail "the second sendmail call was refused, neomutt shows an error: $(cat "$work/twice-2.out")"
[ "$(received)" = 6 ] || fail "the same message reached the server twice"
printf 'From: Marta Rossi <marta@example.it>\nTo: Anna Rossi <anna@example.com>\nSubject: Twice\nMessage-ID: <twice-1@example.it>\n\nHi Anna,\n\nthe slides are in the shared folder.\n\nBest regards,\nMarta\n' \
  | "$MAILCHECK" sendmail -oi -- anna@example.com 2>"$work/twice-3.err" || fail "shim: $(cat "$work/twice-3.err")"
grep -q "not sent again" "$work/twice-3.err" || fail "no note on stderr: $(cat "$work/twice-3.err")"
[ "$(received)" = 6 ] || fail "the same message reached the server twice (shim)"

# ---------------------------------------------------------------- pre-commit
step "pre-commit: .pre-commit-hooks.yaml on a sample repository"
hookrepo="$work/hookrepo"
git init -q "$hookrepo"
cp "$root/.pre-commit-hooks.yaml" "$hookrepo/"
git -C "$hookrepo" add .pre-commit-hooks.yaml
git -C "$hookrepo" -c user.name=t -c user.email=t@example.com commit -qm hooks
rev=$(git -C "$hookrepo" rev-parse HEAD)
sample="$work/sample"
git init -q "$sample"
cat >"$sample/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $hookrepo
    rev: $rev
    hooks:
      - id: mailcheck-system
EOF
mkdir -p "$sample/drafts"
printf 'From: Marta <marta@example.it>\nTo: Anna <anna@example.com>\nSubject: Quote\n\nHi Anna,\n\nthe quote is ready.\n\nBest regards,\nMarta\n' >"$sample/drafts/good.eml"
printf 'From: Marta <marta@example.it>\nTo: Anna <anna@example.com>\nSubject: Quote\n\nBuongiorno XXX,\n\nthe quote is ready.\n\nBest regards,\nMarta\n' >"$sample/drafts/bad.eml"
echo "not a draft: XXX TODO" >"$sample/notes.txt"
git -C "$sample" add -A
export PATH="$(dirname "$MAILCHECK"):$PATH"
set +e
(cd "$sample" && pre-commit run --all-files) >"$work/pc-bad.out" 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "pre-commit passed a draft with a placeholder: $(cat "$work/pc-bad.out")"
grep -q "bad.eml" "$work/pc-bad.out" || fail "pre-commit did not name the draft: $(cat "$work/pc-bad.out")"
grep -q "notes.txt" "$work/pc-bad.out" && fail "pre-commit checked a file that is not a draft"
sed -i 's/Buongiorno XXX,/Hi Anna,/' "$sample/drafts/bad.eml"
git -C "$sample" add -A
(cd "$sample" && pre-commit run --all-files) >"$work/pc-good.out" 2>&1 \
  || fail "pre-commit failed on clean drafts: $(cat "$work/pc-good.out")"

echo "integration.sh: all passed"
