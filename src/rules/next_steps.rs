use unicode_segmentation::UnicodeSegmentation;

use super::{Check, Context, declare_rule};
use crate::draft::Span;
use crate::finding::{Finding, Fix, FixPlace};
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Finds the sentences of the writer's own text that ask the recipient to do something (a
    /// request phrase such as "please send", "potresti", "пришлите", or a question) and reports
    /// the draft when it has no "Next steps" block: a line that is just the heading ("Next steps",
    /// "Prossimi passi", "Следующие шаги", also as an HTML heading or bold line, or followed by a
    /// colon and the steps).
    ///
    /// ## Why is this bad?
    /// A request hidden in the third paragraph gets missed, and the project waits. The service
    /// rule: every email that needs the client to act ends with a short "Next steps" list, so
    /// the client sees at a glance what to do and by when.
    ///
    /// ## Example
    /// ```text
    /// Hi Anna, the draft is ready. Could you send me the logo in SVG? And please confirm the
    /// delivery address.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// Hi Anna, the draft is ready.
    ///
    /// Next steps:
    /// - send me the logo in SVG
    /// - confirm the delivery address
    /// ```
    ///
    /// ## Configuration
    /// In `lints/next-steps.toml` (or `[rules.next-steps]` in the config): `headings`, `requests`
    /// and `not_requests` (pleasantries such as "how are you?" that are not requests) per
    /// language; `questions_are_requests` (default true) and `min_requests` (default 1). A
    /// message under `glance_words` (80) own words, or under `short_message_words` (150) with
    /// all its asks in its last paragraph, shows its next step already: it gets a hint, not a
    /// warning. A question is a request when something in it puts it to the reader
    /// (`addressees`, `asking`: "Can you ...?", the Italian courtesy form without "Lei", "Mi
    /// conferma l'indirizzo?"). The items `fix` writes drop the polite frame (`openings`), the `fillers`,
    /// a leading connective (`connectives`: "And ...", "E ...") and the recipient's name; a
    /// sentence of `lead_ins` ("I have two questions:", "mi servono due risposte") announces
    /// the requests after it and is none itself.
    pub struct NextSteps {
        id: "next-steps",
        severity: Warning,
        summary: "the draft asks the client to act but has no \"Next steps\" block",
        own_text: ["headings", "requests", "not_requests"],
    }
}

impl Check for NextSteps {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if has_heading(cx) {
            return;
        }
        let requests = find_requests(cx, true);
        if requests.is_empty() || requests.len() < cx.usize("min_requests") {
            return;
        }

        let heading = cx
            .entries("headings")
            .first()
            .map(|h| capitalize(h))
            .unwrap_or_else(|| "Next steps".into());
        // A short message whose requests are all in its last paragraph already ends with its
        // next step: a hint at most.
        let hint = ends_with_its_request(cx, &requests);
        let n = requests.len();
        let finding = Finding::new(msg!(
            "next-steps-message",
            count = n,
            heading = heading.as_str()
        ));
        let finding = if hint {
            finding.at_most(crate::finding::Severity::Hint)
        } else {
            finding
        };
        out.push(
            finding
                .at(requests[0].0)
                .label(msg!("next-steps-label"))
                .help(msg!("next-steps-help", heading = heading.as_str()))
                .fix(Fix {
                    title: msg!("next-steps-fix", count = n, heading = heading.as_str()),
                    template: "next-steps",
                    vars: serde_json::json!({
                        "items": requests.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>()
                    }),
                    place: FixPlace::BeforeSignoff,
                }),
        );
    }
}

/// A line that is the heading alone, or the heading and a colon.
fn has_heading(cx: &Context<'_>) -> bool {
    cx.draft
        .own
        .lines()
        .any(|(_, offset, line)| is_heading(cx, offset, line))
}

/// Whether `line` (at byte `offset` of the own text) is a "Next steps" heading: one of
/// next-steps' `headings` alone on it or followed by a colon, under any list or markdown mark.
/// `too-long` reads the block under it as this rule does (any rule's `cx` will do).
pub(super) fn is_heading(cx: &Context<'_>, offset: usize, line: &str) -> bool {
    let lang = cx.draft.own.lang_at(offset, cx.draft.language);
    let t = line
        .trim()
        .trim_start_matches(['#', '*', '_', '-', '•', '=', ' ', '\t']);
    let Some(m) = cx.find_in_own(("next-steps", "headings"), Some(lang), t) else {
        return false;
    };
    let rest = &t[m.end..];
    m.start == 0
        && (rest.trim_start().starts_with(':')
            || rest
                .trim_matches([':', '.', '*', '_', ' ', '-', '—', '–', '='])
                .is_empty())
}

/// A message read at a glance (under `glance_words` words of prose: pasted output, logs and code
/// do not count, see `prose`), or a short one (under `short_message_words`) whose requests are
/// all in its last paragraph, already shows its next step: a block would repeat it (reported as
/// a hint). Pasted material after the request, its caption ("-d output below"), a closing name
/// block, a thanks line or a follow-on question the rule did not count ("Anyone know where I can
/// get one? / Failing that, who delivers fastest?") do not end the text.
fn ends_with_its_request(cx: &Context<'_>, requests: &[(Span, String)]) -> bool {
    // Its requests, one or more, all in the last paragraph ("Any ideas? Has anyone seen this?").
    let Some((span, _)) = requests.first() else {
        return false;
    };
    let own = &cx.draft.own;
    let paragraphs = prose::paragraphs(own, cx.usize("pasted_symbol_share"));
    let text = |p: &prose::Paragraph| own.text.get(p.start..p.end).unwrap_or("");
    let follow_on = |p: &prose::Paragraph| {
        text(p).trim_end().ends_with('?')
            && !requests
                .iter()
                .any(|(s, _)| p.first <= s.line && s.line <= p.last)
    };
    let words = prose::prose_words(&paragraphs);
    // Read at a glance: nothing in it is buried.
    if words < cx.usize("glance_words") {
        return true;
    }
    words < cx.usize("short_message_words")
        && prose::nothing_but_pasted_after(
            &paragraphs,
            span.line,
            cx.usize("caption_words"),
            follow_on,
            |p| {
                // Thanks closing the text ("Thanks for your help.", "Grazie in anticipo.").
                p.lines <= 2
                    && p.words <= cx.usize("caption_words")
                    && cx
                        .find_list_at((cx.rule, "thanks"), None, text(p), p.start)
                        .first()
                        .is_some_and(|m| m.start == 0)
            },
        )
}

/// The requests and questions of a message's own text (quote and signature excluded), as the
/// rule finds them, with or without a "Next steps" block: what `mailcheck due` reads to tell that
/// a message you sent asked the client something.
pub fn requests_in(draft: &crate::draft::Draft, env: &super::RuleEnv) -> Vec<String> {
    let cx = Context {
        draft,
        at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
        env,
        rule: "next-steps",
    };
    find_requests(&cx, false)
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

/// Sentences that ask something of the recipient, as spans.
fn find_requests(cx: &Context<'_>, shorten: bool) -> Vec<(Span, String)> {
    // A vendor's advisory instructs all its users (`advisory`): it asks no one, in `check` and
    // in `due` alike.
    if advisory::is_advisory(cx) {
        return Vec::new();
    }
    let own = &cx.draft.own;
    let questions = cx.flag("questions_are_requests");
    let greeting = cx.draft.greeting;
    let bulk = cx.draft.shape.bulk;
    let mut found: Vec<(Span, String)> = Vec::new();
    // Which of `found` are questions put to the reader only by a plain "do you", "are you"
    // (`soft_addressees`), and how many questions the text asks that are put to no one: a text
    // that argues in questions ("What are you trying to sell? What is the value? Does each
    // reader send him money?") puts its plain "you" questions to no one either.
    let mut soft = Vec::new();
    // Which of `found` are lead-ins (`lead_ins`, dropped below when a request follows).
    let mut lead_in = Vec::new();
    let mut unaddressed = 0usize;
    // Splitting into sentences is the costly part: skip it when no sentence can be a request
    // (no request phrase occurs in any of the text's languages, and no question is asked).
    let may_ask = own.may_match_list(&cx.env.lexicon, cx.draft.language, (cx.rule, "requests"));
    let may_question = questions && own.text.contains('?');
    if !may_ask && !may_question {
        return found;
    }
    let flat = break_long_padding(flatten(&own.text));
    // Text that asks nobody here, as byte ranges of the own text: letters inside it, articles,
    // dialogues and chats the writer copied in (they ask their own readers, `Draft::copied`), a
    // FAQ's question headings (answered by the writer, `faq`) and a program's prompts ("Do you
    // want to continue? [Y/n] Y", `prose`). Merged, so each sentence looks it up in log time.
    let mut asks_nobody = letters_inside(cx);
    asks_nobody.extend(cx.draft.copied.iter().cloned());
    asks_nobody.extend(faq::headings(cx));
    asks_nobody.extend(prose::prompt_lines(own));
    let asks_nobody = merged(asks_nobody);
    for (start, sentence) in flat.split_sentence_bound_indices() {
        let trimmed = sentence.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = sentence.len() - sentence.trim_start().len();
        let range = start + lead..start + lead + trimmed.len();
        let Some(span) = own.locate(range.clone()) else {
            continue;
        };
        if Some(span.line) == greeting || covered(&asks_nobody, range.start) {
            continue;
        }
        // `trimmed` is a slice of `flat`, which folds like the own text (only line breaks differ).
        // A list's or newsletter's footer ("To stop receiving these messages, please go to your
        // user page") asks nothing of this reader.
        if !cx
            .find_list_at((cx.rule, "boilerplate"), None, trimmed, range.start)
            .is_empty()
        {
            continue;
        }
        let pleasantries = cx.find_list_at((cx.rule, "not_requests"), None, trimmed, range.start);
        let inside_pleasantry = |r: &std::ops::Range<usize>| {
            pleasantries
                .iter()
                .any(|p| p.start <= r.start && r.end <= p.end)
        };
        let imperatives = cx.find_list_at((cx.rule, "imperatives"), None, trimmed, range.start);
        let needs = cx.find_list_at((cx.rule, "needs"), None, trimmed, range.start);
        // A need ("I need", "we need") asks the reader only with the reader or a deadline in its
        // sentence ("I need your logo", "we need the numbers by Monday"), not as a wish ("we
        // need better documentation", "I need a break").
        let put_to_reader = |r: &std::ops::Range<usize>| {
            !needs.contains(r)
                || !cx
                    .find_list_at((cx.rule, "readers"), None, trimmed, range.start)
                    .is_empty()
                || !cx
                    .find_list_at((cx.rule, "deadlines"), None, trimmed, range.start)
                    .is_empty()
        };
        // A request phrase that is the whole sentence ("Please!", "Per favore.", "Пожалуйста!")
        // is an exclamation: it asks for nothing by itself.
        let alone = |r: &std::ops::Range<usize>| {
            trimmed[..r.start].trim().is_empty()
                && trimmed[r.end..].chars().all(|c| !c.is_alphanumeric())
        };
        // An imperative that gives advice on the reader's own affairs ("Don't forget to run
        // pppoe, as in my case you have to have a bridge") waits for nothing: a sentence that
        // explains how things work for the reader (`advice`) and names neither the writer
        // (`writers`: "send me", "remember to call us") nor a deadline.
        let advice = || {
            !cx.find_list_at((cx.rule, "advice"), None, trimmed, range.start)
                .is_empty()
                && cx
                    .find_list_at((cx.rule, "writers"), None, trimmed, range.start)
                    .is_empty()
                && cx
                    .find_list_at((cx.rule, "deadlines"), None, trimmed, range.start)
                    .is_empty()
        };
        // A phrase mentioned, not used: the word in quotation marks of its own ("'please':
        // 0.85" in a pasted score list, "the word "please"").
        let mentioned = |r: &std::ops::Range<usize>| {
            let before = trimmed[..r.start].chars().next_back();
            let after = trimmed[r.end..].chars().next();
            matches!(
                (before, after),
                (Some('\''), Some('\''))
                    | (Some('"'), Some('"'))
                    | (Some('‘'), Some('’'))
                    | (Some('“'), Some('”'))
                    | (Some('«'), Some('»'))
            )
        };
        // A phrase cut out of a contraction ("if you could you'd send to every address": "could
        // you" in "could you'd") is no request.
        let contracted = |r: &std::ops::Range<usize>| {
            let mut after = trimmed[r.end..].chars();
            matches!(after.next(), Some('\'' | '’'))
                && after.next().is_some_and(char::is_alphabetic)
        };
        let phrases = cx.find_list_at((cx.rule, "requests"), None, trimmed, range.start);
        // A phrase at most a word after a question word, in a sentence that is no question ("How
        // soon will you realize that ... ."), is that word's clause (`question_words`; looked up
        // only for a sentence that could have one).
        let question_words = if phrases.is_empty() || trimmed.ends_with('?') {
            Vec::new()
        } else {
            cx.find_list_at((cx.rule, "question_words"), None, trimmed, range.start)
        };
        let wh_clause = |r: &std::ops::Range<usize>| {
            question_words.iter().any(|w| {
                w.end <= r.start && trimmed[w.end..r.start].split_whitespace().count() <= 1
            })
        };
        // Courtesies, conditional asks and offers ask for nothing the writer waits for.
        let courtesies = courtesy::courtesies(cx, trimmed, range.start, &phrases);
        let asks = phrases.iter().any(|r| {
            !courtesies
                .iter()
                .any(|c| c.start <= r.start && r.end <= c.end)
                && !alone(r)
                && !mentioned(r)
                && !contracted(r)
                && !wh_clause(r)
                && !inside_pleasantry(r)
                && !in_quotes(&flat, range.start + r.start)
                && (!imperatives.contains(r)
                    || opens_a_clause(cx, trimmed, r.start, range.start) && !advice())
                && !reminders::reminds_of_a_thing(cx, trimmed, r, range.start)
                && put_to_reader(r)
        });
        // A request on a condition of the reader's own wish ("Please contact me if you wish to
        // apply", "let me know if you have any questions": `offers`) is an offer, not a step
        // the writer waits for; with a deadline it is one again.
        let asks = asks
            && (cx
                .find_list_at((cx.rule, "offers"), None, trimmed, range.start)
                .is_empty()
                || !cx
                    .find_list_at((cx.rule, "deadlines"), None, trimmed, range.start)
                    .is_empty());
        let a_question = questions
            && !bulk
            && trimmed.ends_with('?')
            && pleasantries.is_empty()
            && !in_a_token(&flat, range.end);
        // A question that argues, jokes, is answered by the writer ("Can you say "Bootstraps",
        // boys and girls? I knew you could") or supposes a case ("If you had ..., would you
        // ...?") asks nothing, nor does a request phrase in it: read once for both. So does one
        // that goes on in a list under its colon ("Would you rather be broke in:" / "- North
        // America, or" / "- India?").
        let argues = trimmed.ends_with(['?', ':'])
            && (asks || a_question)
            && (put_aside(cx, &flat, range.clone(), trimmed)
                || hypothetical::supposes(cx, trimmed, range.start));
        let question = a_question
            && courtesies.is_empty()
            && !courtesy::offers_help(cx, trimmed, range.start)
            && !rhetorical(cx, &flat, range.clone(), trimmed)
            && !argues
            && !opinions::argued_opinion(cx, &flat, range.clone(), trimmed)
            && !brackets::in_brackets(cx, &flat, range.clone(), trimmed)
            && !headings::title_line(&own.text, range.clone())
            && !remarks::remark(cx, &flat, range.clone(), trimmed)
            && asked_of_someone(cx, trimmed, range.start);
        // In a bulk text (a newsletter, a digest: `Draft::shape`) the questions are headlines and
        // the requests are standing offers to every subscriber ("Please send any questions to
        // ..."): only a request that names when it is due ("Please confirm by Friday") is put
        // to this reader.
        let asks = asks
            && (!bulk
                || !cx
                    .find_list_at((cx.rule, "deadlines"), None, trimmed, range.start)
                    .is_empty());
        // A request phrase in a bracketed aside to a generic "you" (`brackets::aside_request`).
        let asks = asks && !argues && !brackets::aside_request(cx, trimmed, range.start);
        // Reported or invented speech ("... say, \"Can you show us how?\" ...") asks nothing
        // of this reader, nor a joke ("... let me know? ;-)"; both looked at only for a sentence
        // that would ask).
        if !(asks || question)
            || in_quotes(&flat, range.start)
            || joking(cx, &flat, range.clone())
            || introduced_as_a_quote(cx, &flat, range.start)
        {
            // Not a follow-up fragment ("Per fetchmail maybe? Or direct SMTP delivery?"): those
            // narrow a question put before them.
            if a_question && !asks && !question && !follow_up(cx, trimmed, range.start) {
                unaddressed += 1;
            }
            continue;
        }
        soft.push(
            !asks
                && (plainly_put(cx, trimmed, range.start)
                    || musing::impersonally_put(cx, trimmed, range.start)),
        );
        let lang = own.lang_at(range.start, cx.draft.language);
        let lists = |name: &str| {
            cx.lexicon()
                .entries(cx.rule, name, crate::lexicon::Scope::Lang(lang))
        };
        // `due` quotes the request as written; the Next-steps item is the short form.
        let words = if shorten {
            items::Shortening {
                openings: lists("openings"),
                fillers: lists("fillers"),
                connectives: lists("connectives"),
                names: items::first_names(cx.draft),
            }
        } else {
            items::Shortening::default()
        };
        let item = items::item_text(trimmed, &words);
        lead_in.push(
            !trimmed.ends_with('?')
                && !cx
                    .find_list_at((cx.rule, "lead_ins"), None, trimmed, range.start)
                    .is_empty(),
        );
        found.push((span, item));
    }
    // What goes: in a text that argues in questions, its plain "you" questions; and a lead-in
    // ("I have two questions:", "mi servono due risposte") that a request kept after it follows:
    // those requests are the steps, it is none.
    let argues_in_questions = unaddressed >= cx.usize("arguing_questions").max(1);
    let mut drop: Vec<bool> = soft.iter().map(|&s| argues_in_questions && s).collect();
    let last_kept = drop.iter().rposition(|d| !d);
    for (i, d) in drop.iter_mut().enumerate() {
        if lead_in.get(i).copied().unwrap_or(false) && last_kept.is_some_and(|last| i < last) {
            *d = true;
        }
    }
    let mut drop = drop.into_iter();
    found.retain(|_| !drop.next().unwrap_or(false));
    found
}

/// How many lines after a salutation a letter inside the text may run to its name.
const LETTER_REACH: usize = 80;

/// `ranges` sorted and merged where they overlap or touch, for `covered`.
fn merged(mut ranges: Vec<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Whether byte `at` lies in one of `ranges` (sorted and merged, as `merged` gives them).
fn covered(ranges: &[std::ops::Range<usize>], at: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= at);
    ranges.get(i).is_some_and(|r| r.contains(&at))
}

/// Letters inside the text, as byte ranges of the own text: a salutation line ("Dear Garrison,",
/// "Gentile dott. Rossi,", "Уважаемый Олег,") after the message's own start, then at least one
/// paragraph, then a paragraph that is a name (one to three short lines, none ending a sentence:
/// "Joe Adams / Hillsdale, New Jersey") and more of the writer's own text. A reader's letter reposted in a column, or a letter the
/// writer drafts for someone else, puts its questions to its own addressee, not to this reader.
fn letters_inside(cx: &Context<'_>) -> Vec<std::ops::Range<usize>> {
    let own = &cx.draft.own;
    let lines: Vec<(usize, usize, &str)> = own.lines().collect();
    let mut letters = Vec::new();
    let mut seen_text = false;
    let mut k = 0;
    while k < lines.len() {
        let (line, offset, text) = lines[k];
        let t = text.trim();
        k += 1;
        if t.is_empty() {
            continue;
        }
        let salutation = seen_text
            && Some(line) != cx.draft.greeting
            && t.split_whitespace().count() <= 4
            && t.ends_with([',', ':'])
            && cx
                .find_list_at(("draft", "greetings"), None, t, offset)
                .first()
                .is_some_and(|m| m.start == 0);
        seen_text = true;
        if !salutation {
            continue;
        }
        // Its paragraphs: a name paragraph after at least one other.
        let mut paragraphs = 0usize;
        let mut para: Vec<&str> = Vec::new();
        let reach = (k + LETTER_REACH).min(lines.len());
        for (j, &(_, _, text)) in lines.iter().enumerate().take(reach).skip(k) {
            let t = text.trim();
            if !t.is_empty() {
                para.push(t);
                if j + 1 < reach {
                    continue;
                }
            }
            if para.is_empty() {
                continue;
            }
            let named = paragraphs > 0
                && para.len() <= 3
                && para[0].chars().next().is_some_and(char::is_uppercase)
                && para.iter().all(|l| {
                    l.split_whitespace().count() <= 5 && !l.ends_with(['.', '?', '!', ':'])
                });
            // And the writer's own text goes on after it (a letter that ends the text may be
            // the message itself, its greeting after a stray first line).
            let end = lines.get(j + 1).map_or(own.text.len(), |l| l.1);
            if named && !own.text[end..].trim().is_empty() {
                letters.push(offset..end);
                k = j + 1;
                break;
            }
            paragraphs += 1;
            para.clear();
        }
    }
    letters
}

/// A question that narrows the one before it: under five words ("Per fetchmail maybe?") or
/// opening with an "or" (`alternatives`: "Or does it just hit your spool?", "O no?", "Или нет?").
fn follow_up(cx: &Context<'_>, sentence: &str, at: usize) -> bool {
    sentence.split_whitespace().count() < 5
        || cx
            .find_list_at((cx.rule, "alternatives"), None, sentence, at)
            .first()
            .is_some_and(|m| m.start == 0)
}

/// Whether a question is put to the reader only by a plain "do you", "are you", "have you"
/// (`soft_addressees`): no other addressee ("Can you", "Has anyone", "... for you?") and none of
/// `asking` ("is there", "should I").
fn plainly_put(cx: &Context<'_>, sentence: &str, at: usize) -> bool {
    let soft = cx.find_list_at((cx.rule, "soft_addressees"), None, sentence, at);
    let addressees = cx.find_list_at((cx.rule, "addressees"), None, sentence, at);
    !addressees.is_empty()
        && addressees.iter().all(|m| soft.contains(m))
        && cx
            .find_list_at((cx.rule, "asking"), None, sentence, at)
            .is_empty()
}

/// Whether the sentence at `range` of `flat` is a joke: a wink or a laugh (`jokes`: ";-)",
/// "<g>", "lol", "hehe", "scherzo", "шучу") at its end ("... something more modern <wink>?") or
/// right after it ("Can I borrow your time machine? ;-)"). A wink with more of the sentence after
/// it closes a clause before ("That was quick ;-) Could you send the invoice too?"), and a plain
/// smile (":-)") is friendliness, not a joke: "Please send the logo :)" still asks.
fn joking(cx: &Context<'_>, flat: &str, range: std::ops::Range<usize>) -> bool {
    let sentence = &flat[range.clone()];
    // At its end: at most two words after it.
    let inside = cx
        .find_list_at((cx.rule, "jokes"), None, sentence, range.start)
        .iter()
        .any(|m| sentence[m.end..].split_whitespace().count() <= 2);
    if inside {
        return true;
    }
    // Right after it, in the same paragraph: the next 16 bytes, trimmed of spaces.
    let rest = &flat[range.end..];
    let next = rest.trim_start_matches([' ', '\t', '\n']);
    if rest[..rest.len() - next.len()].contains("\n\n") {
        return false;
    }
    let mut cut = next.len().min(16);
    while !next.is_char_boundary(cut) {
        cut -= 1;
    }
    let at = flat.len() - next.len();
    cx.find_list_at((cx.rule, "jokes"), None, &next[..cut], at)
        .first()
        .is_some_and(|m| m.start == 0)
}

/// Whether the "?" that ends at `end` is inside a URL, a path or code ("x.php?id=3",
/// "http://host/?"): followed by more of the token, or ending a token that is a URL.
fn in_a_token(flat: &str, end: usize) -> bool {
    if flat[end..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && !matches!(c, ')' | ']' | '"' | '\'' | '»' | '”'))
    {
        return true;
    }
    let token = flat[..end].rsplit(char::is_whitespace).next().unwrap_or("");
    token.contains("://") || token.starts_with("www.") || token.contains(['=', '(', '$', '/'])
}

/// Whether byte `at` of `flat` stands inside quotation marks opened before it in its paragraph
/// and closed after it (a mark right at `at` opens).
fn in_quotes(flat: &str, at: usize) -> bool {
    let (from, to) = paragraph_around(flat, at, at);
    let open = flat[at..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '“' | '«'))
        .map_or(0, char::len_utf8);
    // Or an opening quotation mark written as an HTML entity ("&#8220;Are you also fed up ...").
    let open = ["&#8220;", "&ldquo;"]
        .iter()
        .find(|e| flat[at..].starts_with(**e))
        .map_or(open, |e| e.len());
    let (before, rest) = (&flat[from..at + open], &flat[at + open..to]);
    let straight = before.matches('"').count() % 2 == 1 && rest.contains('"');
    let paired = |open: char, close: char| {
        before.matches(open).count() > before.matches(close).count() && rest.contains(close)
    };
    // Also as HTML entities left in a text part ("&#8220;I'm fed up&#8221;"), looked for only
    // when there is a "&" (a string search per word is slow on a long text).
    let entities = |open: &str, close: &str| {
        before.matches(open).count() > before.matches(close).count() && rest.contains(close)
    };
    straight
        || paired('“', '”')
        || paired('«', '»')
        || in_single_quotes(&flat[from..to], at - from)
        || before.contains('&')
            && (entities("&#8220;", "&#8221;") || entities("&ldquo;", "&rdquo;"))
}

/// Whether the end of `before` stands inside a sentence quoted in single quotation marks ('If you
/// have received a letter, please fax a copy.', ‘Send it back.’), closed in `rest`. An apostrophe
/// is not a quotation mark: a mark opens only after a space, a bracket or the paragraph's start
/// and before a letter ("'If", not "don't"), and closes only a sentence: right after its final
/// punctuation (".'", "?'", "!'") and before a space or the paragraph's end — so "the players'
/// kit" and "'HAVE TO'" quote no sentence.
fn in_single_quotes(para: &str, cut: usize) -> bool {
    // A mark right at `cut` opens.
    let cut = cut
        + para[cut..]
            .chars()
            .next()
            .filter(|c| matches!(c, '\'' | '‘'))
            .map_or(0, char::len_utf8);
    // Quotation marks in `para[range]`, read with their neighbours in the whole paragraph.
    let marks = |range: std::ops::Range<usize>, opening: bool| {
        para[range.clone()]
            .char_indices()
            .filter(|&(i, c)| {
                let i = range.start + i;
                let prev = para[..i].chars().next_back();
                let next = para[i + c.len_utf8()..].chars().next();
                if opening {
                    matches!(c, '\'' | '‘')
                        && prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | ':'))
                        && next.is_some_and(char::is_alphabetic)
                } else {
                    // Or a quoted phrase's last word ("'don't show this again please' and ...").
                    matches!(c, '\'' | '’')
                        && prev.is_some_and(|p| matches!(p, '.' | '?' | '!') || p.is_alphabetic())
                        && next.is_none_or(|n| n.is_whitespace() || matches!(n, ')' | ']' | ','))
                }
            })
            .count()
    };
    marks(0..cut, true) > marks(0..cut, false) && marks(cut..para.len(), false) > 0
}

/// Whether the paragraph around byte `at` of `flat` is introduced as a quotation: the line
/// before it ends with a colon and names quoting (`quoting`: "It is stated here. Quoting:",
/// "The README says:", "Cito:", "Цитирую:"). A policy or a manual quoted this way asks its own
/// readers, not this one.
fn introduced_as_a_quote(cx: &Context<'_>, flat: &str, at: usize) -> bool {
    let (from, _) = paragraph_around(flat, at, at);
    // The line before the paragraph, read within 240 bytes, as written (`flat` joins a
    // paragraph's lines; the offsets are the same).
    let own = &cx.draft.own;
    let mut low = from.saturating_sub(240);
    while low < from && !own.text.is_char_boundary(low) {
        low += 1;
    }
    let before = own.text.get(low..from).unwrap_or("").trim_end();
    let line = before.rsplit('\n').next().unwrap_or("").trim();
    if !line.ends_with(':') || line.is_empty() {
        return false;
    }
    let line_at = low + before.len() - line.len();
    // Right before it in the message, with at most a blank line between: not an attribution
    // the reader missed ("Quoting Eamonn <e@x.ie>:", "Albert White stated:"), whose quote stands
    // between it and this paragraph (the quote is not own text).
    let (Some(intro), Some(para)) = (
        own.locate(line_at..line_at + line.len()),
        own.locate(from..from + flat[from..].chars().next().map_or(0, char::len_utf8)),
    ) else {
        return false;
    };
    para.line <= intro.line + 2
        && !cx
            .find_list_at((cx.rule, "quoting"), None, line, line_at)
            .is_empty()
}

/// How far each way a question or request looks for its paragraph's ends: every sentence then
/// costs the same however long a text without blank lines is (1 MB of one paragraph, read back
/// to its start for every sentence, took minutes).
const PARAGRAPH_REACH: usize = 2000;

/// The paragraph of `flat` around bytes `start..end` (from after the line break before it to the
/// one after it: `flatten` keeps line breaks only at blank lines and rule lines, and a rule line
/// ends a paragraph as a blank line does), within [`PARAGRAPH_REACH`] bytes each way.
fn paragraph_around(flat: &str, start: usize, end: usize) -> (usize, usize) {
    let mut low = start.saturating_sub(PARAGRAPH_REACH);
    while !flat.is_char_boundary(low) {
        low += 1;
    }
    let mut high = end.saturating_add(PARAGRAPH_REACH).min(flat.len());
    while !flat.is_char_boundary(high) {
        high -= 1;
    }
    let from = flat[low..start].rfind('\n').map_or(low, |i| low + i + 1);
    let to = flat[end..high].find('\n').map_or(high, |i| end + i);
    (from, to)
}

/// Whether a question is put to someone: it names the reader or anyone ("Can you ...?", "Has
/// anyone ...?") or asks for the writer's next move ("Is there a way ...?", "Should I ...?"). A
/// question with none of these ("The tooth fairy?", "What is MIME?", a headline's "Who killed
/// Simone Valentine?") is rhetorical or a title.
fn asked_of_someone(cx: &Context<'_>, sentence: &str, at: usize) -> bool {
    !cx.find_list_at((cx.rule, "addressees"), None, sentence, at)
        .is_empty()
        || !cx
            .find_list_at((cx.rule, "asking"), None, sentence, at)
            .is_empty()
}

/// A question in the middle of a paragraph of argument, with more of the paragraph before and
/// after it and no word addressing the reader ("Why would anyone run it as root? ..."), is
/// rhetorical: not a request.
fn rhetorical(cx: &Context<'_>, flat: &str, range: std::ops::Range<usize>, sentence: &str) -> bool {
    let (para_start, para_end) = paragraph_around(flat, range.start, range.end);
    let before = flat[para_start..range.start].trim();
    let after = flat[range.end..para_end].trim();
    if before.is_empty() || after.is_empty() {
        return false;
    }
    // A paragraph that asks something elsewhere ("mi servono due risposte. Preferisce ...?")
    // is asking, not arguing.
    let para = &flat[para_start..para_end];
    cx.find_list_at((cx.rule, "addressees"), None, sentence, range.start)
        .is_empty()
        && cx
            .find_list_at((cx.rule, "requests"), None, para, para_start)
            .is_empty()
}

/// Whether byte `at` of `sentence` (at `base` in the own text) opens a clause: an imperative
/// ("send me", "remember to") is a request only there ("Send me the logo", "Tom, remember to
/// sign", "and please send me"), not after its subject ("till Eircom send me a replacement",
/// "spammers do not always remember to include"). A clause opens at the sentence's start, after
/// `, ; : ( -` or after one of `before_imperative` ("and", "so", "please").
fn opens_a_clause(cx: &Context<'_>, sentence: &str, at: usize, base: usize) -> bool {
    // Only the last 48 bytes before it are read (a sentence of a megabyte with a request phrase
    // in every line stays linear).
    let mut from = at.saturating_sub(48);
    while !sentence.is_char_boundary(from) {
        from += 1;
    }
    let before = sentence[from..at].trim_end();
    if sentence[..at].trim().is_empty() || before.ends_with([',', ';', ':', '(', '-', '—', '–'])
    {
        return true;
    }
    // The last word before it, or the last two ("per favore").
    let words: Vec<(usize, &str)> = before
        .split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .collect();
    words.iter().rev().take(2).any(|(i, _)| {
        let tail = &before[*i..];
        cx.find_list_at((cx.rule, "before_imperative"), None, tail, base + from + i)
            .iter()
            .any(|m| m.start == 0 && m.end == tail.len())
    })
}

/// A question that argues or jokes rather than asks: it opens with one of `rhetorical_openings`
/// ("Why should anyone ...?", "Did you know ...?", advice such as "Have you tried ...?"; after at
/// most one word such as "So" or "And"), holds one of `jabs` anywhere ("Are you saying ...?",
/// "Do you really ...?", "Or did you ...?"), or the writer answers it in the next sentence of its
/// paragraph ("..., do I? No, didn't think so.", "Can you say X? I knew you could";
/// `self_answers`).
fn put_aside(cx: &Context<'_>, flat: &str, range: std::ops::Range<usize>, sentence: &str) -> bool {
    let opens = cx
        .find_list_at(
            (cx.rule, "rhetorical_openings"),
            None,
            sentence,
            range.start,
        )
        .into_iter()
        .next()
        .is_some_and(|m| {
            // At most one word before it in its clause ("So why ...", "I may be dense, but why
            // would anyone ...").
            let clause = sentence[..m.start]
                .rsplit([',', ';', ':', '(', '—', '–'])
                .next()
                .unwrap_or("");
            clause.split_whitespace().count() <= 1
        });
    // A jab anywhere in it ("Or are you advocating that as well?", "Do you really think ...?",
    // "Did you actually read it ...?"): an argument, not a question to answer.
    if opens
        || !cx
            .find_list_at((cx.rule, "jabs"), None, sentence, range.start)
            .is_empty()
    {
        return true;
    }
    // An objection put as a question to a generic "you" ("However, how do you add features?",
    // "Tuttavia, come lo mantieni?", "Однако как вы это поддержите?"): it opens with one of
    // `objections` and is put to the reader only by a plain "do you" (`plainly_put`), with no
    // request phrase. "However, can you send it today?" still asks.
    if cx
        .find_list_at((cx.rule, "objections"), None, sentence, range.start)
        .first()
        .is_some_and(|m| m.start == 0)
        && plainly_put(cx, sentence, range.start)
        && cx
            .find_list_at((cx.rule, "requests"), None, sentence, range.start)
            .is_empty()
    {
        return true;
    }
    // The next sentence, up to its first 40 bytes, if it is in the same paragraph.
    let rest = &flat[range.end..];
    let next = rest.trim_start_matches([' ', '\t', '\n', '"', '\'', ')']);
    let gap = &rest[..rest.len() - next.len()];
    if next.is_empty() || gap.contains("\n\n") {
        return false;
    }
    let mut cut = next.len().min(40);
    while !next.is_char_boundary(cut) {
        cut -= 1;
    }
    let at = flat.len() - next.len();
    cx.find_list_at((cx.rule, "self_answers"), None, &next[..cut], at)
        .first()
        .is_some_and(|m| m.start == 0)
}

/// Sentences run over wrapped lines: a single line break reads as a space (same length, so
/// offsets stay valid); a blank line (or one of white space only) still ends a sentence, and so
/// does a rule line ("-----", "=====") with the line breaks on either side of it: a footer's "For
/// subscription changes, please use the form" under a rule is not the tail of the address block
/// above it (whose sentence would start at the block's "fax: 202-333-0072"). So does a caption
/// between two rules ("------- Additional Comments From jm 2002-09-21 16:39 -------", a bug
/// tracker's comment heading): the question under it starts its own sentence.
fn flatten(text: &str) -> String {
    let ruled = |c: char| matches!(c, '-' | '=' | '_' | '*' | '~' | '#' | '+');
    // Three rule characters at both ends: the rule alone, or a caption between two rules.
    let rule = |line: &str| {
        let line = line.trim();
        let edge = |run: Option<&str>| run.is_some_and(|r| r.chars().all(ruled));
        line.len() >= 3 && edge(line.get(..3)) && edge(line.get(line.len() - 3..))
    };
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        // A line of white space only (" ", as some clients write a blank line) is a blank line:
        // its bytes become line breaks.
        if line.trim().is_empty() {
            out.extend(std::iter::repeat_n('\n', line.len()));
        } else {
            out.push_str(line);
        }
        let Some(next) = lines.peek() else { break };
        let lone = !line.trim().is_empty() && !next.trim().is_empty();
        out.push(if lone && !rule(line) && !rule(next) {
            ' '
        } else {
            '\n'
        });
    }
    out
}

/// Characters of a run of white space and closing quotes or brackets kept as they are; the rest
/// of the run becomes line breaks (the same number of bytes, so offsets stay valid).
const MAX_PADDING: usize = 8;

/// Unicode's sentence rules look ahead from a full stop across the spaces and closing quotes
/// after it, at every place in that run: `x.` and 20,000 spaces cost 20,000² steps. A run
/// longer than [`MAX_PADDING`] is cut by line breaks, which end the sentence there (no reader
/// sees one sentence across a screen of blanks) and keep the splitting linear.
fn break_long_padding(flat: String) -> String {
    let padding = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | ')' | ']' | '}' | '»' | '«' | '“' | '”' | '‘' | '’' | '„'
            )
    };
    let mut run = 0usize;
    let mut long = false;
    for c in flat.chars() {
        run = if padding(c) { run + 1 } else { 0 };
        if run > MAX_PADDING {
            long = true;
            break;
        }
    }
    if !long {
        return flat;
    }
    let mut out = String::with_capacity(flat.len());
    run = 0;
    for c in flat.chars() {
        run = if padding(c) { run + 1 } else { 0 };
        if run > MAX_PADDING {
            out.extend(std::iter::repeat_n('\n', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

mod advisory;
mod brackets;
mod courtesy;
mod faq;
mod headings;
mod hypothetical;
mod items;
mod musing;
mod opinions;
mod prose;
mod remarks;
mod reminders;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_arguing;
#[cfg(test)]
mod tests_asides;
#[cfg(test)]
mod tests_courtesy;
#[cfg(test)]
mod tests_hypothetical;
#[cfg(test)]
mod tests_pasted;
#[cfg(test)]
mod tests_remarks;
#[cfg(test)]
mod tests_severity;
