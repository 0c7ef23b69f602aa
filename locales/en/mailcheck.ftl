# mailcheck's interface text in English. Every id here is also in it/ and ru/ with the same
# variables (a unit test in src/i18n.rs checks it). See docs/language.md.

## Counts (the summary line)

count-errors = { $count ->
    [one] { $count } error
   *[other] { $count } errors
}
count-warnings = { $count ->
    [one] { $count } warning
   *[other] { $count } warnings
}
count-hints = { $count ->
    [one] { $count } hint
   *[other] { $count } hints
}
count-files = { $count ->
    [one] { $count } file
   *[other] { $count } files
}
# "2 errors, 1 warning and 3 hints": the last two parts of a list.
list-and = { $first } and { $last }
summary-found = Found { $list } in { $files }.
summary-none = No problems found in { $files }.

## Notes under a finding

level-error = error
level-warning = warning
level-hint = hint
level-note = note
level-help = help
note-why = why: { $summary }
note-decoded-line = line { $line } of the decoded text ({ $encoding } body: no line in the file matches; placed where the body starts)

## What each rule looks at (`mailcheck rules`, the "why:" note)

rule-too-long = the writer's own text is over the word limit (quote and signature excluded)
rule-next-steps = the draft asks the client to act but has no "Next steps" block
rule-angry-tone = hostile words, accusations, shouting or "!!!" in the writer's own text
rule-off-hours = the send time is outside business hours (yours, or the recipient's in their zone)
rule-placeholder = unfilled template text: XXX, TODO, {"{{"}name{"}}"}, [Client name], lorem ipsum
rule-missing-attachment = the text says something is attached, but nothing is
rule-empty-subject = the message has no subject
rule-late-reply = a reply to a message older than one business day
rule-blame-shifting = arguing whose fault it is instead of taking the blame
rule-greeting-mismatch = the greeting names someone who is not among the recipients
rule-multiple-topics = several distinct topics in one message
rule-subject-length = the subject is too long to read on a phone
rule-long-thread = a long back-and-forth that a short call would settle
rule-recipients-exposed = many external addresses in To/Cc that should be in Bcc
rule-html-only = an HTML body with no plain-text alternative
rule-large-attachment = attachments over what common mail servers accept
rule-no-support-offer = a delivery or launch mail with no offer of support or maintenance
rule-explain-with-docs = long step-by-step instructions with no link to a guide or video

## Findings, by rule

angry-tone-hostile = hostile wording
angry-tone-accusation = an accusation
angry-tone-words = { $what }: "{ $words }"
angry-tone-capitals = shouting: several words in capitals
angry-tone-shouting = shouting
angry-tone-exasperation = exasperation
angry-tone-punctuation = "{ $marks }" reads as { $kind }
angry-tone-help = let it rest and reread it later; say what happened and what you will do about it

blame-shifting-message = "{ $words }" argues about whose fault it is
blame-shifting-label = blame
blame-shifting-help = take the blame and say what you will do to fix it

empty-subject-missing = the message has no Subject header
empty-subject-empty = the subject is empty
empty-subject-label = empty
empty-subject-help = add a subject that says what the message is about

explain-with-docs-message = { $steps } numbered steps and no link to a guide or video
explain-with-docs-label = instructions start here
explain-with-docs-help = link a short guide or screen recording, and keep the mail to the essentials

greeting-mismatch-message = the greeting says "{ $names }", but no recipient has that name
greeting-mismatch-label = not a recipient: { $name }
greeting-mismatch-help = greet the person you are writing to by their name

html-only-message = the message is HTML only, with no plain-text version
html-only-help = send it as multipart/alternative with a text/plain part

large-attachment-message = the attachments add up to { $total } MB, over { $max } MB
large-attachment-help = share a download link instead, or make the files smaller

late-reply-message = this answers a message from { $received }; the answer was due by { $due }
late-reply-help = open with an apology and an acknowledgement; next time send a holding reply at once (`mailcheck new holding-reply`)
late-reply-fix = open with an apology and an acknowledgement
late-reply-label-date = the original's date
late-reply-label-mailbox = the original, found in the mailbox

long-thread-messages = this thread has { $count } messages
long-thread-depth = the quotes are nested { $depth } deep
long-thread-message = { $why }: a long back-and-forth
long-thread-help = propose a 15-minute call with two slots (`mailcheck new call-proposal`), then sum it up by email
long-thread-label = many earlier messages

missing-attachment-message = the text says "{ $words }" but the message has no attachment
missing-attachment-label = mentions an attachment
missing-attachment-help = attach the file, or remove the mention

multiple-topics-message = this message covers { $topics } topics; more than { $max } get lost
multiple-topics-label = topic { $topic } starts here
multiple-topics-help = split it into one message per topic (`mailcheck split`)

next-steps-message = { $count ->
    [one] you ask the recipient for 1 thing but there is no "{ $heading }" block
   *[other] you ask the recipient for { $count } things but there is no "{ $heading }" block
}
next-steps-label = a request
next-steps-help = add a "{ $heading }" block before the sign-off listing what the recipient has to do
next-steps-fix = { $count ->
    [one] insert a "{ $heading }" block listing the 1 thing asked
   *[other] insert a "{ $heading }" block listing the { $count } things asked
}

no-support-offer-message = "{ $words }": a hand-over with no offer of support or maintenance
no-support-offer-label = delivery
no-support-offer-help = add a paragraph offering maintenance and support after the launch
no-support-offer-fix = insert a paragraph offering maintenance and support

off-hours-message = sending at { $time } is outside business hours: { $closed }
off-hours-yours = yours ({ $hours })
off-hours-theirs = { $address }'s ({ $time } there)
off-hours-help = defer it; next good time: { $next }
off-hours-help-no-time = defer it to a business day

placeholder-subject = placeholder in the subject: "{ $text }"
placeholder-message = unfilled placeholder "{ $text }"
placeholder-label = placeholder
placeholder-help = fill it in with the real value, or remove it, before sending

recipients-exposed-message = { $count } external addresses in To/Cc can all see each other
recipients-exposed-label = visible to every recipient
recipients-exposed-help = put the recipients in Bcc, or send one message each

subject-length-message = the subject is { $count } characters, over { $max }
subject-length-label = too long for a phone
subject-length-help = shorten it to what the message is about and what the client must do

too-long-message = the message is { $words } words of your own, over the limit of { $max }
too-long-label = word { $word } starts here
too-long-help = split it by topic into shorter messages, or cut it to what the client needs now

## `mailcheck explain`

explain-heading = { $id } ({ $summary }, default { $severity })
explain-in-force = In force
explain-lists = Word lists and patterns, entries per language (lints/{ $id }.toml):
config-origin = config: { $path }
config-origin-none = config: none (built-in defaults)
config-origin-project = project config: { $path } (checking keys only: { $keys })

## `mailcheck due`

due-nothing = Nothing due at { $at }: every client message has an answer, no follow-up or weekly status is due.
due-heading = Due at { $at }: { $overdue } overdue, { $due } due, { $waiting } waiting.
due-urgency-overdue = OVERDUE
due-urgency-due = due
due-urgency-waiting = waiting
due-kind-reply = reply
due-kind-follow-up = follow-up
due-kind-weekly-status = weekly-status
due-reply-overdue = answer was due { $deadline } ({ $span } ago)
due-reply-by = answer by { $deadline } ({ $span } left)
due-follow-up-asked = asked { $asked }, no answer
due-follow-up-no-answer = no answer
due-weekly-last = nothing sent this week (last { $last })
due-weekly-never = nothing sent yet
span-minutes = { $m }m
span-hours = { $h }h
span-hours-minutes = { $h }h { $m }m
span-days = { $d }d
span-days-hours = { $d }d { $h }h

## `mailcheck outbox list` / `show`

outbox-empty = The outbox is empty.
outbox-no-subject = (no subject)
outbox-state-queued = queued
outbox-state-held = held
outbox-state-held-cooldown = held (cool-down)
outbox-state-held-late = held (late)
outbox-state-sending = sending
outbox-state-sent = sent
outbox-state-deferred = deferred
outbox-state-failed = failed
outbox-state-uncertain = uncertain
outbox-state-damaged = damaged
outbox-state-sending-stopped = uncertain (its runner stopped mid-send)
outbox-show-id = id:
outbox-show-state = state:
outbox-show-message-id = Message-ID:
outbox-show-subject = subject:
outbox-show-from = from:
outbox-show-sent = sent:
outbox-show-was-due = was due:
outbox-show-sends = sends:
outbox-show-attempts = attempts:
outbox-show-why = why:
outbox-show-to = to:
outbox-show-last-reply = last reply:
outbox-rcpt-pending = pending
outbox-rcpt-sent = sent
outbox-rcpt-failed = failed
outbox-rcpt-uncertain = uncertain

## `mailcheck report --format text`

count-messages = { $count ->
    [one] { $count } message
   *[other] { $count } messages
}
count-requests = { $count ->
    [one] { $count } request
   *[other] { $count } requests
}
count-clients = { $count ->
    [one] { $count } client
   *[other] { $count } clients
}
count-business-days = { $count ->
    [one] { $count } business day
   *[other] { $count } business days
}
category-information = information
category-shipping = shipping
category-order = order
category-problem = problem
category-appointment = appointment
category-administration = administration
category-other = other
report-from-clients = { $requests } from { $clients }
report-range = { $from } to { $to }
report-no-requests = no requests
report-per-week = week
report-per-month = month
report-title = Client requests, { $range }, per { $per } ({ $timezone })
report-read = { $messages } read, { $found }
report-not-read = { $files } not read
report-period = { $period } ({ $start } to { $end }): { $found }
report-all-periods = All periods: { $found }
report-busiest = Busiest hours ({ $timezone }):
report-faq = FAQ candidates (similar requests from different clients):
report-faq-item = { $category }, { $found }
report-faq-example = e.g. { $from }, { $date }: "{ $subject }"
report-col-category = category
report-col-requests = requests
report-col-share = share
report-col-change = change
report-replies = replies: { $answered } of { $requests } answered
report-reply-times = median { $median }, 90th percentile { $p90 }
report-unanswered = unanswered: { $count }
report-still-in-time = { $count } still in time
report-within = within { $deadline }: { $within } of { $judged } ({ $share })
report-duration-minutes = { $m }m
report-duration-hours = { $h }h { $mm }m
report-duration-days = { $d }d { $h }h

## `mailcheck report --format html`

report-html-title = Client requests, { $range }
report-html-summary = { $requests } requests from { $clients } clients; { $messages } messages read; per { $per }; times in { $timezone }.
report-html-what = What clients ask about
report-html-how-fast = How fast they get an answer
report-html-when = When they write
report-html-no-chart = The chart could not be drawn: { $error }
report-html-per-period = Requests per period
report-html-all = all
report-html-replies = Replies
report-html-period = period
report-html-answered = answered
report-html-unanswered = unanswered
report-html-median = median
report-html-p90 = 90th percentile
report-html-within = { $days ->
    [one] within { $days } business day
   *[other] within { $days } business days
}
report-html-unanswered-open = unanswered (still in time)
report-html-of = { $within } of { $judged } ({ $share })
report-html-faq = FAQ candidates
report-html-faq-note = Similar requests from different clients: worth a prepared answer.
report-html-faq-count = { $requests } requests from { $clients } clients
report-html-chart-categories = Requests by category (share of each period)
report-html-percent-of-requests = % of requests
report-html-all-answered = all answered
report-html-unanswered-of = { $unanswered } of { $requests } unanswered
report-html-chart-reply-time = Time to first reply of the answered requests (hours)
report-html-hours = hours
report-html-24-hours = 24 hours
report-html-chart-answered = Requests answered and unanswered
report-html-requests = requests
report-html-chart-hours = Requests by weekday and hour ({ $timezone })

## Errors (the details after the colon come from the system or a parser, as they are)

draft-error-io = { $path }: cannot read: { $error }
draft-error-not-email = { $path }: not an email message: { $why }
draft-error-limit = { $path }: not read: { $message }
draft-error-unreadable = { $path }: could not be read (the reader failed on it: { $why })
not-email-empty = the file is empty
not-email-mime = the MIME structure could not be parsed
not-email-no-header = no header fields found
not-email-no-message-field = none of the header fields a message has (From, To, Subject, Date, ...) was found
not-email-directory = is a directory; { $command } takes one draft
not-email-no-drafts = no drafts in this folder (mailcheck reads the *.eml files under it, and the messages in a Maildir's cur/ and new/)
not-email-mbox = an mbox of { $count } messages; a draft is one message: split it (`git mailsplit`, `formail -s`) or give the folder of a Maildir
config-error-io = { $path }: cannot read config: { $error }
config-error-parse = { $path }: invalid config: { $message }
config-error-key = { $path }: `{ $key }`: { $message }
config-error-toml-at-key = { $path }: line { $line }, column { $column }: `{ $key }`: { $message }
config-error-toml-at = { $path }: line { $line }, column { $column }: { $message }
config-toml-syntax = not valid TOML: { $detail }
config-toml-secret = a password is never written in the config file: name a command that prints it (`password_command`) or an environment variable that holds it (`password_env`)
config-toml-unknown-key = unknown key (known here: { $known })
config-toml-unknown-key-none = unknown key (nothing can be set here)
config-toml-missing = missing: this key is required
config-toml-duplicate = set twice
config-toml-type = wrong type of value (expected { $expected })
config-toml-value = value not allowed (expected { $expected })
config-toml-variant = not one of the values allowed: { $allowed }
config-toml-other = { $detail }
config-error-lint = lint data { $file }: { $message }
config-error-unknown-rule = unknown rule `{ $rule }` (see `mailcheck rules`)
# What is wrong with one setting (`ConfigError::Setting`, after "path: `key`: ").
config-setting-detail = { $detail }
config-unknown-rule-key = unknown rule `{ $rule }`
config-not-a-zone = `{ $value }` is not an IANA time zone (like "Europe/Rome")
config-not-a-date = `{ $value }` is not a date like 2026-12-25
config-no-severity = `{ $rule }` holds data, not a rule: it has no severity
config-not-one-of = { $value } is not one of { $choices }
config-project-key = a project's mailcheck.toml (found walking up from the current directory) may only set what a check looks for ({ $keys }); `{ $key }` is read only from your own config ({ $config }) or one named with --config
config-project-lints = in a project's mailcheck.toml, `lints` must be a folder inside the project (relative, no `..`, no link leading out)
config-no-data-dir = no data directory found ($XDG_DATA_HOME, $HOME): set the path
config-not-a-time-of-day = `{ $value }` is not a time of day like "09:00"
config-not-days = { $value } is not a number of days
config-no-serve = no [serve] section: `mailcheck serve` needs one; add these lines (and set the password in the variable):{ $example }
config-not-an-address = `{ $value }` is not an address and port like "127.0.0.1:1587"
config-nothing-to-serve = both `listen` and `tls_listen` are off: nothing to serve
config-missing-username = missing: the name mail clients log in with
config-password-both = set either `password_command` or `password_env`, not both
config-password-missing = missing: set `password_env` (a variable holding the password) or `password_command`
config-env-not-set = the environment variable `{ $var }` is not set
config-env-not-a-name = `password_env` names an environment variable (letters, digits and _), it does not hold the password: put the password in a variable and name it here, or use `password_command`
config-env-empty = the environment variable `{ $var }` is set but empty
config-env-not-utf8 = the environment variable `{ $var }` is not valid UTF-8
config-cert-both = set both `cert_file` and `key_file`, or neither (a self-signed certificate)
config-no-cert-dir = no data directory found ($XDG_DATA_HOME, $HOME) for the self-signed certificate
config-more-than-zero = must be more than zero
config-at-least-one = must be at least 1
config-no-smtp = no [smtp] section: set at least `host` (see docs/outbox.md)
config-missing-host = missing: the SMTP server's name
config-username-needs-password = `username` needs `password_command` or `password_env`, and they need it
config-cannot-read = { $path }: cannot read: { $error }
config-not-hours = `{ $value }` is not a range like "09:00-18:00"
config-not-a-time = `{ $value }` is not a time like { $example }
config-hours-backwards = `{ $value }`: the day must open before it closes
config-not-a-weekday = `{ $value }` is not a day of the week (Mon, Tue, ...)
config-not-status-due = `{ $value }` is not a weekday and a time like "fri 14:00"
config-not-a-duration = `{ $value }` is not a duration like "30s", "5m", "4h" or "5d"
config-limit-zero = 0 is not a usable limit (it would refuse or cut drafts that are fine); use at least 1, or leave the key out for the default
config-limit-too-big = { $value } is over { $max } (4 GiB), the largest message that can be read
config-no-such-account = no such account: add `[smtp.accounts."{ $account }"]`
config-account-name = an account is named by its sender address, like "anna@desk.example"
config-account-twice = the same address twice (addresses ignore case)
config-no-database = no database is set
config-not-a-database-url = not a PostgreSQL connection URL (postgresql://user@host:5432/db): { $error }
config-url-password = the URL holds a password: put it in `password_env` or `password_command`
config-file-error = { $path }: { $error }
config-not-private = { $path } holds password settings and group or others can read or write it (mode { $mode }); run `chmod 600 { $path }`
config-password-command-cannot-run = cannot run the password command: { $error }
config-password-command-timeout = the password command did not finish within { $seconds } s (set `password_timeout` for a slower one)
config-password-command-error = the password command: { $error }
config-password-command-failed = the password command failed ({ $status })
config-password-command-unreadable = the password command's output could not be read
config-password-command-output-error = the password command's output: { $error }
config-password-command-too-long = the password command's first line is longer than { $max } bytes
config-password-command-not-utf8 = the password command's output is not UTF-8
config-password-command-empty = the password command printed nothing
config-imap-no-password = no password for { $account }: set `password_env` or `password_command` in [imap] (see docs/imap.md)
desk-error-io = { $path }: cannot read mailbox: { $error }
desk-error-not-mailbox = { $path }: not a mailbox: { $why }

## `mailcheck send`

send-not-queued = { $count ->
    [one] not queued: { $count } error (fix the draft, or queue it anyway with --force)
   *[other] not queued: { $count } errors (fix the draft, or queue it anyway with --force)
}
send-queued = queued { $id }: sends { $when } ({ $utc })
send-held = held { $id }: sends { $when } ({ $utc })
send-duplicate = mailcheck: { $path }: the same message (same Message-ID, or same text to the same recipients) is already in the outbox: { $entries }
send-duplicate-not-queued = mailcheck: not queued again (queue it anyway with --force)
send-duplicate-forced = ; queued again (--force)

## Notes and `fix`

note-not-read = not read: { $what }
note-desk-none-yours = none of the { $count } messages read is yours, so every thread reads as unanswered: name your address (`[desk] me = ["you@example.com"]`) or your sent folder (`[desk] sent`), or give the sent folder too
note-more-not-read = { $count } more messages not read
fix-nothing = nothing to fix
fix-no-automatic = { $count ->
    [one] 1 finding has
   *[other] { $count } findings have
} no automatic fix ({ $rules }): see `mailcheck explain RULE`
fix-backup = the draft as it was is kept in { $path }
fix-backup-numbered = the draft as it was is kept in { $path } ({ $first } is kept as it is, from an earlier fix)

# Why `fix` leaves a draft alone, or refuses a value (`FixError`); a library's words (a decode
# error, an address parser's) come after the colon as they are.
fix-error-template = template { $name }: { $message }
fix-error-line-break = { $what }: the value contains { $char } (a line break or NUL cannot go into a message)
fix-error-not-address = { $what }: `{ $value }` is not an address ({ $error })
fix-error-split-body = the text is in several body parts (text, file, text)
fix-error-no-text-body = the message has no text body to insert into
fix-error-base64 = the base64 body does not decode: { $error }
fix-error-charset-unknown = cannot write text in the charset { $charset }
fix-error-charset-unmappable = the fix's text cannot be written in the draft's charset ({ $charset })
fix-error-ascii-8bit = the text part is declared us-ascii but holds 8-bit bytes that are not UTF-8: cannot tell which charset to write the fix's text in
fix-error-no-part-header = cannot find the text part's header to relabel it
fix-error-header-no-line-break = the text part's header does not end in a line break: cannot add a field to it
fix-error-no-line = the place to insert has no line in the file
fix-error-folder = { $path }: cannot write in the folder { $dir }: { $error }
fix-error-not-regular = { $path }: not a regular file (mailcheck writes a file whole, by renaming a new one onto it)

## Queue errors (the details come from the system or the server, as they are)

outbox-error-unsafe = { $path }: refusing to use this outbox: { $message }
outbox-error-not-found = no queued message `{ $id }` (see `mailcheck outbox list`)
outbox-error-damaged = { $path }: damaged queue entry: { $message }
outbox-error-wrong-state = message `{ $id }` is { $state } and cannot be { $action }
outbox-error-busy = message `{ $id }` is being sent by a runner right now; try again in a moment
outbox-error-draft = the draft cannot be queued: { $why }
outbox-action-cancelled = cancelled
outbox-action-rescheduled = rescheduled
outbox-action-retried = retried
outbox-action-changed = changed

## `mailcheck serve`: the replies to a mail client (folded to ASCII on the wire) and the
## delivery status notification

serve-refused = { $count ->
    [one] mailcheck refused this message: { $count } error
   *[other] mailcheck refused this message: { $count } errors
}
serve-finding = { $rule }: { $message }
serve-finding-line = { $rule }: { $message } (line { $line })
serve-more = ... and { $count } more
serve-confirm = to send it anyway, send the same message again within { $window }
serve-window-seconds = { $count ->
    [one] { $count } second
   *[other] { $count } seconds
}
serve-window-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
serve-window-hours = { $count ->
    [one] { $count } hour
   *[other] { $count } hours
}
serve-queued-now = queued as { $id }: leaves now
serve-queued = queued as { $id }: leaves { $when }
serve-held = held as { $id }: leaves { $when }
serve-confirmed = (sent again within the confirm window: sent anyway)
serve-cannot-queue = cannot queue it now: { $why }
serve-error-listen = cannot listen on { $addr }: { $message }
serve-error-tls = TLS: { $why }
dsn-from-name = Mail Delivery (mailcheck)
dsn-subject = Undelivered mail: { $subject }
dsn-no-subject = (no subject)
dsn-intro = Your message "{ $subject }" (Message-ID <{ $id }>) could not be delivered to:
dsn-refused = refused
dsn-outro = mailcheck accepted it and tried to send it through your [smtp] account; the server refused it for good. Fix the address or the message and send it again.
dsn-outro-expired = mailcheck accepted it and tried to send it through your [smtp] account until its lifetime ([outbox] give_up_after) ran out; the server kept answering "try again later". Check the address and send it again.
dsn-delivered-to = It was delivered to { $recipients }: send it again only to the addresses above, or they get it twice.

## Why a queued message leaves when it does (kept in the queue as these ids, worded when shown)

reason-cooldown = angry-tone: held for a cool-down until { $when }
reason-off-hours = off-hours: deferred to the next time inside everyone's business hours, { $when }
reason-send-window = send window: waits for the next one, { $when }
reason-late = late: found at { $found } but due at { $due }, more than max_lateness ago; `mailcheck outbox retry { $id }` sends it
reason-rescheduled = rescheduled by hand to { $when }
reason-sent-now = sent at once (mailcheck sendmail --now)
reason-dsn = delivery status notification for { $id }

## What the last send attempt of a queued message recorded (`last_reply`), when the words are
## mailcheck's own; a server's reply is kept and shown as the server gave it.

last-reply-interrupted = the previous attempt was interrupted; sent again (at-least-once, same Message-ID)
last-reply-gave-up = gave up after { $attempts ->
        [one] { $attempts } attempt
       *[other] { $attempts } attempts
    }: { $reply }
last-reply-gave-up-silent = gave up after { $attempts ->
        [one] { $attempts } attempt
       *[other] { $attempts } attempts
    }: no reply
last-reply-damaged = not sent: the queued message file is damaged ({ $bytes } bytes, checksum { $got }, queued as { $want }); queue the draft again
smtp-no-account-for-sender = no SMTP account for the sender `{ $sender }`: add `[smtp.accounts."{ $sender }"]` (the accounts are { $accounts })
last-reply-no-account = not sent: it was queued for the SMTP account `{ $account }`, which this config does not have: add `[smtp.accounts."{ $account }"]`, then `mailcheck outbox retry`

## Notes on a draft: what the reader noticed while reading it (`mailcheck: note: ...`)

note-html-deep = the HTML nests elements more than { $depth } deep; the deeper ones were read as plain text
note-part-damaged = part { $part }: the transfer encoding is damaged (truncated or invalid); its text may be incomplete
note-multipart-unclosed = the message has no closing MIME boundary (saved unfinished or cut short): read as if it ended with the file
note-base64-damaged = the text body's base64 is damaged; its text was not read
note-capped = only the first { $bytes } bytes of the { $what } were read ([limits] max_text_bytes)
note-what-body-text = body text
note-what-html = HTML body
note-what-html-text = HTML body's text
note-html-failed = could not read the HTML part (the HTML reader failed: { $why }); its text was not checked
note-plain-is-html = the text/plain part is an HTML page; it was read as HTML
note-charset = the body's charset ({ $charset }) did not decode cleanly; some characters were replaced
note-charset-unspecified = unspecified
note-cut = { $why }; the message goes on from line { $line }
note-rule-failed = rule { $rule } failed on this message ({ $why }); its findings are missing
note-rule-too-many = rule { $rule } found { $found } places; only the first { $max } are reported

## IMAP mailboxes (the server's reply and the system's words after the colon, as they come)

imap-error-url = { $url }: not an IMAP URL: { $why }
imap-error-config = { $path }: { $key }: { $message }
imap-error-connect = { $account }: cannot connect: { $why }
imap-error-no-starttls = { $account }: the server does not offer STARTTLS; mailcheck never logs in over an unencrypted connection (use imaps:// if the server has TLS on port 993)
imap-error-tls = { $account }: TLS failed: { $why }
imap-error-login = { $account }: login refused by the server: { $why } (check `[imap]` password_env / password_command)
imap-error-timeout = { $account }: no answer from the server within { $secs } s ({ $during })
imap-error-server = { $url }: { $why }
imap-error-cache = { $path }: IMAP cache: { $error }

## `mailcheck sendmail --now`: what became of the message (the server's reply as it gave it)

sendmail-sent = mailcheck: sent { $id } <{ $message_id }>: { $reply }
sendmail-accepted = accepted
sendmail-left = mailcheck: warning: { $id } <{ $message_id }> is not delivered to everyone yet ({ $reply }); it stays in the outbox as { $state } and `mailcheck outbox run` finishes it: do not send it again
sendmail-no-reply = no reply
sendmail-not-sent = mailcheck: not sent: { $reply } (nobody got it; try again later)
sendmail-could-not-take = the server could not take it
sendmail-refused = mailcheck: refused by the server for { $refused }
sendmail-refused-delivered = mailcheck: refused by the server for { $refused }; delivered to { $sent }
sendmail-refused-default = refused

## `mailcheck outbox run`, `cancel`, `reschedule`, `retry` (a server's reply as it gave it)

outbox-run-sent = sent { $id } <{ $message_id }> to { $to }
outbox-run-not-delivered = { $id }: not delivered to { $address }: { $reply }
outbox-run-rejected = rejected
outbox-run-deferred = deferred { $id }: next try { $when } ({ $utc }): { $reply }
outbox-run-uncertain = uncertain { $id }: { $reply }; sending again { $when } with the same Message-ID
outbox-run-failed = failed { $id }: { $reply }
outbox-run-skipped = skipped: { $what }
outbox-run-held-late = held { $id }: it was due { $when } ({ $utc }), longer ago than max_lateness; `mailcheck outbox retry { $id }` sends it
outbox-cancelled = cancelled { $id }
outbox-cancelled-maybe-delivered = { $id } may already have been delivered to { $recipients }: its last try was cut off after the message was sent, and the server may have it; cancelling only stops further tries
outbox-cancelled-partly-delivered = { $id } was already delivered to { $recipients }; cancelling stops it only for the others
outbox-rescheduled = rescheduled { $id }: sends { $when } ({ $utc })
outbox-retry-next-run = { $id } will be sent by the next `mailcheck outbox run`
outbox-retry-at = { $id } will be sent at { $when } (`--now`: at the next run)

## `[limits]`: why a message was refused or cut short

limit-message-bytes = the message is over { $max } bytes, the limit ([limits] max_message_bytes)
limit-header-line = header line { $line } is { $bytes } bytes long, over the limit of { $max } ([limits] max_header_line)
limit-header-lines = more than { $max } header lines ([limits] max_header_lines)
limit-parts = only the first { $max } MIME parts were read ([limits] max_parts)
limit-depth = MIME parts nested deeper than { $max } were not read ([limits] max_depth)
limit-attached = an attached (encoded) message was not read, as in it: { $why }
limit-encoded-body = in the message encoded in the body: { $why }

## `mailcheck serve --setup`: what to type into a mail client (menu names as the client shows them)

serve-setup-title = Outgoing mail server (SMTP) settings for your mail client
serve-setup-listen = server { $host }, port { $port }, connection security { $security }
serve-setup-user = user name { $user }; password: the password of [serve] (password_env or password_command); authentication: normal password
serve-setup-thunderbird = Thunderbird: Account Settings > Outgoing Server (SMTP) > Add: server name { $server }, port { $port }, connection security { $security }, authentication method "Normal password", user name { $user }. On the first send, confirm the security exception for the certificate below.
serve-setup-apple-mail = Apple Mail: Settings > Accounts > Server Settings > Outgoing Mail Account > Edit SMTP Server List > +: host name { $server }, untick "Automatically manage connection settings", port { $port }, "Use TLS/SSL", authentication Password, user name { $user }. Trust the certificate in Keychain Access when asked.
serve-setup-outlook = Outlook (classic, POP/IMAP account): Account Settings > Change > More Settings > Outgoing Server: "requires authentication", user name { $user }; Advanced: outgoing server (SMTP) { $port }, encrypted connection { $security }.
serve-setup-k9 = K-9 Mail / Thunderbird for Android: Account settings > Outgoing server: SMTP server { $server }, security { $security }, port { $port }, user name { $user }, authentication "Normal password" (a phone reaches 127.0.0.1 only if mailcheck runs on the phone).
serve-setup-certificate = Certificate: { $path }
serve-setup-certificate-self-signed = Certificate: { $path } (self-signed for localhost and 127.0.0.1)
serve-setup-fingerprint = SHA-256 fingerprint { $fingerprint }

## `[smtp]` set up wrong: what the server's TLS says, and what to change (the server's or the system's words as they come)

smtp-no-starttls = { $server } does not offer STARTTLS; refusing to go on unencrypted (tls = "starttls"): use tls = "tls" with the server's TLS port, or tls = "none" for a local relay without AUTH
smtp-cert-wrong-name = { $what }: { $error }; the server's certificate is not valid for the name `{ $host }`: use the name the certificate was issued for
smtp-auth-refused = { $what }: { $error }; the server refused the login: check `{ $username }` and the password from `{ $password }` (some providers want an app password). Nothing was sent.
smtp-tls-plain-port = { $what }: { $error }; the server does not speak TLS on port { $port } (tls = "tls" is implicit TLS): use tls = "starttls" with this port, or the server's TLS port (usually 465)
smtp-cert-untrusted = { $what }: { $error }; the server's certificate is not signed by a trusted authority (self-signed or a private CA): set `ca_file` to the CA certificate that signed it
smtp-auth-unencrypted = AUTH is never sent over an unencrypted connection: with a `username`, use tls = "starttls" or "tls" ("none" is for unauthenticated local relays)

## Usage errors of mailcheck's own (clap's, like an unknown option, stay English as `--help` does)

usage-output-one-draft = -o takes one draft, not { $count }
usage-write-needs-file = --write needs a file, not standard input
usage-from-after-to = --from { $from } is after --to { $to }
usage-send-directory = { $path }: is a directory; send takes one draft
usage-dir-is-for-man = --dir is for `generate man`; a completion script is printed
usage-var-key-value = --var { $var }: expected key=value
usage-var-json-key-value = --var-json { $var }: expected key=JSON, e.g. done='["a", "b"]'
new-no-template = no template `{ $name }` in { $lang } (there are: { $names })
usage-var-json-not-json = --var-json { $key }: `{ $value }` is not JSON ({ $error })
new-template-subject = the template's subject
usage-no-mailbox = no mailbox to read: name one (`mailcheck { $command } ~/Mail/INBOX ~/Mail/Sent`) or set `[mailbox] path` in the config ({ $config })
usage-no-mailbox-no-config = no mailbox to read: name one (`mailcheck { $command } ~/Mail/INBOX ~/Mail/Sent`) or set `[mailbox] path` in the config (none found)

# mailcheck hook install / sendemail-validate
hook-installed = installed { $path }
hook-updated = updated { $path }
hook-backed-up = updated { $path }; it held lines that were not mailcheck's: the old file is kept as { $backup }
hook-chained = installed { $path }; the hook that was there is now { $previous } and runs first
hook-git-checks = git send-email now checks every message before sending any (`git send-email --no-validate` skips it)
hook-neomutt-added = added to { $path }:
hook-neomutt-already = { $path } already has mailcheck's lines
hook-refused = { $path }: { $count ->
    [one] { $count } error
   *[other] { $count } errors
}: nothing was sent. Fix it, or send it anyway: `git send-email --no-validate` skips this check; if sendemail.sendmailCmd is `mailcheck sendmail` too, allow the rules in the patch instead (`git format-patch --add-header='X-Mailcheck-Allow: { $rules }'`)
hook-error-exists = { $path } already exists and is not mailcheck's; nothing was changed. Keep it and run it before mailcheck with `mailcheck hook install git --chain`, or remove it first
hook-error-chain-taken = { $path } already exists: move it away first, nothing was changed
hook-error-not-a-repo = not in a git repository (git rev-parse: { $why })
hook-error-bad-path = { $path }: the path has white space or quotes, which mail clients split: install mailcheck elsewhere
