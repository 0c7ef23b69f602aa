-- The outbox on PostgreSQL, version 1. Applied by `mailcheck outbox migrate`, in one
-- transaction, recorded in mailcheck_migrations.
--
-- One row per message. `meta` is the same JSON as a file queue's meta/<id>.json (the truth);
-- `state`, `due` and `sender` repeat what runners and `outbox list` select on. A runner claims a
-- row by setting `lease_owner` and `lease_until` (SELECT ... FOR UPDATE SKIP LOCKED); a lease
-- that has expired belongs to nobody.
CREATE TABLE outbox_entry (
    id          text PRIMARY KEY,
    message_id  text NOT NULL,
    sender      text NOT NULL,
    state       text NOT NULL CHECK (state IN
                    ('queued', 'held', 'sending', 'sent', 'deferred', 'failed', 'uncertain')),
    due         timestamptz NOT NULL,
    meta        jsonb NOT NULL,
    message     bytea NOT NULL,
    lease_owner text,
    lease_until timestamptz,
    created     timestamptz NOT NULL DEFAULT now(),
    updated     timestamptz NOT NULL DEFAULT now()
);

-- What runners look for: due mail not yet sent, oldest first.
CREATE INDEX outbox_entry_due ON outbox_entry (due, id)
    WHERE state IN ('queued', 'deferred', 'uncertain', 'sending');

CREATE INDEX outbox_entry_sender ON outbox_entry (lower(sender));
