//! Unit tests of `draft::html`.

use super::*;

fn text(html: &str) -> String {
    html_to_text(html).text
}

#[test]
fn the_table_that_panicked_html2text() {
    let t = html_to_text("<table><td colspan=4><td rowspan=2></table>");
    assert_eq!(t.text, "");
    assert!(t.notes.is_empty());
    let t = text("<table><tr><td colspan=4>a<td rowspan=2>b</table>");
    assert_eq!(t, "a | b\n");
}

#[test]
fn blocks_paragraphs_and_breaks() {
    assert_eq!(
        text("<p>One  two\nthree.</p><p>Four.</p><div>Five</div><div>Six<br>seven<br></div>"),
        "One two three.\n\nFour.\n\nFive\nSix\nseven\n"
    );
    // Gmail's empty line.
    assert_eq!(
        text("<div>Hi Anna,</div><div><br></div><div>thanks.</div>"),
        "Hi Anna,\n\nthanks.\n"
    );
    // Outlook's lines.
    assert_eq!(
        text(
            "<p class=MsoNormal>Hi Anna,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>thanks.</p>"
        ),
        "Hi Anna,\n\nthanks.\n"
    );
}

#[test]
fn tables_are_rows_of_cells_without_padding() {
    let t = text(
        "<p>Prices:</p><table><tr><th>Item</th><th>Price</th></tr>\
             <tr><td>Shoes</td><td>40 EUR</td></tr><tr><td></td><td>x</td></tr></table><p>End.</p>",
    );
    assert_eq!(t, "Prices:\n\nItem | Price\nShoes | 40 EUR\nx\n\nEnd.\n");
}

#[test]
fn lists_keep_their_markers() {
    let t = text(
        "<ol><li>Open the shop</li><li>Click <b>Add</b><ul><li>twice</li></ul></li></ol><ol start=7><li>seven</li></ol>",
    );
    assert_eq!(t, "1. Open the shop\n2. Click Add\n  - twice\n\n7. seven\n");
}

#[test]
fn links_keep_their_text_and_the_address_once() {
    assert_eq!(
        text(r#"<p>See <a href="https://example.com/guide">the guide</a>.</p>"#),
        "See the guide (https://example.com/guide).\n"
    );
    assert_eq!(
        text(
            r#"<p><a href="https://example.com">https://example.com</a> <a href="mailto:a@b.it">write</a></p>"#
        ),
        "https://example.com write\n"
    );
    assert_eq!(
        text(r#"<p><a href="https://example.com/p"><img src="p.jpg"></a>Shoes</p>"#),
        "Shoes\n"
    );
}

#[test]
fn hidden_things_give_no_text() {
    let t = text(
        "<html><head><title>T</title><style>p{color:red}</style></head><body>\
             <div style=\"display:none;max-height:0\">Preview text &zwnj;&nbsp;&zwnj;</div>\
             <span style='MAX-HEIGHT: 0px; overflow : hidden'>pre</span>\
             <script>alert(1)</script><p hidden>no</p>\
             <img src=\"https://t.example.com/p.gif\" width=1 height=1 alt=\"pixel\">\
             <p>Visible&#8203; text.</p><p style=\"visibility: hidden\">no</p></body></html>",
    );
    assert_eq!(t, "Visible text.\n");
}

#[test]
fn quotes_as_the_draft_reader_knows_them() {
    // Gmail.
    let t = text(
        "<div dir=ltr>Fine, thanks.</div><br><div class=\"gmail_quote gmail_quote_container\">\
             <div dir=\"ltr\" class=\"gmail_attr\">On Mon, 16 Nov 2026 at 08:02, Anna &lt;a@example.com&gt; wrote:<br></div>\
             <blockquote class=\"gmail_quote\" style=\"margin:0\"><div>This is RIDICULOUS!!!</div><div>Really.</div></blockquote></div>",
    );
    assert_eq!(
        t,
        "Fine, thanks.\n\nOn Mon, 16 Nov 2026 at 08:02, Anna <a@example.com> wrote:\n\n> This is RIDICULOUS!!!\n> Really.\n"
    );
    // Apple, nested.
    assert_eq!(
        text(
            "<div>Ok.</div><blockquote type=cite><div>a</div><blockquote type=cite>b</blockquote></blockquote>"
        ),
        "Ok.\n\n> a\n>\n> > b\n"
    );
    // Outlook: the header block stays, what follows is quoted.
    let t = text(
        "<div>Calm answer.</div><hr><div id=\"divRplyFwdMsg\"><b>From:</b> Anna<br><b>Sent:</b> Monday</div>\
             <div>You NEVER listen!!!</div>",
    );
    assert_eq!(
        t,
        "Calm answer.\n\nFrom: Anna\nSent: Monday\n> You NEVER listen!!!\n"
    );
    let t = text(
        "<p class=MsoNormal>Ok.</p><div><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>\
             <p class=MsoNormal><b>Da:</b> Anna<br><b>Inviato:</b> lunedì</p></div></div><p class=MsoNormal>Vergogna!</p>",
    );
    assert_eq!(t, "Ok.\nDa: Anna\nInviato: lunedì\n> Vergogna!\n");
}

#[test]
fn pre_keeps_its_lines() {
    assert_eq!(text("<pre>a  b\n\nc</pre><p>d</p>"), "a  b\n\nc\n\nd\n");
}

#[test]
fn deep_nesting_is_capped_with_a_note_and_keeps_the_text() {
    let html = format!("{}deep text{}", "<div>".repeat(5000), "</div>".repeat(5000));
    let t = html_to_text(&html);
    assert_eq!(t.text, "deep text\n");
    assert_eq!(t.notes.len(), 1);
    let html = format!("{}x", "<b>".repeat(20_000));
    assert_eq!(html_to_text(&html).text, "x\n");
    let html = format!("{}q", "<blockquote>".repeat(20_000));
    assert_eq!(html_to_text(&html).text, format!("{}q\n", "> ".repeat(8)));
    let html = format!("{}item", "<ul><li>".repeat(20_000));
    let t = html_to_text(&html).text;
    assert!(t.ends_with("- item\n") && t.len() < 100, "{t}");
}

#[test]
fn text_is_in_proportion_to_the_visible_text() {
    let row = "<tr><td width=600 style=\"padding:0\"><table><tr><td>a</td><td>b</td></tr></table></td></tr>";
    let html = format!("<table>{}</table>", row.repeat(2000));
    let t = text(&html);
    assert!(t.len() < html.len() / 10, "{}", t.len());
}
