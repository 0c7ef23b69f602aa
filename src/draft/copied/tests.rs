use super::*;

#[test]
fn speakers_and_dates() {
    assert_eq!(speaker("Ros: Would you care to estimate?"), Some("Ros"));
    assert_eq!(speaker("<anna> can you restart it?"), Some("anna"));
    assert_eq!(speaker("Note to self: buy milk"), None);
    assert_eq!(speaker("http://x.org: link"), None);
    assert_eq!(speaker("<anna@x.org> wrote"), None);
    assert!(has_year("July 18, 2002 1:01 pm PT"));
    assert!(has_year("2002-10-06T02:28:04+01:00"));
    assert!(has_year("06-10-2002"));
    assert!(!has_year("Order 120045"));
    assert!(!has_year("Security Advisory - RHSA-2002:158-09"));
    assert!(!has_year("PROJ-2026 release notes"));
    assert!(is_link_line("URL: http://x.org/a"));
    assert!(is_link_line("  http://x.org/a"));
    assert!(!is_link_line("see http://x.org/a for more"));
}
