//! `--format html`: one self-contained page (no script, no fetch) with the charts drawn by
//! plotters as inline SVG (its SVG backend, no font files needed: text stays SVG text), and the
//! numbers as tables below them.

use std::fmt::Write;

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor;

use super::text::{duration_in, percent};
use super::{Report, WEEKDAYS};
use crate::i18n::{category_name, tr};
use crate::lang::Lang;
use crate::msg;

/// Colours of the categories, in order (then repeated).
const COLOURS: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

fn colour(i: usize, n: usize) -> RGBColor {
    // "other" (the last category) is always grey.
    if i + 1 == n {
        RGBColor(170, 170, 170)
    } else {
        COLOURS[i % COLOURS.len()]
    }
}

/// `&`, `<`, `>`, `"`, `'` as entities.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

type Drawn = Result<String, String>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// The label of a segment; with many segments, every few only, so they never overlap.
fn segment_label(labels: &[String], room: usize) -> impl Fn(&SegmentValue<u32>) -> String + '_ {
    let step = labels.len().div_ceil(room.max(1)).max(1);
    move |v| match v {
        SegmentValue::CenterOf(i) if (*i as usize).is_multiple_of(step) => {
            labels.get(*i as usize).cloned().unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// The far edge of segment `i` of `n`.
fn right_edge(i: u32, n: u32) -> SegmentValue<u32> {
    if i + 1 >= n {
        SegmentValue::Last
    } else {
        SegmentValue::Exact(i + 1)
    }
}

/// `n` segments (plotters' discrete ranges include their end).
fn segments(n: usize) -> std::ops::Range<u32> {
    0..(n.max(1) as u32 - 1)
}

/// Stacked bars: each period's requests by category, in percent.
fn category_chart(r: &Report, ui: Lang) -> Drawn {
    let mut svg = String::new();
    let labels: Vec<String> = r.periods.iter().map(|p| p.period.clone()).collect();
    let n = labels.len() as u32;
    {
        let root = SVGBackend::with_string(&mut svg, (900, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (plot, legend) = root.split_horizontally(720);
        let mut chart = ChartBuilder::on(&plot)
            .caption(tr(ui, "report-html-chart-categories"), ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(segments(labels.len()).into_segmented(), 0f64..100f64)
            .map_err(err)?;
        let fmt = segment_label(&labels, 12);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(labels.len().max(1))
            .x_label_formatter(&fmt)
            .y_desc(tr(ui, "report-html-percent-of-requests"))
            .draw()
            .map_err(err)?;
        let cats = r.categories.len();
        for (p, period) in r.periods.iter().enumerate() {
            let mut bottom = 0.0;
            for (c, count) in period.stats.categories.iter().enumerate() {
                let top = bottom + count.share * 100.0;
                if top > bottom {
                    let p = p as u32;
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [
                                (SegmentValue::Exact(p), bottom),
                                (right_edge(p, n), top.min(100.0)),
                            ],
                            colour(c, cats).filled(),
                        )))
                        .map_err(err)?;
                }
                bottom = top;
            }
        }
        for (c, name) in r.categories.iter().enumerate() {
            let y = 40 + 26 * c as i32;
            legend
                .draw(&Rectangle::new(
                    [(10, y), (26, y + 16)],
                    colour(c, cats).filled(),
                ))
                .map_err(err)?;
            let total = r.total.categories.get(c).map_or(0, |x| x.count);
            legend
                .draw(&Text::new(
                    format!("{} ({total})", category_name(ui, name)),
                    (32, y + 2),
                    ("sans-serif", 14),
                ))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Consecutive runs of `(segment, value)` points: a line never bridges a period without a value
/// (a period whose requests are all unanswered has no reply time; joining its neighbours would
/// draw a reply time it never had).
fn runs(points: &[(u32, f64)]) -> Vec<Vec<(u32, f64)>> {
    let mut out: Vec<Vec<(u32, f64)>> = Vec::new();
    for &(i, h) in points {
        match out.last_mut() {
            Some(run) if run.last().is_some_and(|&(j, _)| j + 1 == i) => run.push((i, h)),
            _ => out.push(vec![(i, h)]),
        }
    }
    out
}

/// Bars and labels of the answered and unanswered requests.
const ANSWERED: RGBColor = RGBColor(158, 202, 225);
const UNANSWERED: RGBColor = RGBColor(214, 39, 40);
const NOTE: RGBColor = RGBColor(90, 90, 90);

/// "3 of 4 unanswered" (the label over a period's bar); empty for a period without requests.
pub fn unanswered_label(requests: usize, unanswered: usize, ui: Lang) -> String {
    match (requests, unanswered) {
        (0, _) => String::new(),
        (_, 0) => tr(ui, "report-html-all-answered"),
        (n, u) => msg!("report-html-unanswered-of", unanswered = u, requests = n).text(ui),
    }
}

/// Median and 90th-percentile time to first reply per period, in hours; below them, on the same
/// periods, each period's requests split into answered and unanswered, labelled "3 of 4
/// unanswered": reply times are those of the answered requests only, so a period where most
/// requests got no answer must not read as a fast one.
fn reply_chart(r: &Report, ui: Lang) -> Drawn {
    let mut svg = String::new();
    let labels: Vec<String> = r.periods.iter().map(|p| p.period.clone()).collect();
    let n = labels.len() as u32;
    let hours = |s: Option<i64>| s.map(|s| s as f64 / 3600.0);
    let median: Vec<(u32, f64)> = r
        .periods
        .iter()
        .enumerate()
        .filter_map(|(i, p)| hours(p.stats.replies.median_seconds).map(|h| (i as u32, h)))
        .collect();
    let p90: Vec<(u32, f64)> = r
        .periods
        .iter()
        .enumerate()
        .filter_map(|(i, p)| hours(p.stats.replies.p90_seconds).map(|h| (i as u32, h)))
        .collect();
    let top = p90
        .iter()
        .chain(&median)
        .map(|&(_, h)| h)
        .fold(24.0_f64, f64::max)
        * 1.15;
    let most = r
        .periods
        .iter()
        .map(|p| p.stats.requests)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let answered_colour = ANSWERED;
    let unanswered_colour = UNANSWERED;
    {
        let root = SVGBackend::with_string(&mut svg, (900, 600)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (upper, lower) = root.split_vertically(360);
        let mut chart = ChartBuilder::on(&upper)
            .caption(tr(ui, "report-html-chart-reply-time"), ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(50)
            .build_cartesian_2d(segments(labels.len()).into_segmented(), 0f64..top)
            .map_err(err)?;
        let fmt = segment_label(&labels, 12);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(labels.len().max(1))
            .x_label_formatter(&fmt)
            .y_desc(tr(ui, "report-html-hours"))
            .draw()
            .map_err(err)?;
        let at = |i: u32| SegmentValue::CenterOf(i);
        let day = RGBColor(214, 39, 40);
        chart
            .draw_series(LineSeries::new(
                [(SegmentValue::Exact(0), 24.0), (SegmentValue::Last, 24.0)],
                day.stroke_width(1),
            ))
            .map_err(err)?
            .label(tr(ui, "report-html-24-hours"))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], day));
        for (series, name, c) in [
            (
                &median,
                tr(ui, "report-html-median"),
                RGBColor(31, 119, 180),
            ),
            (&p90, tr(ui, "report-html-p90"), RGBColor(255, 127, 14)),
        ] {
            for run in runs(series) {
                chart
                    .draw_series(LineSeries::new(
                        run.iter().map(|&(i, h)| (at(i), h)),
                        c.stroke_width(2),
                    ))
                    .map_err(err)?;
            }
            chart
                .draw_series(
                    series
                        .iter()
                        .map(|&(i, h)| Circle::new((at(i), h), 4, c.filled())),
                )
                .map_err(err)?
                .label(name)
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], c.stroke_width(2)));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(err)?;

        let mut counts = ChartBuilder::on(&lower)
            .caption(tr(ui, "report-html-chart-answered"), ("sans-serif", 16))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(50)
            .build_cartesian_2d(segments(labels.len()).into_segmented(), 0f64..most * 1.7)
            .map_err(err)?;
        let fmt = segment_label(&labels, 12);
        counts
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(labels.len().max(1))
            .x_label_formatter(&fmt)
            .y_labels(4)
            .y_label_formatter(&|v: &f64| format!("{v:.0}"))
            .y_desc(tr(ui, "report-html-requests"))
            .draw()
            .map_err(err)?;
        let bar = |i: u32, from: f64, to: f64, c: RGBColor| {
            let mut b = Rectangle::new(
                [(SegmentValue::Exact(i), from), (right_edge(i, n), to)],
                c.filled(),
            );
            b.set_margin(0, 0, 12, 12);
            b
        };
        let answered: Vec<_> = r
            .periods
            .iter()
            .enumerate()
            .filter(|(_, p)| p.stats.replies.answered > 0)
            .map(|(i, p)| {
                bar(
                    i as u32,
                    0.0,
                    p.stats.replies.answered as f64,
                    answered_colour,
                )
            })
            .collect();
        counts
            .draw_series(answered)
            .map_err(err)?
            .label(tr(ui, "report-html-answered"))
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 16, y + 5)], answered_colour.filled())
            });
        let unanswered: Vec<_> = r
            .periods
            .iter()
            .enumerate()
            .filter(|(_, p)| p.stats.replies.unanswered > 0)
            .map(|(i, p)| {
                let a = p.stats.replies.answered as f64;
                bar(
                    i as u32,
                    a,
                    a + p.stats.replies.unanswered as f64,
                    unanswered_colour,
                )
            })
            .collect();
        counts
            .draw_series(unanswered)
            .map_err(err)?
            .label(tr(ui, "report-html-unanswered"))
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 16, y + 5)], unanswered_colour.filled())
            });
        let text_style = |c: &'static RGBColor| {
            TextStyle::from(("sans-serif", 13).into_font())
                .color(c)
                .pos(text_anchor::Pos::new(
                    text_anchor::HPos::Center,
                    text_anchor::VPos::Bottom,
                ))
        };
        let notes: Vec<_> = r
            .periods
            .iter()
            .enumerate()
            .filter(|(_, p)| p.stats.requests > 0)
            .map(|(i, p)| {
                let x = &p.stats.replies;
                let c = if x.unanswered > 0 { &UNANSWERED } else { &NOTE };
                Text::new(
                    unanswered_label(p.stats.requests, x.unanswered, ui),
                    (at(i as u32), p.stats.requests as f64 + most * 0.04),
                    text_style(c),
                )
            })
            .collect();
        counts.draw_series(notes).map_err(err)?;
        counts
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Requests per weekday and hour, as a heat map.
fn hours_chart(r: &Report, ui: Lang) -> Drawn {
    let mut svg = String::new();
    let max = r.hours.iter().flatten().copied().max().unwrap_or(0).max(1);
    let days: Vec<String> = (0..WEEKDAYS.len())
        .rev()
        .map(|i| crate::i18n::weekday_in(i, ui))
        .collect();
    let hours: Vec<String> = (0..24).map(|h| format!("{h:02}")).collect();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 330)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                msg!("report-html-chart-hours", timezone = r.timezone.as_str()).text(ui),
                ("sans-serif", 18),
            )
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(50)
            .build_cartesian_2d(segments(24).into_segmented(), segments(7).into_segmented())
            .map_err(err)?;
        let fx = segment_label(&hours, 24);
        let fy = segment_label(&days, 7);
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(24)
            .y_labels(7)
            .x_label_formatter(&fx)
            .y_label_formatter(&fy)
            .draw()
            .map_err(err)?;
        let cells = r.hours.iter().enumerate().flat_map(|(d, row)| {
            row.iter().enumerate().map(move |(h, &count)| {
                let t = f64::from(count) / f64::from(max);
                let mixc = |from: u8, to: u8| {
                    (f64::from(from) + (f64::from(to) - f64::from(from)) * t) as u8
                };
                let fill = RGBColor(mixc(247, 8), mixc(251, 69), mixc(255, 148));
                let (h, y) = (h as u32, 6 - d as u32);
                Rectangle::new(
                    [
                        (SegmentValue::Exact(h), SegmentValue::Exact(y)),
                        (right_edge(h, 24), right_edge(y, 7)),
                    ],
                    fill.filled(),
                )
            })
        });
        chart.draw_series(cells).map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:960px;\
color:#222}h1{font-size:1.6em}h2{margin-top:2em;font-size:1.25em}table{border-collapse:collapse;\
margin:.5em 0}th,td{padding:.25em .7em;border-bottom:1px solid #ddd;text-align:right}\
th:first-child,td:first-child{text-align:left}figure{margin:1em 0}.chart svg{max-width:100%;\
height:auto}.up{color:#b22}.down{color:#272}.note{color:#666}blockquote{margin:.3em 0 .8em 1em;\
color:#444}";

/// The page.
pub fn render(r: &Report, within_days: u32, ui: Lang) -> String {
    let mut out = String::new();
    let range = match (r.from, r.to) {
        (Some(f), Some(t)) => msg!("report-range", from = f.to_string(), to = t.to_string()),
        _ => msg!("report-no-requests"),
    }
    .text(ui);
    let title = msg!("report-html-title", range = range).text(ui);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        ui.code(),
        escape(&title)
    );
    let per = if r.per == super::Per::Week {
        msg!("report-per-week")
    } else {
        msg!("report-per-month")
    };
    let summary = msg!(
        "report-html-summary",
        requests = r.total.requests,
        clients = r.total.clients,
        messages = r.messages,
        per = per,
        timezone = r.timezone.as_str()
    );
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p>{}</p>",
        escape(&title),
        escape(&summary.text(ui))
    );
    for (id, title, drawn) in [
        (
            "chart-categories",
            tr(ui, "report-html-what"),
            category_chart(r, ui),
        ),
        (
            "chart-replies",
            tr(ui, "report-html-how-fast"),
            reply_chart(r, ui),
        ),
        (
            "chart-hours",
            tr(ui, "report-html-when"),
            hours_chart(r, ui),
        ),
    ] {
        let _ = writeln!(out, "<h2>{title}</h2>");
        match drawn {
            Ok(svg) => {
                let _ = writeln!(
                    out,
                    "<figure class=\"chart\" id=\"{id}\">\n{svg}\n</figure>"
                );
            }
            Err(e) => {
                let _ = writeln!(
                    out,
                    "<p class=\"note\">{}</p>",
                    escape(&msg!("report-html-no-chart", error = e).text(ui))
                );
            }
        }
    }

    // Categories per period.
    let _ = write!(
        out,
        "<h2>{}</h2>\n<table id=\"categories\">\n<tr><th>{}</th>",
        tr(ui, "report-html-per-period"),
        tr(ui, "report-col-category")
    );
    for p in &r.periods {
        let _ = write!(out, "<th>{}</th>", escape(&p.period));
    }
    let _ = writeln!(out, "<th>{}</th></tr>", tr(ui, "report-html-all"));
    for (c, name) in r.categories.iter().enumerate() {
        let _ = write!(out, "<tr><td>{}</td>", escape(&category_name(ui, name)));
        for p in &r.periods {
            let Some(x) = p.stats.categories.get(c) else {
                continue;
            };
            let change = match x.change {
                Some(d) if d > 0 => format!(" <span class=\"up\">+{d}</span>"),
                Some(d) if d < 0 => format!(" <span class=\"down\">{d}</span>"),
                _ => String::new(),
            };
            let _ = write!(out, "<td>{} ({}){change}</td>", x.count, percent(x.share));
        }
        let all = r.total.categories.get(c);
        let _ = writeln!(
            out,
            "<td>{} ({})</td></tr>",
            all.map_or(0, |x| x.count),
            percent(all.map_or(0.0, |x| x.share))
        );
    }
    let _ = write!(out, "<tr><th>{}</th>", tr(ui, "report-col-requests"));
    for p in &r.periods {
        let _ = write!(out, "<th>{}</th>", p.stats.requests);
    }
    let _ = writeln!(out, "<th>{}</th></tr>\n</table>", r.total.requests);

    // Replies per period.
    let within = msg!("report-html-within", days = within_days).text(ui);
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<table id=\"replies\">\n<tr><th>{}</th><th>{}</th>\
         <th>{}</th><th>{}</th><th>{within}</th>\
         <th>{}</th></tr>",
        tr(ui, "report-html-replies"),
        tr(ui, "report-html-period"),
        tr(ui, "report-html-answered"),
        tr(ui, "report-html-median"),
        tr(ui, "report-html-p90"),
        tr(ui, "report-html-unanswered-open"),
    );
    let all = tr(ui, "report-html-all");
    let rows = r
        .periods
        .iter()
        .map(|p| (p.period.as_str(), &p.stats))
        .chain(std::iter::once((all.as_str(), &r.total)));
    for (label, s) in rows {
        let x = &s.replies;
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} ({})</td></tr>",
            escape(label),
            x.answered,
            x.median_seconds.map_or("–".into(), |d| duration_in(d, ui)),
            x.p90_seconds.map_or("–".into(), |d| duration_in(d, ui)),
            x.within_deadline_share.map_or("–".into(), |v| msg!(
                "report-html-of",
                within = x.within_deadline,
                judged = s.requests - x.open,
                share = percent(v)
            )
            .text(ui)),
            x.unanswered,
            x.open
        );
    }
    out.push_str("</table>\n");

    if !r.faq.is_empty() {
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<p class=\"note\">{}</p>\n<ol id=\"faq\">",
            tr(ui, "report-html-faq"),
            tr(ui, "report-html-faq-note")
        );
        for f in &r.faq {
            let asked = msg!(
                "report-html-faq-count",
                requests = f.requests,
                clients = f.clients
            );
            let _ = writeln!(
                out,
                "<li><b>{}</b>: {}<blockquote>{} ({}): <i>{}</i><br>{}\
                 </blockquote></li>",
                escape(&category_name(ui, &f.category)),
                escape(&asked.text(ui)),
                escape(&f.example.from),
                f.example.date.format("%Y-%m-%d %H:%M"),
                escape(&f.example.subject),
                escape(&f.example.excerpt)
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_where_a_period_has_no_reply_time() {
        let r = runs(&[(0, 1.0), (1, 2.0), (3, 4.0)]);
        assert_eq!(r, vec![vec![(0, 1.0), (1, 2.0)], vec![(3, 4.0)]]);
        assert_eq!(unanswered_label(4, 3, Lang::En), "3 of 4 unanswered");
        assert_eq!(unanswered_label(2, 0, Lang::En), "all answered");
        assert_eq!(unanswered_label(0, 0, Lang::En), "");
        assert_eq!(unanswered_label(4, 3, Lang::Ru), "без ответа 3 из 4");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<b>\"a\" & 'b'</b>"),
            "&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/b&gt;"
        );
    }
}
