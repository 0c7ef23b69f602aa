# I testi di mailcheck in italiano (registro "Lei"). Ogni id è anche in en/ e ru/ con le stesse
# variabili (lo controlla un test in src/i18n.rs). Vedi docs/language.md.

## Conteggi (la riga di riepilogo)

count-errors = { $count ->
    [one] { $count } errore
   *[other] { $count } errori
}
count-warnings = { $count ->
    [one] { $count } avviso
   *[other] { $count } avvisi
}
count-hints = { $count ->
    [one] { $count } suggerimento
   *[other] { $count } suggerimenti
}
count-files = { $count ->
    [one] { $count } file
   *[other] { $count } file
}
list-and = { $first } e { $last }
summary-found = Risultato: { $list } in { $files }.
summary-none = Nessun problema trovato in { $files }.

## Note sotto un risultato

level-error = errore
level-warning = avviso
level-hint = suggerimento
level-note = nota
level-help = consiglio
note-why = perché: { $summary }
note-decoded-line = riga { $line } del testo decodificato (corpo { $encoding }: nessuna riga del file corrisponde; indicata dove inizia il corpo)

## Che cosa controlla ogni regola

rule-too-long = il testo scritto da Lei supera il limite di parole (citazione e firma escluse)
rule-next-steps = la bozza chiede al cliente di fare qualcosa ma non ha un blocco "Prossimi passi"
rule-angry-tone = parole ostili, accuse, maiuscole gridate o "!!!" nel testo scritto da Lei
rule-off-hours = l'invio cade fuori dall'orario di lavoro (il Suo, o quello del destinatario nel suo fuso orario)
rule-placeholder = testo di modello non compilato: XXX, TODO, {"{{"}nome{"}}"}, [Nome cliente], lorem ipsum
rule-missing-attachment = il testo dice che c'è un allegato, ma non c'è
rule-empty-subject = il messaggio non ha oggetto
rule-late-reply = una risposta a un messaggio di oltre un giorno lavorativo fa
rule-blame-shifting = discutere di chi sia la colpa invece di assumersela
rule-greeting-mismatch = il saluto nomina qualcuno che non è tra i destinatari
rule-multiple-topics = più argomenti distinti in un solo messaggio
rule-subject-length = l'oggetto è troppo lungo da leggere su un telefono
rule-long-thread = un lungo botta e risposta che una breve telefonata risolverebbe
rule-recipients-exposed = molti indirizzi esterni in A/Cc che dovrebbero stare in Ccn
rule-html-only = un corpo HTML senza alternativa in testo semplice
rule-large-attachment = allegati più grandi di quanto accettano i comuni server di posta
rule-no-support-offer = una mail di consegna o di lancio senza offerta di assistenza o manutenzione
rule-explain-with-docs = lunghe istruzioni passo passo senza link a una guida o a un video

## Risultati, per regola

angry-tone-hostile = parole ostili
angry-tone-accusation = un'accusa
angry-tone-words = { $what }: "{ $words }"
angry-tone-capitals = tono gridato: diverse parole in maiuscolo
angry-tone-shouting = tono gridato
angry-tone-exasperation = esasperazione
angry-tone-punctuation = "{ $marks }" suona come { $kind }
angry-tone-help = lo lasci riposare e lo rilegga più tardi; scriva che cosa è successo e che cosa farà

blame-shifting-message = "{ $words }" discute di chi sia la colpa
blame-shifting-label = colpa
blame-shifting-help = si assuma la responsabilità e scriva che cosa farà per rimediare

empty-subject-missing = il messaggio non ha l'intestazione Subject (oggetto)
empty-subject-empty = l'oggetto è vuoto
empty-subject-label = vuoto
empty-subject-help = aggiunga un oggetto che dica di che cosa tratta il messaggio

explain-with-docs-message = { $steps } passaggi numerati e nessun link a una guida o a un video
explain-with-docs-label = qui iniziano le istruzioni
explain-with-docs-help = aggiunga il link a una breve guida o a una registrazione dello schermo, e tenga nella mail solo l'essenziale

greeting-mismatch-message = il saluto dice "{ $names }", ma nessun destinatario ha questo nome
greeting-mismatch-label = non è un destinatario: { $name }
greeting-mismatch-help = saluti per nome la persona a cui scrive

html-only-message = il messaggio è solo in HTML, senza versione in testo semplice
html-only-help = lo invii come multipart/alternative con una parte text/plain

large-attachment-message = gli allegati arrivano a { $total } MB, oltre { $max } MB
large-attachment-help = condivida un link per scaricarli, oppure riduca i file

late-reply-message = questa è la risposta a un messaggio del { $received }; andava data entro { $due }
late-reply-help = inizi scusandosi per il ritardo e confermando di aver ricevuto il messaggio; la prossima volta mandi subito una breve risposta di cortesia (`mailcheck new holding-reply`)
late-reply-fix = apertura con scuse e conferma di ricezione
late-reply-label-date = la data del messaggio originale
late-reply-label-mailbox = il messaggio originale, trovato nella casella di posta

long-thread-messages = questa conversazione ha { $count } messaggi
long-thread-depth = le citazioni sono annidate su { $depth } livelli
long-thread-message = { $why }: un lungo botta e risposta
long-thread-help = proponga una telefonata di 15 minuti con due orari (`mailcheck new call-proposal`), poi riassuma per email
long-thread-label = molti messaggi precedenti

missing-attachment-message = il testo dice "{ $words }" ma il messaggio non ha allegati
missing-attachment-label = parla di un allegato
missing-attachment-help = alleghi il file, oppure tolga il riferimento

multiple-topics-message = questo messaggio tratta { $topics } argomenti; oltre { $max } qualcosa si perde
multiple-topics-label = qui inizia l'argomento { $topic }
multiple-topics-help = lo divida in un messaggio per argomento (`mailcheck split`)

next-steps-message = { $count ->
    [one] chiede al destinatario 1 cosa, ma manca un blocco "{ $heading }"
   *[other] chiede al destinatario { $count } cose, ma manca un blocco "{ $heading }"
}
next-steps-label = una richiesta
next-steps-help = aggiunga prima dei saluti un blocco "{ $heading }" con ciò che il destinatario deve fare
next-steps-fix = { $count ->
    [one] inserire un blocco "{ $heading }" con la cosa richiesta
   *[other] inserire un blocco "{ $heading }" con le { $count } cose richieste
}

no-support-offer-message = "{ $words }": una consegna senza offerta di assistenza o manutenzione
no-support-offer-label = consegna
no-support-offer-help = aggiunga un paragrafo che offra manutenzione e assistenza dopo il lancio
no-support-offer-fix = inserire un paragrafo che offre manutenzione e assistenza

off-hours-message = l'invio ({ $time }) è fuori dall'orario di lavoro: { $closed }
off-hours-yours = il Suo ({ $hours })
off-hours-theirs = quello di { $address } (lì { $time })
off-hours-help = rimandi l'invio; primo orario utile: { $next }
off-hours-help-no-time = rimandi l'invio a un giorno lavorativo

placeholder-subject = segnaposto nell'oggetto: "{ $text }"
placeholder-message = segnaposto non compilato "{ $text }"
placeholder-label = segnaposto
placeholder-help = lo sostituisca con il valore reale, oppure lo tolga, prima di inviare

recipients-exposed-message = { $count } indirizzi esterni in A/Cc si vedono tutti tra loro
recipients-exposed-label = visibile a tutti i destinatari
recipients-exposed-help = metta i destinatari in Ccn, oppure mandi un messaggio a ciascuno

subject-length-message = l'oggetto è di { $count } caratteri, oltre { $max }
subject-length-label = troppo lungo per un telefono
subject-length-help = lo accorci: di che cosa tratta il messaggio e che cosa deve fare il cliente

too-long-message = il messaggio ha { $words } parole scritte da Lei, oltre il limite di { $max }
too-long-label = qui inizia la parola { $word }
too-long-help = lo divida per argomento in messaggi più brevi, oppure lo riduca a ciò che serve ora al cliente

## `mailcheck explain`

explain-heading = { $id } ({ $summary }, predefinito { $severity })
explain-in-force = In vigore
explain-lists = Elenchi di parole e schemi, voci per lingua (lints/{ $id }.toml):
config-origin = configurazione: { $path }
config-origin-none = configurazione: nessuna (valori predefiniti)
config-origin-project = configurazione del progetto: { $path } (solo le chiavi di controllo: { $keys })

## `mailcheck due`

due-nothing = Niente in scadenza ({ $at }): ogni messaggio dei clienti ha una risposta, nessun sollecito né aggiornamento settimanale da mandare.
due-heading = Scadenze ({ $at }): { $overdue } in ritardo, { $due } da fare, { $waiting } in attesa.
due-urgency-overdue = IN RITARDO
due-urgency-due = da fare
due-urgency-waiting = attesa
due-kind-reply = risposta
due-kind-follow-up = sollecito
due-kind-weekly-status = aggiornamento
due-reply-overdue = risposta attesa entro { $deadline } ({ $span } fa)
due-reply-by = rispondere entro { $deadline } (mancano { $span })
due-follow-up-asked = chiesto { $asked }, nessuna risposta
due-follow-up-no-answer = nessuna risposta
due-weekly-last = niente inviato questa settimana (l'ultimo: { $last })
due-weekly-never = niente inviato finora
span-minutes = { $m }min
span-hours = { $h }h
span-hours-minutes = { $h }h { $m }min
span-days = { $d }g
span-days-hours = { $d }g { $h }h

## `mailcheck outbox list` / `show`

outbox-empty = La posta in uscita è vuota.
outbox-no-subject = (senza oggetto)
outbox-state-queued = in coda
outbox-state-held = trattenuto
outbox-state-held-cooldown = trattenuto (pausa)
outbox-state-held-late = trattenuto (tardi)
outbox-state-sending = in invio
outbox-state-sent = inviato
outbox-state-deferred = rimandato
outbox-state-failed = non riuscito
outbox-state-uncertain = incerto
outbox-state-damaged = danneggiato
outbox-state-sending-stopped = incerto (il suo invio si è interrotto a metà)
outbox-show-id = id:
outbox-show-state = stato:
outbox-show-message-id = Message-ID:
outbox-show-subject = oggetto:
outbox-show-from = da:
outbox-show-sent = inviato:
outbox-show-was-due = previsto:
outbox-show-sends = invio:
outbox-show-attempts = tentativi:
outbox-show-why = motivo:
outbox-show-to = a:
outbox-show-last-reply = ultima risposta:
outbox-rcpt-pending = in attesa
outbox-rcpt-sent = inviato
outbox-rcpt-failed = non riuscito
outbox-rcpt-uncertain = incerto

## `mailcheck report --format text`

count-messages = { $count ->
    [one] { $count } messaggio
   *[other] { $count } messaggi
}
count-requests = { $count ->
    [one] { $count } richiesta
   *[other] { $count } richieste
}
count-clients = { $count ->
    [one] { $count } cliente
   *[other] { $count } clienti
}
count-business-days = { $count ->
    [one] { $count } giorno lavorativo
   *[other] { $count } giorni lavorativi
}
category-information = informazioni
category-shipping = spedizione
category-order = ordine
category-problem = problema
category-appointment = appuntamento
category-administration = amministrazione
category-other = altro
report-from-clients = { $requests } da { $clients }
report-range = dal { $from } al { $to }
report-no-requests = nessuna richiesta
report-per-week = settimana
report-per-month = mese
report-title = Richieste dei clienti, { $range }, per { $per } ({ $timezone })
report-read = { $messages } letti, { $found }
report-not-read = { $files } non letti
report-period = { $period } (dal { $start } al { $end }): { $found }
report-all-periods = Tutti i periodi: { $found }
report-busiest = Ore di punta ({ $timezone }):
report-faq = Possibili FAQ (richieste simili da clienti diversi):
report-faq-item = { $category }, { $found }
report-faq-example = p. es. { $from }, { $date }: "{ $subject }"
report-col-category = categoria
report-col-requests = richieste
report-col-share = quota
report-col-change = variaz.
report-replies = risposte: { $answered } su { $requests }
report-reply-times = mediana { $median }, 90° percentile { $p90 }
report-unanswered = senza risposta: { $count }
report-still-in-time = { $count } ancora nei tempi
report-within = entro { $deadline }: { $within } su { $judged } ({ $share })
report-duration-minutes = { $m }min
report-duration-hours = { $h }h { $mm }min
report-duration-days = { $d }g { $h }h

## `mailcheck report --format html`

report-html-title = Richieste dei clienti, { $range }
report-html-summary = Richieste: { $requests }; clienti: { $clients }; messaggi letti: { $messages }; per { $per }; orari in { $timezone }.
report-html-what = Che cosa chiedono i clienti
report-html-how-fast = Quanto presto ricevono una risposta
report-html-when = Quando scrivono
report-html-no-chart = Non è stato possibile disegnare il grafico: { $error }
report-html-per-period = Richieste per periodo
report-html-all = totale
report-html-replies = Risposte
report-html-period = periodo
report-html-answered = con risposta
report-html-unanswered = senza risposta
report-html-median = mediana
report-html-p90 = 90° percentile
report-html-within = { $days ->
    [one] entro { $days } giorno lavorativo
   *[other] entro { $days } giorni lavorativi
}
report-html-unanswered-open = senza risposta (ancora nei tempi)
report-html-of = { $within } su { $judged } ({ $share })
report-html-faq = Possibili FAQ
report-html-faq-note = Richieste simili da clienti diversi: conviene preparare una risposta.
report-html-faq-count = richieste: { $requests }, clienti: { $clients }
report-html-chart-categories = Richieste per categoria (quota di ogni periodo)
report-html-percent-of-requests = % delle richieste
report-html-all-answered = tutte con risposta
report-html-unanswered-of = { $unanswered } su { $requests } senza risposta
report-html-chart-reply-time = Tempo alla prima risposta, richieste con risposta (ore)
report-html-hours = ore
report-html-24-hours = 24 ore
report-html-chart-answered = Richieste con e senza risposta
report-html-requests = richieste
report-html-chart-hours = Richieste per giorno e ora ({ $timezone })

## Errori (i dettagli dopo i due punti vengono dal sistema o da un parser, così come sono)

draft-error-io = { $path }: impossibile leggere il file: { $error }
draft-error-not-email = { $path }: non è un messaggio email: { $why }
draft-error-limit = { $path }: non letto: { $message }
draft-error-unreadable = { $path }: impossibile leggerlo (la lettura non è riuscita: { $why })
not-email-empty = il file è vuoto
not-email-mime = non è stato possibile leggere la struttura MIME
not-email-no-header = nessun campo d'intestazione trovato
not-email-no-message-field = non c'è nessuno dei campi d'intestazione di un messaggio (From, To, Subject, Date, ...)
not-email-directory = è una cartella; { $command } accetta una sola bozza
not-email-no-drafts = nessuna bozza in questa cartella (mailcheck legge i file *.eml che contiene e i messaggi nelle cartelle cur/ e new/ di una Maildir)
not-email-mbox = un mbox di { $count } messaggi; una bozza è un messaggio solo: dividilo (`git mailsplit`, `formail -s`) o indica la cartella di una Maildir
config-error-io = { $path }: impossibile leggere la configurazione: { $error }
config-error-parse = { $path }: configurazione non valida: { $message }
config-error-key = { $path }: `{ $key }`: { $message }
config-error-toml-at-key = { $path }: riga { $line }, colonna { $column }: `{ $key }`: { $message }
config-error-toml-at = { $path }: riga { $line }, colonna { $column }: { $message }
config-toml-syntax = non è TOML valido: { $detail }
config-toml-secret = una password non si scrive mai nel file di configurazione: indichi un comando che la stampa (`password_command`) o una variabile d'ambiente che la contiene (`password_env`)
config-toml-unknown-key = chiave sconosciuta (qui si può usare: { $known })
config-toml-unknown-key-none = chiave sconosciuta (qui non si può impostare nulla)
config-toml-missing = manca: questa chiave è obbligatoria
config-toml-duplicate = impostata due volte
config-toml-type = tipo di valore sbagliato (atteso: { $expected })
config-toml-value = valore non ammesso (atteso: { $expected })
config-toml-variant = non è uno dei valori ammessi: { $allowed }
config-toml-other = { $detail }
config-error-lint = liste { $file }: { $message }
config-error-unknown-rule = regola sconosciuta `{ $rule }` (veda `mailcheck rules`)
# What is wrong with one setting (`ConfigError::Setting`, after "path: `key`: ").
config-setting-detail = { $detail }
config-unknown-rule-key = regola sconosciuta `{ $rule }`
config-not-a-zone = `{ $value }` non è un fuso orario IANA (come "Europe/Rome")
config-not-a-date = `{ $value }` non è una data come 2026-12-25
config-no-severity = `{ $rule }` contiene dati, non è una regola: non ha una gravità
config-not-one-of = { $value } non è tra { $choices }
config-project-key = il mailcheck.toml di un progetto (trovato risalendo dalla cartella corrente) può impostare solo ciò che un controllo cerca ({ $keys }); `{ $key }` si legge solo dalla Sua configurazione ({ $config }) o da quella indicata con --config
config-project-lints = nel mailcheck.toml di un progetto, `lints` deve essere una cartella dentro il progetto (relativa, senza `..`, senza collegamenti che portano fuori)
config-no-data-dir = nessuna cartella dei dati trovata ($XDG_DATA_HOME, $HOME): imposti il percorso
config-not-a-time-of-day = `{ $value }` non è un'ora del giorno come "09:00"
config-not-days = { $value } non è un numero di giorni
config-no-serve = manca la sezione [serve]: `mailcheck serve` ne ha bisogno; aggiunga queste righe (e metta la password nella variabile):{ $example }
config-not-an-address = `{ $value }` non è un indirizzo con porta come "127.0.0.1:1587"
config-nothing-to-serve = `listen` e `tls_listen` sono entrambi spenti: non c'è nulla da servire
config-missing-username = manca: il nome con cui i programmi di posta accedono
config-password-both = imposti `password_command` oppure `password_env`, non entrambi
config-password-missing = manca: imposti `password_env` (una variabile che contiene la password) o `password_command`
config-env-not-set = la variabile d'ambiente `{ $var }` non è impostata
config-env-not-a-name = `password_env` indica il nome di una variabile d'ambiente (lettere, cifre e _), non contiene la password: metta la password in una variabile e ne indichi qui il nome, oppure usi `password_command`
config-env-empty = la variabile d'ambiente `{ $var }` è impostata ma vuota
config-env-not-utf8 = la variabile d'ambiente `{ $var }` non è UTF-8 valido
config-cert-both = imposti sia `cert_file` sia `key_file`, o nessuno dei due (un certificato autofirmato)
config-no-cert-dir = nessuna cartella dei dati trovata ($XDG_DATA_HOME, $HOME) per il certificato autofirmato
config-more-than-zero = deve essere più di zero
config-at-least-one = deve essere almeno 1
config-no-smtp = manca la sezione [smtp]: imposti almeno `host` (veda docs/outbox.md)
config-missing-host = manca: il nome del server SMTP
config-username-needs-password = `username` richiede `password_command` o `password_env`, e viceversa
config-cannot-read = { $path }: impossibile leggere: { $error }
config-not-hours = `{ $value }` non è un intervallo come "09:00-18:00"
config-not-a-time = `{ $value }` non è un'ora come { $example }
config-hours-backwards = `{ $value }`: la giornata deve aprire prima di chiudere
config-not-a-weekday = `{ $value }` non è un giorno della settimana (in inglese: Mon, Tue, ...)
config-not-status-due = `{ $value }` non è un giorno e un'ora come "fri 14:00" (il giorno in inglese)
config-not-a-duration = `{ $value }` non è una durata come "30s", "5m", "4h" o "5d"
config-limit-zero = 0 non è un limite utilizzabile (rifiuterebbe o taglierebbe bozze che vanno bene); usi almeno 1, oppure tolga la chiave per il valore predefinito
config-limit-too-big = { $value } supera { $max } (4 GiB), il messaggio più grande che si può leggere
config-no-such-account = account inesistente: aggiunga `[smtp.accounts."{ $account }"]`
config-account-name = un account si chiama come l'indirizzo del mittente, per esempio "anna@desk.example"
config-account-twice = lo stesso indirizzo due volte (maiuscole e minuscole non contano)
config-no-database = nessun database impostato
config-not-a-database-url = non è un URL di connessione PostgreSQL (postgresql://utente@host:5432/db): { $error }
config-url-password = l'URL contiene una password: la metta in `password_env` o `password_command`
config-file-error = { $path }: { $error }
config-not-private = { $path } contiene impostazioni di password e il gruppo o altri utenti possono leggerlo o modificarlo (permessi { $mode }); esegua `chmod 600 { $path }`
config-password-command-cannot-run = impossibile eseguire il comando della password: { $error }
config-password-command-timeout = il comando della password non è terminato entro { $seconds } s (imposti `password_timeout` per un comando più lento)
config-password-command-error = il comando della password: { $error }
config-password-command-failed = il comando della password non è riuscito ({ $status })
config-password-command-unreadable = impossibile leggere l'output del comando della password
config-password-command-output-error = l'output del comando della password: { $error }
config-password-command-too-long = la prima riga del comando della password supera { $max } byte
config-password-command-not-utf8 = l'output del comando della password non è UTF-8
config-password-command-empty = il comando della password non ha stampato nulla
config-imap-no-password = nessuna password per { $account }: imposti `password_env` o `password_command` in [imap] (veda docs/imap.md)
desk-error-io = { $path }: impossibile leggere la casella di posta: { $error }
desk-error-not-mailbox = { $path }: non è una casella di posta: { $why }

## `mailcheck send`

send-not-queued = { $count ->
    [one] non messo in coda: { $count } errore (corregga la bozza, oppure la metta comunque in coda con --force)
   *[other] non messo in coda: { $count } errori (corregga la bozza, oppure la metta comunque in coda con --force)
}
send-queued = { $id } in coda: partirà { $when } ({ $utc })
send-held = { $id } trattenuto: partirà { $when } ({ $utc })
send-duplicate = mailcheck: { $path }: lo stesso messaggio (stesso Message-ID, o stesso testo agli stessi destinatari) è già nella posta in uscita: { $entries }
send-duplicate-not-queued = mailcheck: non rimesso in coda (lo metta comunque in coda con --force)
send-duplicate-forced = ; rimesso in coda (--force)

## Note e `fix`

note-not-read = non letto: { $what }
note-desk-none-yours = nessuno dei messaggi letti ({ $count }) è suo, quindi ogni conversazione risulta senza risposta: indichi il suo indirizzo (`[desk] me = ["lei@example.it"]`) o la cartella della posta inviata (`[desk] sent`), oppure passi anche la cartella della posta inviata
note-more-not-read = { $count ->
    [one] non letto anche { $count } altro messaggio
   *[other] non letti anche altri { $count } messaggi
}
fix-nothing = niente da correggere
fix-no-automatic = { $count ->
    [one] 1 segnalazione non ha
   *[other] { $count } segnalazioni non hanno
} una correzione automatica ({ $rules }): veda `mailcheck explain REGOLA`
fix-backup = la bozza com'era è conservata in { $path }
fix-backup-numbered = la bozza com'era è conservata in { $path } ({ $first } resta com'è, da una correzione precedente)

# Perché `fix` lascia stare una bozza o rifiuta un valore (`FixError`).
fix-error-template = modello { $name }: { $message }
fix-error-line-break = { $what }: il valore contiene { $char } (un a capo o un NUL non può entrare in un messaggio)
fix-error-not-address = { $what }: `{ $value }` non è un indirizzo ({ $error })
fix-error-split-body = il testo è diviso in più parti del corpo (testo, file, testo)
fix-error-no-text-body = il messaggio non ha un corpo di testo in cui inserire
fix-error-base64 = il corpo base64 non si decodifica: { $error }
fix-error-charset-unknown = impossibile scrivere testo nel charset { $charset }
fix-error-charset-unmappable = il testo della correzione non si può scrivere nel charset della bozza ({ $charset })
fix-error-ascii-8bit = la parte di testo è dichiarata us-ascii ma contiene byte a 8 bit che non sono UTF-8: impossibile capire in quale charset scrivere il testo della correzione
fix-error-no-part-header = impossibile trovare l'intestazione della parte di testo per cambiarne l'etichetta
fix-error-header-no-line-break = l'intestazione della parte di testo non finisce con un a capo: impossibile aggiungervi un campo
fix-error-no-line = il punto in cui inserire non corrisponde a nessuna riga del file
fix-error-folder = { $path }: impossibile scrivere nella cartella { $dir }: { $error }
fix-error-not-regular = { $path }: non è un file normale (mailcheck scrive un file intero, rinominandone uno nuovo al suo posto)

## Errori della coda (i dettagli vengono dal sistema o dal server, così come sono)

outbox-error-unsafe = { $path }: questa posta in uscita non viene usata: { $message }
outbox-error-not-found = nessun messaggio `{ $id }` in coda (veda `mailcheck outbox list`)
outbox-error-damaged = { $path }: voce della coda danneggiata: { $message }
outbox-error-wrong-state = il messaggio `{ $id }` è { $state } e non può essere { $action }
outbox-error-busy = il messaggio `{ $id }` è in invio proprio ora; riprovi tra un momento
outbox-error-draft = la bozza non può essere messa in coda: { $why }
outbox-action-cancelled = annullato
outbox-action-rescheduled = ripianificato
outbox-action-retried = ritentato
outbox-action-changed = modificato

## `mailcheck serve`: le risposte al programma di posta (in ASCII sulla rete) e l'avviso di
## mancato recapito

serve-refused = { $count ->
    [one] mailcheck non ha inviato questo messaggio: { $count } errore
   *[other] mailcheck non ha inviato questo messaggio: { $count } errori
}
serve-finding = { $rule }: { $message }
serve-finding-line = { $rule }: { $message } (riga { $line })
serve-more = ... e altri { $count }
serve-confirm = per inviarlo comunque, rispedisca lo stesso messaggio entro { $window }
serve-window-seconds = { $count ->
    [one] { $count } secondo
   *[other] { $count } secondi
}
serve-window-minutes = { $count ->
    [one] { $count } minuto
   *[other] { $count } minuti
}
serve-window-hours = { $count ->
    [one] { $count } ora
   *[other] { $count } ore
}
serve-queued-now = { $id } in coda: parte subito
serve-queued = { $id } in coda: partirà { $when }
serve-held = { $id } trattenuto: partirà { $when }
serve-confirmed = (rispedito entro il tempo di conferma: parte comunque)
serve-cannot-queue = non è possibile metterlo in coda ora: { $why }
serve-error-listen = impossibile ascoltare su { $addr }: { $message }
serve-error-tls = TLS: { $why }
dsn-from-name = Avviso di mancato recapito (mailcheck)
dsn-subject = Messaggio non recapitato: { $subject }
dsn-no-subject = (senza oggetto)
dsn-intro = Il Suo messaggio "{ $subject }" (Message-ID <{ $id }>) non è stato recapitato a:
dsn-refused = rifiutato
dsn-outro = mailcheck lo ha accettato e ha provato a inviarlo con il Suo account [smtp]; il server lo ha rifiutato in modo definitivo. Corregga l'indirizzo o il messaggio e lo invii di nuovo.
dsn-outro-expired = mailcheck lo ha accettato e ha provato a inviarlo con il Suo account [smtp] finché la sua durata ([outbox] give_up_after) non è scaduta; il server ha continuato a rispondere "riprovi più tardi". Controlli l'indirizzo e lo invii di nuovo.
dsn-delivered-to = È stato consegnato a { $recipients }: lo invii di nuovo solo agli indirizzi qui sopra, altrimenti lo riceveranno due volte.

## Perché un messaggio in coda parte quando parte (in coda come questi id, in parole quando si mostrano)

reason-cooldown = angry-tone: trattenuto per una pausa di riflessione fino a { $when }
reason-off-hours = off-hours: rimandato al primo momento dentro l'orario di lavoro di tutti, { $when }
reason-send-window = finestra di invio: aspetta la prossima, { $when }
reason-late = in ritardo: trovato il { $found } ma previsto il { $due }, oltre max_lateness; `mailcheck outbox retry { $id }` lo invia
reason-rescheduled = ripianificato a mano per { $when }
reason-sent-now = inviato subito (mailcheck sendmail --now)
reason-dsn = avviso di mancato recapito per { $id }

## What the last send attempt of a queued message recorded (`last_reply`), when the words are
## mailcheck's own; a server's reply is kept and shown as the server gave it.

last-reply-interrupted = il tentativo precedente è stato interrotto; inviato di nuovo (almeno una volta, stesso Message-ID)
last-reply-gave-up = invio abbandonato dopo { $attempts ->
        [one] { $attempts } tentativo
       *[other] { $attempts } tentativi
    }: { $reply }
last-reply-gave-up-silent = invio abbandonato dopo { $attempts ->
        [one] { $attempts } tentativo
       *[other] { $attempts } tentativi
    }: nessuna risposta
last-reply-damaged = non inviato: il file del messaggio in coda è danneggiato ({ $bytes } byte, checksum { $got }, messo in coda come { $want }); rimetta in coda la bozza
smtp-no-account-for-sender = nessun account SMTP per il mittente `{ $sender }`: aggiunga `[smtp.accounts."{ $sender }"]` (gli account sono { $accounts })
last-reply-no-account = non inviato: era in coda per l'account SMTP `{ $account }`, che questa configurazione non ha: aggiunga `[smtp.accounts."{ $account }"]`, poi `mailcheck outbox retry`

## Note su una bozza: che cosa ha notato la lettura (`mailcheck: nota: ...`)

note-html-deep = l'HTML annida gli elementi a più di { $depth } livelli; quelli più interni sono stati letti come testo semplice
note-part-damaged = parte { $part }: la codifica di trasferimento è danneggiata (troncata o non valida); il testo potrebbe essere incompleto
note-multipart-unclosed = il messaggio non ha il delimitatore MIME di chiusura (salvato a metà o troncato): letto come se finisse con il file
note-base64-damaged = il base64 del testo è danneggiato; il testo non è stato letto
note-capped = sono stati letti solo i primi { $bytes } byte { $what } ([limits] max_text_bytes)
note-what-body-text = del testo
note-what-html = dell'HTML
note-what-html-text = del testo ricavato dall'HTML
note-html-failed = non è stato possibile leggere la parte HTML (la lettura dell'HTML è fallita: { $why }); il testo non è stato controllato
note-plain-is-html = la parte text/plain è una pagina HTML; è stata letta come HTML
note-charset = il set di caratteri del testo ({ $charset }) non si decodifica del tutto; alcuni caratteri sono stati sostituiti
note-charset-unspecified = non indicato
note-cut = { $why }; il messaggio continua dalla riga { $line }
note-rule-failed = la regola { $rule } non è riuscita a controllare questo messaggio ({ $why }); i suoi risultati mancano
note-rule-too-many = la regola { $rule } ha trovato { $found } punti; sono indicati solo i primi { $max }

## Caselle IMAP (la risposta del server e le parole del sistema dopo i due punti, così come sono)

imap-error-url = { $url }: non è un indirizzo IMAP: { $why }
imap-error-config = { $path }: { $key }: { $message }
imap-error-connect = { $account }: connessione non riuscita: { $why }
imap-error-no-starttls = { $account }: il server non offre STARTTLS; mailcheck non accede mai su una connessione non cifrata (usi imaps:// se il server ha TLS sulla porta 993)
imap-error-tls = { $account }: TLS non riuscito: { $why }
imap-error-login = { $account }: il server ha rifiutato l'accesso: { $why } (controlli password_env / password_command in `[imap]`)
imap-error-timeout = { $account }: nessuna risposta dal server entro { $secs } s ({ $during })
imap-error-server = { $url }: { $why }
imap-error-cache = { $path }: cache IMAP: { $error }

## `mailcheck sendmail --now`: che cosa è successo al messaggio (la risposta del server così com'è)

sendmail-sent = mailcheck: inviato { $id } <{ $message_id }>: { $reply }
sendmail-accepted = accettato
sendmail-left = mailcheck: avviso: { $id } <{ $message_id }> non è ancora arrivato a tutti ({ $reply }); resta nella posta in uscita come { $state } e `mailcheck outbox run` lo completa: non lo invii di nuovo
sendmail-no-reply = nessuna risposta
sendmail-not-sent = mailcheck: non inviato: { $reply } (non l'ha ricevuto nessuno; riprovi più tardi)
sendmail-could-not-take = il server non ha potuto prenderlo
sendmail-refused = mailcheck: rifiutato dal server per { $refused }
sendmail-refused-delivered = mailcheck: rifiutato dal server per { $refused }; recapitato a { $sent }
sendmail-refused-default = rifiutato

## `mailcheck outbox run`, `cancel`, `reschedule`, `retry` (la risposta del server così com'è)

outbox-run-sent = inviato { $id } <{ $message_id }> a { $to }
outbox-run-not-delivered = { $id }: non recapitato a { $address }: { $reply }
outbox-run-rejected = rifiutato
outbox-run-deferred = rimandato { $id }: prossimo tentativo { $when } ({ $utc }): { $reply }
outbox-run-uncertain = incerto { $id }: { $reply }; sarà inviato di nuovo { $when } con lo stesso Message-ID
outbox-run-failed = non riuscito { $id }: { $reply }
outbox-run-skipped = saltato: { $what }
outbox-run-held-late = trattenuto { $id }: doveva partire { $when } ({ $utc }), più di max_lateness fa; `mailcheck outbox retry { $id }` lo invia
outbox-cancelled = annullato { $id }
outbox-cancelled-maybe-delivered = { $id } potrebbe essere già stato consegnato a { $recipients }: l'ultimo tentativo si è interrotto dopo l'invio del messaggio e il server potrebbe averlo; annullarlo ferma solo i tentativi successivi
outbox-cancelled-partly-delivered = { $id } è già stato consegnato a { $recipients }; annullarlo lo ferma solo per gli altri destinatari
outbox-rescheduled = ripianificato { $id }: partirà { $when } ({ $utc })
outbox-retry-next-run = { $id } sarà inviato al prossimo `mailcheck outbox run`
outbox-retry-at = { $id } sarà inviato { $when } (`--now`: al prossimo invio)

## `[limits]`: perché un messaggio è stato rifiutato o letto solo in parte

limit-message-bytes = il messaggio supera { $max } byte, il limite ([limits] max_message_bytes)
limit-header-line = la riga di intestazione { $line } è lunga { $bytes } byte, oltre il limite di { $max } ([limits] max_header_line)
limit-header-lines = più di { $max } righe di intestazione ([limits] max_header_lines)
limit-parts = sono state lette solo le prime { $max } parti MIME ([limits] max_parts)
limit-depth = le parti MIME annidate oltre { $max } livelli non sono state lette ([limits] max_depth)
limit-attached = un messaggio allegato (codificato) non è stato letto, perché al suo interno: { $why }
limit-encoded-body = nel messaggio codificato nel corpo: { $why }

## `mailcheck serve --setup`: cosa scrivere nel programma di posta (i menu di Thunderbird come nella versione italiana; degli altri, il nome inglese tra virgolette)

serve-setup-title = Impostazioni del server di posta in uscita (SMTP) per il Suo programma di posta
serve-setup-listen = server { $host }, porta { $port }, sicurezza della connessione { $security }
serve-setup-user = nome utente { $user }; password: quella di [serve] (password_env o password_command); autenticazione: password normale
serve-setup-thunderbird = Thunderbird: Impostazioni account > Server in uscita (SMTP), aggiunga un server: nome server { $server }, porta { $port }, sicurezza della connessione { $security }, metodo di autenticazione password normale, nome utente { $user }. Al primo invio confermi l'eccezione di sicurezza per il certificato indicato qui sotto.
serve-setup-apple-mail = Apple Mail: apra l'elenco dei server in uscita ("Settings > Accounts > Server Settings > Outgoing Mail Account > Edit SMTP Server List") e prema +: nome host { $server }, tolga la spunta da "Automatically manage connection settings", porta { $port }, attivi "Use TLS/SSL", autenticazione con password, nome utente { $user }. Quando le viene chiesto, dia fiducia al certificato in Accesso Portachiavi.
serve-setup-outlook = Outlook (classico, account POP/IMAP): nelle impostazioni del server in uscita dell'account ("Account Settings > Change > More Settings > Outgoing Server") attivi "requires authentication", nome utente { $user }; nella scheda "Advanced": porta del server in uscita (SMTP) { $port }, connessione crittografata { $security }.
serve-setup-k9 = K-9 Mail / Thunderbird per Android: nelle impostazioni del server in uscita dell'account ("Account settings > Outgoing server"): server SMTP { $server }, sicurezza { $security }, porta { $port }, nome utente { $user }, autenticazione con password normale ("Normal password"); un telefono raggiunge 127.0.0.1 solo se mailcheck gira sul telefono stesso.
serve-setup-certificate = Certificato: { $path }
serve-setup-certificate-self-signed = Certificato: { $path } (autofirmato per localhost e 127.0.0.1)
serve-setup-fingerprint = impronta SHA-256 { $fingerprint }

## `[smtp]` impostato male: cosa dice il TLS del server e cosa cambiare (le parole del server o del sistema restano come sono)

smtp-no-starttls = { $server } non offre STARTTLS; mailcheck non prosegue senza cifratura (tls = "starttls"): usi tls = "tls" con la porta TLS del server, oppure tls = "none" per un relay locale senza AUTH
smtp-cert-wrong-name = { $what }: { $error }; il certificato del server non è valido per il nome `{ $host }`: usi il nome per cui il certificato è stato rilasciato
smtp-auth-refused = { $what }: { $error }; il server ha rifiutato l'accesso: controlli `{ $username }` e la password di `{ $password }` (alcuni provider vogliono una password per le app). Non è stato inviato nulla.
smtp-tls-plain-port = { $what }: { $error }; il server non parla TLS sulla porta { $port } (tls = "tls" è TLS implicito): usi tls = "starttls" con questa porta, oppure la porta TLS del server (di solito 465)
smtp-cert-untrusted = { $what }: { $error }; il certificato del server non è firmato da un'autorità riconosciuta (è autofirmato o di una CA privata): indichi in `ca_file` il certificato della CA che lo ha firmato
smtp-auth-unencrypted = AUTH non viene mai inviato su una connessione non cifrata: con uno `username` usi tls = "starttls" o "tls" ("none" è per i relay locali senza autenticazione)

## Errori d'uso di mailcheck (quelli di clap, come un'opzione sconosciuta, restano in inglese come `--help`)

usage-output-one-draft = -o vale per una sola bozza, non per { $count }
usage-write-needs-file = --write richiede un file, non lo standard input
usage-from-after-to = --from { $from } viene dopo --to { $to }
usage-send-directory = { $path }: è una cartella; send prende una sola bozza
usage-dir-is-for-man = --dir vale solo per `generate man`; lo script di completamento viene stampato
usage-var-key-value = --var { $var }: serve chiave=valore
usage-var-json-key-value = --var-json { $var }: serve chiave=JSON, per esempio done='["a", "b"]'
new-no-template = nessun modello `{ $name }` in { $lang } (ci sono: { $names })
usage-var-json-not-json = --var-json { $key }: `{ $value }` non è JSON ({ $error })
new-template-subject = l'oggetto del modello
usage-no-mailbox = nessuna casella da leggere: ne indichi una (`mailcheck { $command } ~/Mail/INBOX ~/Mail/Sent`) o imposti `[mailbox] path` nella configurazione ({ $config })
usage-no-mailbox-no-config = nessuna casella da leggere: ne indichi una (`mailcheck { $command } ~/Mail/INBOX ~/Mail/Sent`) o imposti `[mailbox] path` nella configurazione (nessuna trovata)

# mailcheck hook install / sendemail-validate
hook-installed = installato { $path }
hook-updated = aggiornato { $path }
hook-backed-up = aggiornato { $path }; conteneva righe che non erano di mailcheck: il vecchio file è conservato come { $backup }
hook-chained = installato { $path }; l'hook che c'era ora è { $previous } e viene eseguito per primo
hook-git-checks = ora git send-email controlla ogni messaggio prima di inviarne qualcuno (`git send-email --no-validate` salta il controllo)
hook-neomutt-added = aggiunto a { $path }:
hook-neomutt-already = { $path } contiene già le righe di mailcheck
hook-refused = { $path }: { $count ->
    [one] { $count } errore
   *[other] { $count } errori
}: non è stato inviato nulla. Lo corregga, oppure lo invii comunque: `git send-email --no-validate` salta questo controllo; se anche sendemail.sendmailCmd è `mailcheck sendmail`, consenta invece le regole nella patch (`git format-patch --add-header='X-Mailcheck-Allow: { $rules }'`)
hook-error-exists = { $path } esiste già e non è di mailcheck; non è stato cambiato nulla. Lo tenga ed esegua prima di mailcheck con `mailcheck hook install git --chain`, oppure lo rimuova prima
hook-error-chain-taken = { $path } esiste già: lo sposti prima altrove, non è stato cambiato nulla
hook-error-not-a-repo = non è in un repository git (git rev-parse: { $why })
hook-error-bad-path = { $path }: il percorso contiene spazi o virgolette, che i programmi di posta spezzano: installi mailcheck altrove
