//! The labelled set: at least 30 drafts per language, each with the rules it must and must not
//! raise (`tests/fixtures/labelled/<lang>.toml`). Any miss fails, with every miss listed.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Manifest {
    draft: Vec<Labelled>,
}

#[derive(Deserialize)]
struct Labelled {
    file: String,
    must: Vec<String>,
    must_not: Vec<String>,
    why: String,
}

fn check_language(lang: &str) -> Vec<String> {
    let path = root().join(format!("tests/fixtures/labelled/{lang}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let manifest: Manifest =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        manifest.draft.len() >= 30,
        "{lang}: only {} drafts",
        manifest.draft.len()
    );

    let paths: Vec<String> = manifest
        .draft
        .iter()
        .map(|d| format!("tests/fixtures/labelled/{lang}/{}", d.file))
        .collect();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let (code, findings) = check_json(&args);
    assert!(code == 0 || code == 1, "{lang}: exit {code}");

    let mut raised: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for f in &findings {
        raised
            .entry(f["file"].as_str().unwrap_or_default())
            .or_default()
            .insert(f["rule"].as_str().unwrap_or_default());
    }
    let mut misses = Vec::new();
    for (d, path) in manifest.draft.iter().zip(&paths) {
        let got = raised.get(path.as_str()).cloned().unwrap_or_default();
        for r in &d.must {
            if !got.contains(r.as_str()) {
                misses.push(format!("{path}: missed {r} ({})", d.why));
            }
        }
        for r in &d.must_not {
            if got.contains(r.as_str()) {
                misses.push(format!("{path}: false {r} ({})", d.why));
            }
        }
    }
    misses
}

#[test]
fn english() {
    let misses = check_language("en");
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn italian() {
    let misses = check_language("it");
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn russian() {
    let misses = check_language("ru");
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

/// A short message whose one request is its last paragraph already ends with its next step, and
/// one read at a glance buries nothing: the rule says so as a hint, not a warning; the same
/// request mid-message in a longer text stays a warning.
#[test]
fn short_reply_is_only_a_hint() {
    let severity = |file: &str| {
        let (_, findings) = check_json(&[file]);
        findings
            .iter()
            .find(|f| f["rule"] == "next-steps")
            .map(|f| f["severity"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(
        severity("tests/fixtures/labelled/en/45-short-reply-ends-with-its-question.eml").as_deref(),
        Some("hint")
    );
    for file in [
        "en/97-short-reply-bare-name.eml",
        "it/96-risposta-breve-solo-nome.eml",
        "ru/96-korotkiy-otvet-tolko-imya.eml",
        "en/141-short-ask-with-follow-on-question.eml",
        "it/141-short-ask-with-follow-on-question.eml",
        "ru/141-short-ask-with-follow-on-question.eml",
        "en/142-company-box-after-short-ask.eml",
        "it/142-company-box-after-short-ask.eml",
        "ru/142-company-box-after-short-ask.eml",
        "en/144-pgp-dash-escaped-signature.eml",
        "it/144-pgp-dash-escaped-signature.eml",
        "ru/144-pgp-dash-escaped-signature.eml",
        "en/147-ask-over-company-disclaimer.eml",
        "it/147-ask-over-company-disclaimer.eml",
        "ru/147-ask-over-company-disclaimer.eml",
        "en/156-headed-disclaimer-under-short-ask.eml",
        "it/156-headed-disclaimer-under-short-ask.eml",
        "ru/156-headed-disclaimer-under-short-ask.eml",
        "en/161-contact-block-under-short-ask.eml",
        "it/161-contact-block-under-short-ask.eml",
        "ru/161-contact-block-under-short-ask.eml",
        "en/173-short-ask-over-a-lists-ad.eml",
        "it/173-richiesta-breve-sopra-la-pubblicita-della-lista.eml",
        "ru/173-korotkaya-prosba-nad-reklamoj-spiska.eml",
        "en/175-short-ask-over-a-trackers-footer.eml",
        "it/175-richiesta-breve-sopra-il-pie-di-pagina-del-tracker.eml",
        "ru/175-korotkaya-prosba-nad-podvalom-trekera.eml",
    ] {
        let path = format!("tests/fixtures/labelled/{file}");
        assert_eq!(severity(&path).as_deref(), Some("hint"), "{file}");
    }
    // A message read at a glance (under 80 own words) buries nothing: its demand in the middle
    // is a hint; under a paragraph of background it is a warning.
    assert_eq!(
        severity("tests/fixtures/labelled/en/47-name-first-imperative-demand.eml").as_deref(),
        Some("hint")
    );
    for file in [
        "en/146-glance-and-longer-ask-mid-message.eml",
        "it/146-glance-and-longer-ask-mid-message.eml",
        "ru/146-glance-and-longer-ask-mid-message.eml",
    ] {
        let path = format!("tests/fixtures/labelled/{file}");
        assert_eq!(severity(&path).as_deref(), Some("warning"), "{file}");
    }
}

/// Issue 14 (helper B): a short help request whose one ask closes its prose, followed by a pasted
/// log: the log is not the writer's words, so the rule says it as a hint.
#[test]
fn pasted_output_is_not_prose() {
    for file in [
        "en/111-short-help-request-with-pasted-log.eml",
        "it/111-richiesta-breve-con-log.eml",
        "ru/111-korotkaya-prosba-s-logom.eml",
    ] {
        let path = format!("tests/fixtures/labelled/{file}");
        let (_, findings) = check_json(&[path.as_str()]);
        let severity = findings
            .iter()
            .find(|f| f["rule"] == "next-steps")
            .and_then(|f| f["severity"].as_str());
        assert_eq!(severity, Some("hint"), "{file}");
    }
}
