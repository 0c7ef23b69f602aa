use super::super::NextSteps;
use crate::draft::Lang;
use crate::rules::testing::*;

fn asks(lang: Lang, body: &str) -> usize {
    let d = draft(Some(lang), body);
    run(&NextSteps, &d).len()
}

/// A FAQ (question headings, each over the writer's answer) asks nothing; a question the writer
/// closes on, a heading worded as a request and questions in a text of too few pairs still ask.
#[test]
fn a_faqs_questions_are_headings() {
    for (lang, pairs, closing, request) in [
        (
            Lang::En,
            [
                (
                    "What is the delivery window?",
                    "Orders placed before noon leave the warehouse the same day and reach most \
                     addresses in the country within two working days.",
                ),
                (
                    "How do I track my parcel?",
                    "Every order confirmation carries a tracking link that shows where the parcel \
                     is and when the courier expects to arrive.",
                ),
                (
                    "Does the courier need a signature?",
                    "Only for parcels worth more than two hundred euros, which the courier hands \
                     over in person and never leaves at the door.",
                ),
            ],
            "Can you confirm the delivery address?",
            "Could you check the parcel size?",
        ),
        (
            Lang::It,
            [
                (
                    "Quando parte il mio ordine?",
                    "Gli ordini fatti prima di mezzogiorno partono dal magazzino in giornata e \
                     arrivano quasi ovunque in Italia entro due giorni lavorativi.",
                ),
                (
                    "Posso seguire il mio pacco?",
                    "Ogni conferma d'ordine contiene un link di tracciamento che mostra dove si \
                     trova il pacco e quando arriverà il corriere.",
                ),
                (
                    "Devo firmare alla consegna?",
                    "Solo per i pacchi di valore superiore a duecento euro, che il corriere \
                     consegna di persona e non lascia mai alla porta.",
                ),
            ],
            "Puoi confermare l'indirizzo di consegna?",
            "Potresti controllare le misure del pacco?",
        ),
        (
            Lang::Ru,
            [
                (
                    "Когда уходит мой заказ?",
                    "Заказы, сделанные до полудня, уходят со склада в тот же день и приходят в \
                     большинство городов страны за два рабочих дня.",
                ),
                (
                    "Можно ли отследить посылку?",
                    "В каждом подтверждении заказа есть ссылка для отслеживания, которая \
                     показывает, где посылка и когда приедет курьер.",
                ),
                (
                    "Нужно ли расписаться при получении?",
                    "Только для посылок дороже двухсот евро, которые курьер передаёт лично и \
                     никогда не оставляет у двери.",
                ),
            ],
            "Можете подтвердить адрес доставки?",
            "Можете проверить размер посылки?",
        ),
    ] {
        let faq = |n: usize| {
            pairs[..n]
                .iter()
                .map(|(q, a)| format!("{q}\n\n{a}"))
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        assert_eq!(asks(lang, &faq(3)), 0, "{lang}");
        // Near misses: the client's own question closing the FAQ-style draft still asks.
        assert_eq!(
            asks(lang, &format!("{}\n\n{closing}", faq(3))),
            1,
            "{lang} closing"
        );
        // A heading worded as a request asks, over its paragraph too.
        let asking = format!("{}\n\n{request}\n\n{}", faq(3), pairs[0].1);
        assert_eq!(asks(lang, &asking), 1, "{lang} request heading");
        // Two pairs are no FAQ: their questions are read as usual.
        assert!(asks(lang, &faq(2)) >= 1, "{lang} two pairs: {}", faq(2));
    }
}
