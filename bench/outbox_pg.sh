#!/usr/bin/env bash
# Issue 20: the outbox on PostgreSQL at scale.
#
#   bash bench/outbox_pg.sh                       # 100,000 messages flushed per runner count
#   BENCH_PG_SEND=20000 bash bench/outbox_pg.sh   # fewer (the not-due queue stays 100,000)
#   BENCH_PG_RUNNERS="4 2" bash bench/outbox_pg.sh # which runner counts (default "1 2 4")
#   BENCH_PG_NOTDUE=0 bash bench/outbox_pg.sh      # no not-due measurement
#
# A private PostgreSQL (Debian's package: initdb into a temporary directory, fsync on, password
# authentication, as the tests start it) and one local SMTP sink (tests/smtp_server.py
# --no-save: aiosmtpd, STARTTLS and AUTH required), the release binary as a desk member runs it.
#  1. Throughput: BENCH_PG_SEND due messages queued (one SQL statement: copies of a row written
#     by `mailcheck send`, each with its own id, Message-ID and checksum), then 1, 2 and 4
#     `outbox run --once` started together; wall time until all have exited, every row `sent`.
#  2. `outbox run --once` with nothing due, in a queue of 0, 1,000 and 100,000 scheduled rows
#     (median of 5): the claim is an index range scan, so its cost should not grow with the queue.
# Prints Markdown tables (copied into bench/RESULTS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
SEND=${BENCH_PG_SEND:-100000}
NOTDUE=${BENCH_PG_NOTDUE:-100000}
RUNNERS=${BENCH_PG_RUNNERS:-1 2 4}
PY=${MAILCHECK_TEST_PYTHON:-python3}
NOW="2026-11-23T10:00:00+01:00"
USER_SMTP=bench
PW_SMTP=bench-pw-0451
PW_PG=bench-pg-pw-7731

if [ -z "${MAILCHECK_BIN:-}" ]; then
  cargo build --release --quiet
fi
bin=${MAILCHECK_BIN:-$(pwd)/${CARGO_TARGET_DIR:-target}/release/mailcheck}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

work=$(mktemp -d /tmp/mailcheck-bench-pg.XXXXXX)
chmod 755 "$work"
mkdir "$work/pg" "$work/pg/sock" "$work/desk" "$work/smtp"
echo "$PW_PG" >"$work/pg/pwfile"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$work/pg"
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  [ -n "${smtp_pid:-}" ] && kill "$smtp_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$work/pg/data" -U postgres --auth=scram-sha-256 -E UTF8 \
  --pwfile="$work/pg/pwfile" >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -t 60 \
  -o "-k $work/pg/sock -h 127.0.0.1 -p $port -c fsync=on" start >/dev/null
export PGPASSWORD=$PW_PG
psql() { "$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -At "$@"; }
psql -d postgres -c "CREATE DATABASE desk" >/dev/null

# The SMTP sink: its first line is `READY <port>`.
coproc SMTP { exec "$PY" tests/smtp_server.py --dir "$work/smtp" --user "$USER_SMTP" \
  --password "$PW_SMTP" --no-save 2>/dev/null; }
smtp_pid=$SMTP_PID
read -r ready smtp_port <&"${SMTP[0]}"
[ "$ready" = READY ]

cfg="$work/desk/mailcheck.toml"
cat >"$cfg" <<EOF
[sender]
timezone = "Europe/Rome"

[outbox]
database = "postgresql://postgres@127.0.0.1:$port/desk"
password_env = "BENCH_PG_PW"

[smtp]
host = "127.0.0.1"
port = $smtp_port
tls = "starttls"
username = "$USER_SMTP"
password_env = "BENCH_SMTP_PW"
ca_file = "$work/smtp/ca.pem"
timeout = 30
hello_name = "bench.test"
EOF
chmod 600 "$cfg"
mc() {
  (cd "$work/desk" && MAILCHECK_CONFIG="$cfg" XDG_CONFIG_HOME="$work/desk/xdg" \
    XDG_DATA_HOME="$work/desk/xdg-data" MAILCHECK_NOW="${AT:-$NOW}" BENCH_PG_PW="$PW_PG" \
    BENCH_SMTP_PW="$PW_SMTP" NO_COLOR=1 "$bin" "$@")
}
mc outbox migrate >/dev/null
# The template row: one message queued the ordinary way.
printf 'From: Desk <desk@example.it>\nTo: anna@example.it\nSubject: Bench\n\nHello,\n\nthe order is ready.\n\nBest regards,\nDesk\n' \
  >"$work/desk/draft.eml"
mc send draft.eml >/dev/null
psql -d desk -c "CREATE TABLE bench_template AS SELECT * FROM outbox_entry;
                 DELETE FROM outbox_entry;" >/dev/null

# Copies of the template: `count` rows from number `first`, due at `due` (SQL timestamptz).
queue() {
  local first=$1 count=$2 due=$3
  psql -d desk -c "
    INSERT INTO outbox_entry (id, message_id, sender, state, due, meta, message)
    SELECT c.id, c.mid, t.sender, 'queued', $due,
           jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(t.meta,
               '{id}', to_jsonb(c.id)), '{message_id}', to_jsonb(c.mid)),
               '{due}', to_jsonb($due)), '{first_due}', to_jsonb($due)),
               '{checksum}', to_jsonb('sha256:' || encode(sha256(c.msg), 'hex'))),
           c.msg
    FROM bench_template t,
         LATERAL (SELECT lpad(to_hex(g), 12, '0') AS id, 'b' || g || '.' || t.message_id AS mid
                  FROM generate_series($first, $first + $count - 1) g) AS k,
         LATERAL (SELECT k.id, k.mid,
                         convert_to(replace(convert_from(t.message, 'UTF8'), t.message_id, k.mid),
                                    'UTF8') AS msg) AS c" >/dev/null
}

echo "## Outbox on PostgreSQL (\`bench/outbox_pg.sh\`, $(date -u +%F), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') (fsync on), one aiosmtpd sink (STARTTLS, AUTH)."
echo
echo "| runners | messages | wall | messages/s | all sent once |"
echo "|---:|---:|---:|---:|---|"
for k in $RUNNERS; do
  psql -d desk -c "TRUNCATE outbox_entry" >/dev/null
  t=$(date +%s%N)
  queue 1 "$SEND" "'2026-11-23 09:00:00+00'::timestamptz"
  tq=$(( ($(date +%s%N) - t) / 1000000 ))
  start=$(date +%s%N)
  pids=()
  for _ in $(seq "$k"); do
    AT="2026-11-23T10:05:00+01:00" mc outbox run --once >/dev/null 2>"$work/run.err" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  wall=$(( ($(date +%s%N) - start) / 1000000 ))
  sent=$(psql -d desk -c "SELECT count(*) FROM outbox_entry WHERE state = 'sent'")
  ok=$([ "$sent" = "$SEND" ] && echo yes || echo "NO: $sent sent")
  awk -v k="$k" -v n="$SEND" -v w="$wall" -v ok="$ok" \
    'BEGIN { printf "| %d | %d | %.1f s | %.0f | %s |\n", k, n, w / 1000, n * 1000 / w, ok }'
  echo "(queued $SEND rows in $tq ms)" >&2
done
echo

[ "$NOTDUE" -gt 0 ] || exit 0
# 2. Nothing due: one `run --once` (connect, claim nothing, exit) in queues of growing size.
median5() {
  local xs=()
  for _ in 1 2 3 4 5; do
    local t=$(date +%s%N)
    mc outbox run --once >/dev/null
    xs+=($(( ($(date +%s%N) - t) / 1000000 )))
  done
  printf '%s\n' "${xs[@]}" | sort -n | sed -n 3p
}
psql -d desk -c "TRUNCATE outbox_entry" >/dev/null
echo "| scheduled rows (not due) | \`outbox run --once\` (median of 5) |"
echo "|---:|---:|"
echo "| 0 | $(median5) ms |"
queue 1 1000 "'2026-12-23 09:00:00+00'::timestamptz"
psql -d desk -c "ANALYZE outbox_entry" >/dev/null
echo "| 1000 | $(median5) ms |"
queue 1001 $((NOTDUE - 1000)) "'2026-12-23 09:00:00+00'::timestamptz"
psql -d desk -c "ANALYZE outbox_entry" >/dev/null
echo "| $NOTDUE | $(median5) ms |"
