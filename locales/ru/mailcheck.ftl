# Тексты mailcheck на русском (обращение на «вы»). Каждый id есть и в en/, и в it/ с теми же
# переменными (это проверяет тест в src/i18n.rs). См. docs/language.md.

## Счёт (итоговая строка)

count-errors = { $count ->
    [one] { $count } ошибка
    [few] { $count } ошибки
   *[other] { $count } ошибок
}
count-warnings = { $count ->
    [one] { $count } предупреждение
    [few] { $count } предупреждения
   *[other] { $count } предупреждений
}
count-hints = { $count ->
    [one] { $count } подсказка
    [few] { $count } подсказки
   *[other] { $count } подсказок
}
count-files = { $count ->
    [one] { $count } файл
    [few] { $count } файла
   *[other] { $count } файлов
}
list-and = { $first } и { $last }
summary-found = Проверено: { $files }. Найдено: { $list }.
summary-none = Проверено: { $files }. Проблем не найдено.

## Примечания к замечанию

level-error = ошибка
level-warning = предупреждение
level-hint = подсказка
level-note = примечание
level-help = совет
note-why = почему: { $summary }
note-decoded-line = строка { $line } декодированного текста (тело в { $encoding }: в файле нет такой строки; указано начало тела)

## Что проверяет каждое правило

rule-too-long = ваш собственный текст длиннее лимита слов (без цитаты и подписи)
rule-next-steps = черновик просит клиента что-то сделать, но в нём нет блока «Следующие шаги»
rule-angry-tone = враждебные слова, обвинения, крик заглавными буквами или «!!!» в вашем тексте
rule-off-hours = время отправки вне рабочих часов (ваших или получателя в его часовом поясе)
rule-placeholder = незаполненный текст шаблона: XXX, TODO, {"{{"}имя{"}}"}, [Имя клиента], lorem ipsum
rule-missing-attachment = в тексте сказано, что есть вложение, но его нет
rule-empty-subject = у письма нет темы
rule-late-reply = ответ на письмо старше одного рабочего дня
rule-blame-shifting = спор о том, кто виноват, вместо того чтобы взять вину на себя
rule-greeting-mismatch = в приветствии назван человек, которого нет среди получателей
rule-multiple-topics = несколько разных тем в одном письме
rule-subject-length = тема слишком длинная, чтобы прочитать её на телефоне
rule-long-thread = долгая переписка, которую решил бы короткий звонок
rule-recipients-exposed = много внешних адресов в «Кому»/«Копия», которым место в «Скрытой копии»
rule-html-only = тело письма в HTML без текстовой версии
rule-large-attachment = вложения больше, чем принимают обычные почтовые серверы
rule-no-support-offer = письмо о сдаче работы или запуске без предложения поддержки
rule-explain-with-docs = длинная пошаговая инструкция без ссылки на руководство или видео

## Замечания по правилам

angry-tone-hostile = враждебные слова
angry-tone-accusation = обвинение
angry-tone-words = { $what }: «{ $words }»
angry-tone-capitals = крик: несколько слов заглавными буквами
angry-tone-shouting = крик
angry-tone-exasperation = раздражение
angry-tone-punctuation = «{ $marks }» читается как { $kind }
angry-tone-help = отложите письмо и перечитайте его позже; напишите, что случилось и что вы сделаете

blame-shifting-message = «{ $words }» — спор о том, кто виноват
blame-shifting-label = поиск виноватых
blame-shifting-help = возьмите вину на себя и напишите, что вы сделаете, чтобы всё исправить

empty-subject-missing = у письма нет заголовка Subject (тема)
empty-subject-empty = тема пустая
empty-subject-label = пусто
empty-subject-help = добавьте тему, из которой ясно, о чём письмо

explain-with-docs-message = { $steps ->
    [one] { $steps } пронумерованный шаг и нет ссылки на руководство или видео
    [few] { $steps } пронумерованных шага и нет ссылки на руководство или видео
   *[other] { $steps } пронумерованных шагов и нет ссылки на руководство или видео
}
explain-with-docs-label = здесь начинается инструкция
explain-with-docs-help = дайте ссылку на короткое руководство или запись экрана, а в письме оставьте только главное

greeting-mismatch-message = в приветствии «{ $names }», но ни у кого из получателей нет такого имени
greeting-mismatch-label = не получатель: { $name }
greeting-mismatch-help = обратитесь по имени к тому, кому вы пишете

html-only-message = письмо только в HTML, без текстовой версии
html-only-help = отправьте его как multipart/alternative с частью text/plain

large-attachment-message = вложения весят { $total } МБ, больше { $max } МБ
large-attachment-help = дайте ссылку на скачивание или уменьшите файлы

late-reply-message = это ответ на письмо от { $received }; ответить нужно было до { $due }
late-reply-help = начните с извинения и подтвердите, что письмо получено; в следующий раз сразу отправьте короткий ответ о получении (`mailcheck new holding-reply`)
late-reply-fix = начать с извинения и подтверждения получения
late-reply-label-date = дата исходного письма
late-reply-label-mailbox = исходное письмо, найдено в почтовом ящике

long-thread-messages = { $count ->
    [one] в этой переписке { $count } письмо
    [few] в этой переписке { $count } письма
   *[other] в этой переписке { $count } писем
}
long-thread-depth = { $depth ->
    [one] цитаты вложены на { $depth } уровень
    [few] цитаты вложены на { $depth } уровня
   *[other] цитаты вложены на { $depth } уровней
}
long-thread-message = { $why }: долгая переписка
long-thread-help = предложите 15-минутный звонок и два варианта времени (`mailcheck new call-proposal`), а итоги потом отправьте письмом
long-thread-label = много предыдущих писем

missing-attachment-message = в тексте сказано «{ $words }», но вложения нет
missing-attachment-label = упоминание вложения
missing-attachment-help = приложите файл или уберите упоминание

multiple-topics-message = { $topics ->
    [one] в письме { $topics } тема; если их больше { $max }, что-то теряется
    [few] в письме { $topics } темы; если их больше { $max }, что-то теряется
   *[other] в письме { $topics } тем; если их больше { $max }, что-то теряется
}
multiple-topics-label = здесь начинается тема № { $topic }
multiple-topics-help = разделите его на отдельные письма, по одному на тему (`mailcheck split`)

next-steps-message = { $count ->
    [one] в письме { $count } просьба к получателю, но нет блока «{ $heading }»
    [few] в письме { $count } просьбы к получателю, но нет блока «{ $heading }»
   *[other] в письме { $count } просьб к получателю, но нет блока «{ $heading }»
}
next-steps-label = просьба
next-steps-help = добавьте перед подписью блок «{ $heading }» со списком того, что должен сделать получатель
next-steps-fix = { $count ->
    [one] вставить блок «{ $heading }» с { $count } просьбой
   *[other] вставить блок «{ $heading }» со списком просьб ({ $count })
}

no-support-offer-message = «{ $words }»: работа сдаётся без предложения поддержки
no-support-offer-label = сдача работы
no-support-offer-help = добавьте абзац, где вы предлагаете поддержку и сопровождение после запуска
no-support-offer-fix = вставить абзац с предложением поддержки и сопровождения

off-hours-message = отправка ({ $time }) — вне рабочих часов: { $closed }
off-hours-yours = ваших ({ $hours })
off-hours-theirs = { $address } (у получателя { $time })
off-hours-help = отложите отправку; ближайшее удобное время: { $next }
off-hours-help-no-time = отложите отправку до рабочего дня

placeholder-subject = заглушка в теме: «{ $text }»
placeholder-message = незаполненная заглушка «{ $text }»
placeholder-label = заглушка
placeholder-help = замените её настоящим значением или удалите перед отправкой

recipients-exposed-message = внешних адресов в «Кому»/«Копия»: { $count }, и все они видят друг друга
recipients-exposed-label = видно всем получателям
recipients-exposed-help = поставьте получателей в «Скрытую копию» или отправьте каждому отдельное письмо

subject-length-message = { $count ->
    [one] в теме { $count } символ, а можно не больше { $max }
    [few] в теме { $count } символа, а можно не больше { $max }
   *[other] в теме { $count } символов, а можно не больше { $max }
}
subject-length-label = слишком длинно для телефона
subject-length-help = сократите её: о чём письмо и что должен сделать клиент

too-long-message = { $words ->
    [one] в вашем тексте { $words } слово, а предел — { $max }
    [few] в вашем тексте { $words } слова, а предел — { $max }
   *[other] в вашем тексте { $words } слов, а предел — { $max }
}
too-long-label = здесь начинается слово № { $word }
too-long-help = разделите письмо по темам на несколько коротких или оставьте только то, что клиенту нужно сейчас

## `mailcheck explain`

explain-heading = { $id } ({ $summary }, по умолчанию { $severity })
explain-in-force = Действует сейчас
explain-lists = Списки слов и шаблонов, записей на каждый язык (lints/{ $id }.toml):
config-origin = настройки: { $path }
config-origin-none = настройки: нет (встроенные значения)
config-origin-project = настройки проекта: { $path } (только ключи проверки: { $keys })

## `mailcheck due`

due-nothing = Сейчас ничего не горит ({ $at }): на каждое письмо клиента есть ответ, напоминаний и еженедельных отчётов не нужно.
due-heading = Сроки ({ $at }): просрочено { $overdue }, пора ответить { $due }, ждут ответа { $waiting }.
due-urgency-overdue = ПРОСРОЧЕНО
due-urgency-due = пора
due-urgency-waiting = ждём
due-kind-reply = ответ
due-kind-follow-up = напоминание
due-kind-weekly-status = отчёт
due-reply-overdue = ответить нужно было до { $deadline } ({ $span } назад)
due-reply-by = ответить до { $deadline } (осталось { $span })
due-follow-up-asked = спросили { $asked }, ответа нет
due-follow-up-no-answer = ответа нет
due-weekly-last = на этой неделе ничего не отправлено (последний: { $last })
due-weekly-never = пока ничего не отправлено
span-minutes = { $m } мин
span-hours = { $h } ч
span-hours-minutes = { $h } ч { $m } мин
span-days = { $d } д
span-days-hours = { $d } д { $h } ч

## `mailcheck outbox list` / `show`

outbox-empty = Исходящие пусты.
outbox-no-subject = (без темы)
outbox-state-queued = в очереди
outbox-state-held = задержано
outbox-state-held-cooldown = задержано (пауза)
outbox-state-held-late = задержано (поздно)
outbox-state-sending = отправляется
outbox-state-sent = отправлено
outbox-state-deferred = отложено
outbox-state-failed = не отправлено
outbox-state-uncertain = неясно
outbox-state-damaged = повреждено
outbox-state-sending-stopped = неясно (отправка прервалась на середине)
outbox-show-id = id:
outbox-show-state = состояние:
outbox-show-message-id = Message-ID:
outbox-show-subject = тема:
outbox-show-from = от:
outbox-show-sent = отправлено:
outbox-show-was-due = срок был:
outbox-show-sends = отправка:
outbox-show-attempts = попыток:
outbox-show-why = причина:
outbox-show-to = кому:
outbox-show-last-reply = ответ сервера:
outbox-rcpt-pending = ждёт
outbox-rcpt-sent = отправлено
outbox-rcpt-failed = не доставлено
outbox-rcpt-uncertain = неясно

## `mailcheck report --format text`

count-messages = { $count ->
    [one] { $count } письмо
    [few] { $count } письма
   *[other] { $count } писем
}
count-requests = { $count ->
    [one] { $count } запрос
    [few] { $count } запроса
   *[other] { $count } запросов
}
# After "от": the genitive.
count-clients = { $count ->
    [one] { $count } клиента
   *[other] { $count } клиентов
}
count-business-days = { $count ->
    [one] { $count } рабочего дня
   *[other] { $count } рабочих дней
}
category-information = информация
category-shipping = доставка
category-order = заказ
category-problem = проблема
category-appointment = встреча
category-administration = счета и оплата
category-other = другое
report-from-clients = { $requests } от { $clients }
report-range = с { $from } по { $to }
report-no-requests = запросов нет
report-per-week = неделям
report-per-month = месяцам
report-title = Запросы клиентов, { $range }, по { $per } ({ $timezone })
report-read = прочитано: { $messages }; { $found }
report-not-read = не прочитано: { $files }
report-period = { $period } (с { $start } по { $end }): { $found }
report-all-periods = Все периоды: { $found }
report-busiest = Часы пик ({ $timezone }):
report-faq = Кандидаты в FAQ (похожие запросы от разных клиентов):
report-faq-item = { $category }, { $found }
report-faq-example = например, { $from }, { $date }: «{ $subject }»
report-col-category = категория
report-col-requests = запросы
report-col-share = доля
report-col-change = измен.
report-replies = ответы: { $answered } из { $requests }
report-reply-times = медиана { $median }, 90-й перцентиль { $p90 }
report-unanswered = без ответа: { $count }
report-still-in-time = { $count } ещё в срок
report-within = в пределах { $deadline }: { $within } из { $judged } ({ $share })
report-duration-minutes = { $m } мин
report-duration-hours = { $h } ч { $mm } мин
report-duration-days = { $d } д { $h } ч

## `mailcheck report --format html`

report-html-title = Запросы клиентов, { $range }
report-html-summary = Запросов: { $requests }, клиентов: { $clients }; прочитано писем: { $messages }; по { $per }; время в поясе { $timezone }.
report-html-what = О чём спрашивают клиенты
report-html-how-fast = Как быстро они получают ответ
report-html-when = Когда они пишут
report-html-no-chart = Не удалось нарисовать график: { $error }
report-html-per-period = Запросы по периодам
report-html-all = всего
report-html-replies = Ответы
report-html-period = период
report-html-answered = с ответом
report-html-unanswered = без ответа
report-html-median = медиана
report-html-p90 = 90-й перцентиль
report-html-within = { $days ->
    [one] в пределах { $days } рабочего дня
   *[other] в пределах { $days } рабочих дней
}
report-html-unanswered-open = без ответа (ещё в срок)
report-html-of = { $within } из { $judged } ({ $share })
report-html-faq = Кандидаты в FAQ
report-html-faq-note = Похожие запросы от разных клиентов: стоит подготовить ответ.
report-html-faq-count = запросов: { $requests }, клиентов: { $clients }
report-html-chart-categories = Запросы по категориям (доля в каждом периоде)
report-html-percent-of-requests = % запросов
report-html-all-answered = на все ответили
report-html-unanswered-of = без ответа { $unanswered } из { $requests }
report-html-chart-reply-time = Время до первого ответа на отвеченные запросы (часы)
report-html-hours = часы
report-html-24-hours = 24 часа
report-html-chart-answered = Запросы с ответом и без
report-html-requests = запросы
report-html-chart-hours = Запросы по дням недели и часам ({ $timezone })

## Ошибки (подробности после двоеточия — от системы или разборщика, как есть)

draft-error-io = { $path }: не удаётся прочитать файл: { $error }
draft-error-not-email = { $path }: это не письмо: { $why }
draft-error-limit = { $path }: не прочитано: { $message }
draft-error-unreadable = { $path }: не удалось прочитать (сбой при чтении: { $why })
not-email-empty = файл пуст
not-email-mime = не удалось разобрать структуру MIME
not-email-no-header = не найдено ни одного поля заголовка
not-email-no-message-field = нет ни одного из полей заголовка письма (From, To, Subject, Date, ...)
not-email-directory = это папка; { $command } принимает один черновик
not-email-no-drafts = в этой папке нет черновиков (mailcheck читает файлы *.eml в ней и письма в папках cur/ и new/ каталога Maildir)
not-email-mbox = это mbox из { $count } { $count ->
    [one] письма
   *[other] писем
}; черновик — одно письмо: разделите его (`git mailsplit`, `formail -s`) или укажите папку Maildir
config-error-io = { $path }: не удаётся прочитать настройки: { $error }
config-error-parse = { $path }: ошибка в настройках: { $message }
config-error-key = { $path }: `{ $key }`: { $message }
config-error-toml-at-key = { $path }: строка { $line }, столбец { $column }: `{ $key }`: { $message }
config-error-toml-at = { $path }: строка { $line }, столбец { $column }: { $message }
config-toml-syntax = это не TOML: { $detail }
config-toml-secret = пароль не пишут в файле настроек: укажите команду, которая его выводит (`password_command`), или переменную окружения, в которой он хранится (`password_env`)
config-toml-unknown-key = неизвестный ключ (здесь можно: { $known })
config-toml-unknown-key-none = неизвестный ключ (здесь ничего задать нельзя)
config-toml-missing = не задан: этот ключ обязателен
config-toml-duplicate = задан дважды
config-toml-type = неверный тип значения (ожидается { $expected })
config-toml-value = недопустимое значение (ожидается { $expected })
config-toml-variant = не одно из допустимых значений: { $allowed }
config-toml-other = { $detail }
config-error-lint = списки { $file }: { $message }
config-error-unknown-rule = неизвестное правило `{ $rule }` (см. `mailcheck rules`)
# What is wrong with one setting (`ConfigError::Setting`, after "path: `key`: ").
config-setting-detail = { $detail }
config-unknown-rule-key = неизвестное правило `{ $rule }`
config-not-a-zone = `{ $value }` — не часовой пояс IANA (например, "Europe/Moscow")
config-not-a-date = `{ $value }` — не дата вида 2026-12-25
config-no-severity = `{ $rule }` — это данные, а не правило: у него нет уровня
config-not-one-of = { $value } — не одно из значений { $choices }
config-project-key = mailcheck.toml проекта (найденный при подъёме от текущей папки) может задавать только то, что ищут проверки ({ $keys }); `{ $key }` читается только из ваших собственных настроек ({ $config }) или из файла, указанного в --config
config-project-lints = в mailcheck.toml проекта `lints` должна быть папкой внутри проекта (относительный путь, без `..` и без ссылок наружу)
config-no-data-dir = не найдена папка для данных ($XDG_DATA_HOME, $HOME): укажите путь
config-not-a-time-of-day = `{ $value }` — не время дня вида "09:00"
config-not-days = { $value } — не число дней
config-no-serve = нет раздела [serve]: он нужен для `mailcheck serve`; добавьте эти строки (и задайте пароль в переменной):{ $example }
config-not-an-address = `{ $value }` — не адрес с портом вида "127.0.0.1:1587"
config-nothing-to-serve = и `listen`, и `tls_listen` выключены: слушать нечего
config-missing-username = не задано: имя, под которым входят почтовые программы
config-password-both = задайте либо `password_command`, либо `password_env`, но не оба
config-password-missing = не задано: укажите `password_env` (переменную с паролем) или `password_command`
config-env-not-set = переменная окружения `{ $var }` не задана
config-env-not-a-name = `password_env` — это имя переменной окружения (буквы, цифры и _), а не сам пароль: положите пароль в переменную и укажите здесь её имя или используйте `password_command`
config-env-empty = переменная окружения `{ $var }` задана, но пуста
config-env-not-utf8 = переменная окружения `{ $var }` не в UTF-8
config-cert-both = задайте и `cert_file`, и `key_file` или ни одного (тогда будет самоподписанный сертификат)
config-no-cert-dir = не найдена папка для данных ($XDG_DATA_HOME, $HOME), где хранить самоподписанный сертификат
config-more-than-zero = должно быть больше нуля
config-at-least-one = должно быть не меньше 1
config-no-smtp = нет раздела [smtp]: задайте хотя бы `host` (см. docs/outbox.md)
config-missing-host = не задано: имя SMTP-сервера
config-username-needs-password = для `username` нужен `password_command` или `password_env`, а для них — `username`
config-cannot-read = { $path }: не удаётся прочитать: { $error }
config-not-hours = `{ $value }` — не промежуток вида "09:00-18:00"
config-not-a-time = `{ $value }` — не время вида { $example }
config-hours-backwards = `{ $value }`: рабочий день должен начинаться раньше, чем заканчивается
config-not-a-weekday = `{ $value }` — не день недели (по-английски: Mon, Tue, ...)
config-not-status-due = `{ $value }` — не день недели и время вида "fri 14:00" (день по-английски)
config-not-a-duration = `{ $value }` — не продолжительность вида "30s", "5m", "4h" или "5d"
config-limit-zero = 0 — непригодный предел (он отклонял бы или обрезал нормальные черновики); укажите не меньше 1 или уберите ключ, чтобы взять значение по умолчанию
config-limit-too-big = { $value } больше { $max } (4 ГиБ) — самого большого письма, которое можно прочитать
config-no-such-account = такой учётной записи нет: добавьте `[smtp.accounts."{ $account }"]`
config-account-name = учётная запись называется адресом отправителя, например "anna@desk.example"
config-account-twice = один и тот же адрес дважды (регистр букв в адресах не важен)
config-no-database = база данных не задана
config-not-a-database-url = это не адрес подключения к PostgreSQL (postgresql://user@host:5432/db): { $error }
config-url-password = в адресе есть пароль: укажите его в `password_env` или `password_command`
config-file-error = { $path }: { $error }
config-not-private = { $path } содержит настройки пароля, и группа или другие пользователи могут его читать или изменять (права { $mode }); выполните `chmod 600 { $path }`
config-password-command-cannot-run = не удаётся запустить команду пароля: { $error }
config-password-command-timeout = команда пароля не завершилась за { $seconds } с (для более медленной команды задайте `password_timeout`)
config-password-command-error = команда пароля: { $error }
config-password-command-failed = команда пароля завершилась с ошибкой ({ $status })
config-password-command-unreadable = не удаётся прочитать вывод команды пароля
config-password-command-output-error = вывод команды пароля: { $error }
config-password-command-too-long = первая строка команды пароля длиннее { $max } байт
config-password-command-not-utf8 = вывод команды пароля не в кодировке UTF-8
config-password-command-empty = команда пароля ничего не вывела
config-imap-no-password = нет пароля для { $account }: задайте `password_env` или `password_command` в [imap] (см. docs/imap.md)
desk-error-io = { $path }: не удаётся прочитать почтовый ящик: { $error }
desk-error-not-mailbox = { $path }: это не почтовый ящик: { $why }

## `mailcheck send`

send-not-queued = { $count ->
    [one] не поставлено в очередь: { $count } ошибка (исправьте черновик или всё равно поставьте его в очередь с --force)
    [few] не поставлено в очередь: { $count } ошибки (исправьте черновик или всё равно поставьте его в очередь с --force)
   *[other] не поставлено в очередь: { $count } ошибок (исправьте черновик или всё равно поставьте его в очередь с --force)
}
send-queued = { $id } в очереди: уйдёт { $when } ({ $utc })
send-held = { $id } задержано: уйдёт { $when } ({ $utc })
send-duplicate = mailcheck: { $path }: такое же письмо (тот же Message-ID или тот же текст тем же получателям) уже в исходящих: { $entries }
send-duplicate-not-queued = mailcheck: повторно в очередь не поставлено (поставить всё равно: --force)
send-duplicate-forced = ; поставлено в очередь повторно (--force)

## Примечания и `fix`

note-not-read = не прочитано: { $what }
note-desk-none-yours = ни одно из прочитанных писем ({ $count }) не ваше, поэтому все переписки выглядят неотвеченными: укажите свой адрес (`[desk] me = ["vy@example.ru"]`) или папку отправленных (`[desk] sent`), либо передайте и папку отправленных
note-more-not-read = не прочитано ещё писем: { $count }
fix-nothing = исправлять нечего
fix-no-automatic = { $count ->
    [one] для { $count } замечания нет
    [few] для { $count } замечаний нет
    [many] для { $count } замечаний нет
   *[other] для { $count } замечания нет
} автоматического исправления ({ $rules }): см. `mailcheck explain ПРАВИЛО`
fix-backup = черновик в прежнем виде сохранён в { $path }
fix-backup-numbered = черновик в прежнем виде сохранён в { $path } ({ $first } оставлен как есть, от прошлого исправления)

# Почему `fix` не трогает черновик или отклоняет значение (`FixError`).
fix-error-template = шаблон { $name }: { $message }
fix-error-line-break = { $what }: в значении есть { $char } (перевод строки или NUL не может быть в письме)
fix-error-not-address = { $what }: `{ $value }` — не адрес ({ $error })
fix-error-split-body = текст разбит на несколько частей тела письма (текст, файл, текст)
fix-error-no-text-body = в письме нет текстовой части, куда можно вставить текст
fix-error-base64 = тело в base64 не декодируется: { $error }
fix-error-charset-unknown = не удаётся записать текст в кодировке { $charset }
fix-error-charset-unmappable = текст исправления нельзя записать в кодировке черновика ({ $charset })
fix-error-ascii-8bit = текстовая часть объявлена как us-ascii, но содержит 8-битные байты не в UTF-8: непонятно, в какой кодировке писать текст исправления
fix-error-no-part-header = не удаётся найти заголовок текстовой части, чтобы поменять в нём кодировку
fix-error-header-no-line-break = заголовок текстовой части не заканчивается переводом строки: нельзя добавить в него поле
fix-error-no-line = месту вставки не соответствует ни одна строка файла
fix-error-folder = { $path }: не удаётся записать в папку { $dir }: { $error }
fix-error-not-regular = { $path }: это не обычный файл (mailcheck записывает файл целиком, переименовывая новый на его место)

## Ошибки очереди (подробности — от системы или сервера, как есть)

outbox-error-unsafe = { $path }: эти исходящие использовать нельзя: { $message }
outbox-error-not-found = в очереди нет письма `{ $id }` (см. `mailcheck outbox list`)
outbox-error-damaged = { $path }: запись очереди повреждена: { $message }
outbox-error-wrong-state = письмо `{ $id }` — { $state }, его нельзя { $action }
outbox-error-busy = письмо `{ $id }` прямо сейчас отправляется; попробуйте чуть позже
outbox-error-draft = черновик нельзя поставить в очередь: { $why }
outbox-action-cancelled = отменить
outbox-action-rescheduled = перенести
outbox-action-retried = отправить ещё раз
outbox-action-changed = изменить

## `mailcheck serve`: ответы почтовой программе (в сети — латиницей, ASCII) и уведомление
## о недоставке

serve-refused = { $count ->
    [one] mailcheck не отправил это письмо: { $count } ошибка
    [few] mailcheck не отправил это письмо: { $count } ошибки
   *[other] mailcheck не отправил это письмо: { $count } ошибок
}
serve-finding = { $rule }: { $message }
serve-finding-line = { $rule }: { $message } (строка { $line })
serve-more = ... и ещё { $count }
serve-confirm = чтобы всё равно отправить его, отправьте то же письмо ещё раз в течение { $window }
serve-window-seconds = { $count ->
    [one] { $count } секунды
   *[other] { $count } секунд
}
serve-window-minutes = { $count ->
    [one] { $count } минуты
   *[other] { $count } минут
}
serve-window-hours = { $count ->
    [one] { $count } часа
   *[other] { $count } часов
}
serve-queued-now = { $id } в очереди: уйдёт сейчас
serve-queued = { $id } в очереди: уйдёт { $when }
serve-held = { $id } задержано: уйдёт { $when }
serve-confirmed = (отправлено повторно в срок подтверждения: уйдёт всё равно)
serve-cannot-queue = сейчас не удаётся поставить в очередь: { $why }
serve-error-listen = не удаётся слушать { $addr }: { $message }
serve-error-tls = TLS: { $why }
dsn-from-name = Уведомление о недоставке (mailcheck)
dsn-subject = Письмо не доставлено: { $subject }
dsn-no-subject = (без темы)
dsn-intro = Ваше письмо «{ $subject }» (Message-ID <{ $id }>) не удалось доставить:
dsn-refused = отклонено
dsn-outro = mailcheck принял его и попытался отправить через вашу учётную запись [smtp]; сервер окончательно его отклонил. Исправьте адрес или письмо и отправьте его ещё раз.
dsn-outro-expired = mailcheck принял его и пытался отправить через вашу учётную запись [smtp], пока не истёк срок ([outbox] give_up_after); сервер всё время отвечал «попробуйте позже». Проверьте адрес и отправьте письмо ещё раз.
dsn-delivered-to = Письмо доставлено адресатам { $recipients }: отправьте его повторно только по адресам выше, иначе они получат его дважды.

## Почему письмо в очереди уйдёт именно тогда (в очереди хранятся эти id, слова — при показе)

reason-cooldown = angry-tone: задержано на время паузы, до { $when }
reason-off-hours = off-hours: отложено до ближайшего времени, рабочего для всех, { $when }
reason-send-window = окно отправки: ждёт следующего, { $when }
reason-late = опоздание: найдено { $found }, а должно было уйти { $due }, позже max_lateness; `mailcheck outbox retry { $id }` отправит его
reason-rescheduled = перенесено вручную на { $when }
reason-sent-now = отправлено сразу (mailcheck sendmail --now)
reason-dsn = уведомление о недоставке для { $id }

## What the last send attempt of a queued message recorded (`last_reply`), when the words are
## mailcheck's own; a server's reply is kept and shown as the server gave it.

last-reply-interrupted = предыдущая попытка была прервана; отправлено повторно (хотя бы один раз, тот же Message-ID)
last-reply-gave-up = отправка прекращена после { $attempts ->
        [one] { $attempts } попытки
       *[other] { $attempts } попыток
    }: { $reply }
last-reply-gave-up-silent = отправка прекращена после { $attempts ->
        [one] { $attempts } попытки
       *[other] { $attempts } попыток
    }: ответа нет
last-reply-damaged = не отправлено: файл письма в очереди повреждён ({ $bytes ->
        [one] { $bytes } байт
        [few] { $bytes } байта
       *[other] { $bytes } байт
    }, контрольная сумма { $got }, при постановке в очередь была { $want }); поставьте черновик в очередь заново
smtp-no-account-for-sender = нет учётной записи SMTP для отправителя `{ $sender }`: добавьте `[smtp.accounts."{ $sender }"]` (есть такие: { $accounts })
last-reply-no-account = не отправлено: письмо поставлено в очередь для учётной записи SMTP `{ $account }`, которой в этих настройках нет: добавьте `[smtp.accounts."{ $account }"]`, затем `mailcheck outbox retry`

## Примечания к черновику: что заметило чтение (`mailcheck: примечание: ...`)

note-html-deep = в HTML элементы вложены глубже { $depth } уровней; более глубокие прочитаны как простой текст
note-part-damaged = часть { $part }: кодировка передачи повреждена (обрезана или неверна); текст может быть неполным
note-multipart-unclosed = у письма нет закрывающей MIME-границы (сохранено недописанным или обрезано): прочитано так, будто оно заканчивается вместе с файлом
note-base64-damaged = base64 текста письма повреждён; текст не прочитан
note-capped = { $bytes ->
    [one] прочитан только первый { $bytes } байт { $what } ([limits] max_text_bytes)
    [few] прочитаны только первые { $bytes } байта { $what } ([limits] max_text_bytes)
   *[other] прочитаны только первые { $bytes } байт { $what } ([limits] max_text_bytes)
}
note-what-body-text = текста письма
note-what-html = HTML-части
note-what-html-text = текста из HTML-части
note-html-failed = не удалось прочитать HTML-часть (сбой при чтении HTML: { $why }); её текст не проверен
note-plain-is-html = часть text/plain — это HTML-страница; она прочитана как HTML
note-charset = кодировка текста ({ $charset }) раскодировалась не полностью; некоторые символы заменены
note-charset-unspecified = не указана
note-cut = { $why }; письмо продолжается со строки { $line }
note-rule-failed = правило { $rule } не сработало на этом письме ({ $why }); его замечаний нет
note-rule-too-many = правило { $rule } нашло мест: { $found }; показаны только первые { $max }

## Почтовые ящики IMAP (ответ сервера и слова системы после двоеточия — как есть)

imap-error-url = { $url }: это не адрес IMAP: { $why }
imap-error-config = { $path }: { $key }: { $message }
imap-error-connect = { $account }: не удаётся подключиться: { $why }
imap-error-no-starttls = { $account }: сервер не предлагает STARTTLS; mailcheck никогда не входит по незашифрованному соединению (используйте imaps://, если у сервера есть TLS на порту 993)
imap-error-tls = { $account }: ошибка TLS: { $why }
imap-error-login = { $account }: сервер не принял вход: { $why } (проверьте password_env / password_command в `[imap]`)
imap-error-timeout = { $account }: сервер не ответил за { $secs } с ({ $during })
imap-error-server = { $url }: { $why }
imap-error-cache = { $path }: кэш IMAP: { $error }

## `mailcheck sendmail --now`: что стало с письмом (ответ сервера — как есть)

sendmail-sent = mailcheck: отправлено { $id } <{ $message_id }>: { $reply }
sendmail-accepted = принято
sendmail-left = mailcheck: предупреждение: { $id } <{ $message_id }> пока доставлено не всем ({ $reply }); оно остаётся в исходящих в состоянии «{ $state }», и `mailcheck outbox run` его доотправит: не отправляйте его ещё раз
sendmail-no-reply = нет ответа
sendmail-not-sent = mailcheck: не отправлено: { $reply } (никто его не получил; попробуйте позже)
sendmail-could-not-take = сервер не смог его принять
sendmail-refused = mailcheck: сервер отклонил письмо для { $refused }
sendmail-refused-delivered = mailcheck: сервер отклонил письмо для { $refused }; доставлено: { $sent }
sendmail-refused-default = отклонено

## `mailcheck outbox run`, `cancel`, `reschedule`, `retry` (ответ сервера — как есть)

outbox-run-sent = отправлено { $id } <{ $message_id }>: { $to }
outbox-run-not-delivered = { $id }: не доставлено { $address }: { $reply }
outbox-run-rejected = отклонено
outbox-run-deferred = отложено { $id }: следующая попытка { $when } ({ $utc }): { $reply }
outbox-run-uncertain = неясно { $id }: { $reply }; будет отправлено ещё раз { $when } с тем же Message-ID
outbox-run-failed = не отправлено { $id }: { $reply }
outbox-run-skipped = пропущено: { $what }
outbox-run-held-late = задержано { $id }: должно было уйти { $when } ({ $utc }), раньше, чем max_lateness назад; `mailcheck outbox retry { $id }` отправит его
outbox-cancelled = отменено { $id }
outbox-cancelled-maybe-delivered = { $id }, возможно, уже доставлено адресатам { $recipients }: последняя попытка прервалась после отправки письма, и сервер может его иметь; отмена лишь останавливает следующие попытки
outbox-cancelled-partly-delivered = { $id } уже доставлено адресатам { $recipients }; отмена действует только для остальных
outbox-rescheduled = перенесено { $id }: уйдёт { $when } ({ $utc })
outbox-retry-next-run = { $id } уйдёт при следующем `mailcheck outbox run`
outbox-retry-at = { $id } уйдёт { $when } (`--now`: при следующем запуске)

## `[limits]`: почему письмо не принято или прочитано не целиком

limit-message-bytes = письмо больше { $max } байт — это предел ([limits] max_message_bytes)
limit-header-line = строка заголовка { $line } длиной { $bytes } байт, больше предела { $max } ([limits] max_header_line)
limit-header-lines = больше { $max } строк заголовка ([limits] max_header_lines)
limit-parts = прочитаны только первые { $max } частей MIME ([limits] max_parts)
limit-depth = части MIME с вложенностью глубже { $max } не прочитаны ([limits] max_depth)
limit-attached = вложенное (закодированное) письмо не прочитано, потому что в нём: { $why }
limit-encoded-body = в письме, закодированном в теле: { $why }

## `mailcheck serve --setup`: что ввести в почтовой программе (названия меню — по-английски, в кавычках, как в английской версии программы)

serve-setup-title = Настройки сервера исходящей почты (SMTP) для вашей почтовой программы
serve-setup-listen = сервер { $host }, порт { $port }, защита соединения { $security }
serve-setup-user = имя пользователя { $user }; пароль: пароль из [serve] (password_env или password_command); аутентификация: обычный пароль
serve-setup-thunderbird = Thunderbird: в параметрах учётной записи откройте серверы исходящей почты и добавьте новый («Account Settings > Outgoing Server (SMTP) > Add»): имя сервера { $server }, порт { $port }, защита соединения { $security }, аутентификация — обычный пароль («Normal password»), имя пользователя { $user }. При первой отправке подтвердите исключение безопасности для сертификата, указанного ниже.
serve-setup-apple-mail = Apple Mail: откройте список серверов исходящей почты («Settings > Accounts > Server Settings > Outgoing Mail Account > Edit SMTP Server List») и нажмите +: имя узла { $server }, снимите флажок «Automatically manage connection settings», порт { $port }, включите «Use TLS/SSL», аутентификация — пароль, имя пользователя { $user }. Когда система спросит, доверьтесь сертификату в «Связке ключей».
serve-setup-outlook = Outlook (классический, учётная запись POP/IMAP): в настройках сервера исходящей почты («Account Settings > Change > More Settings > Outgoing Server») отметьте «requires authentication», имя пользователя { $user }; на вкладке «Advanced»: порт сервера исходящей почты (SMTP) { $port }, шифрование { $security }.
serve-setup-k9 = K-9 Mail / Thunderbird для Android: в настройках сервера исходящей почты («Account settings > Outgoing server»): сервер SMTP { $server }, защита { $security }, порт { $port }, имя пользователя { $user }, аутентификация — обычный пароль («Normal password»); телефон достучится до 127.0.0.1, только если mailcheck работает на самом телефоне.
serve-setup-certificate = Сертификат: { $path }
serve-setup-certificate-self-signed = Сертификат: { $path } (самоподписанный, для localhost и 127.0.0.1)
serve-setup-fingerprint = отпечаток SHA-256 { $fingerprint }

## `[smtp]` настроен неверно: что ответил TLS сервера и что поменять (слова сервера и системы — как есть)

smtp-no-starttls = { $server } не предлагает STARTTLS; без шифрования mailcheck дальше не идёт (tls = "starttls"): укажите tls = "tls" и TLS-порт сервера или tls = "none" для локального ретранслятора без AUTH
smtp-cert-wrong-name = { $what }: { $error }; сертификат сервера выдан не на имя `{ $host }`: укажите имя, на которое выдан сертификат
smtp-auth-refused = { $what }: { $error }; сервер отклонил вход: проверьте `{ $username }` и пароль из `{ $password }` (некоторые провайдеры требуют пароль приложения). Ничего не отправлено.
smtp-tls-plain-port = { $what }: { $error }; сервер не говорит TLS на порту { $port } (tls = "tls" — это неявный TLS): укажите tls = "starttls" с этим портом или TLS-порт сервера (обычно 465)
smtp-cert-untrusted = { $what }: { $error }; сертификат сервера не подписан доверенным центром сертификации (он самоподписанный или выдан частным ЦС): укажите в `ca_file` сертификат ЦС, которым он подписан
smtp-auth-unencrypted = AUTH никогда не отправляется по незашифрованному соединению: если задан `username`, укажите tls = "starttls" или "tls" ("none" — для локальных ретрансляторов без аутентификации)

## Ошибки в аргументах, найденные самим mailcheck (ошибки clap, например неизвестный параметр, остаются на английском, как и `--help`)

usage-output-one-draft = -o — только для одного черновика, а их { $count }
usage-write-needs-file = для --write нужен файл, а не стандартный ввод
usage-from-after-to = --from { $from } позже, чем --to { $to }
usage-send-directory = { $path }: это папка; send отправляет один черновик
usage-dir-is-for-man = --dir — только для `generate man`; скрипт автодополнения выводится на экран
usage-var-key-value = --var { $var }: нужно ключ=значение
usage-var-json-key-value = --var-json { $var }: нужно ключ=JSON, например done='["a", "b"]'
new-no-template = нет шаблона `{ $name }` для { $lang } (есть: { $names })
usage-var-json-not-json = --var-json { $key }: `{ $value }` — не JSON ({ $error })
new-template-subject = тема шаблона
usage-no-mailbox = нечего читать: укажите почтовый ящик (`mailcheck { $command } ~/Mail/INBOX ~/Mail/Sent`) или задайте `[mailbox] path` в настройках ({ $config })
usage-no-mailbox-no-config = нечего читать: укажите почтовый ящик (`mailcheck { $command } ~/Mail/INBOX ~/Mail/Sent`) или задайте `[mailbox] path` в настройках (файл настроек не найден)

# mailcheck hook install / sendemail-validate
hook-installed = установлен { $path }
hook-updated = обновлён { $path }
hook-backed-up = обновлён { $path }; в нём были строки не от mailcheck: старый файл сохранён как { $backup }
hook-chained = установлен { $path }; прежний хук теперь { $previous } и запускается первым
hook-git-checks = теперь git send-email проверяет каждое письмо, прежде чем отправить хоть одно (`git send-email --no-validate` пропускает проверку)
hook-neomutt-added = добавлено в { $path }:
hook-neomutt-already = в { $path } уже есть строки mailcheck
hook-refused = { $path }: { $count ->
    [one] { $count } ошибка
    [few] { $count } ошибки
   *[other] { $count } ошибок
}: ничего не отправлено. Исправьте или отправьте всё равно: `git send-email --no-validate` пропускает эту проверку; если sendemail.sendmailCmd — тоже `mailcheck sendmail`, разрешите правила в самом патче (`git format-patch --add-header='X-Mailcheck-Allow: { $rules }'`)
hook-error-exists = { $path } уже существует и не принадлежит mailcheck; ничего не изменено. Сохраните его и запускайте перед mailcheck с `mailcheck hook install git --chain` или сначала удалите
hook-error-chain-taken = { $path } уже существует: сначала переместите его, ничего не изменено
hook-error-not-a-repo = это не git-репозиторий (git rev-parse: { $why })
hook-error-bad-path = { $path }: в пути есть пробелы или кавычки, которые почтовые программы разбивают: установите mailcheck в другое место
