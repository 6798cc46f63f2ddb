//! Inline SVG charts of a KR's check-ins, with its target line and forecast.

use super::html::esc;
use crate::doc::quantity::parse_quantity;
use crate::score::KrScore;
use chrono::NaiveDate;

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 180.0;
const PAD: f64 = 36.0;

/// The chart for one KR, or `None` when it has no numeric check-ins to plot.
pub fn kr_chart(kr: &KrScore, start: NaiveDate, end: NaiveDate) -> Option<String> {
    let value = |s: &str| parse_quantity(s).ok().map(|q| q.written_value());
    let points: Vec<(NaiveDate, f64)> = kr
        .checkins
        .iter()
        .filter_map(|p| Some((p.date, value(&p.actual)?)))
        .collect();
    if points.is_empty() || end <= start {
        return None;
    }
    let target = kr.target.as_deref().and_then(value);
    let baseline = kr.baseline.as_deref().and_then(value);
    let forecast = kr
        .forecast
        .as_ref()
        .and_then(|f| Some((f.date, value(&f.actual)?)));
    let mut values: Vec<f64> = points.iter().map(|p| p.1).collect();
    values.extend(
        target
            .iter()
            .chain(baseline.iter())
            .chain(forecast.iter().map(|f| &f.1)),
    );
    let (low, high) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(*v), h.max(*v))
        });
    let span = if high > low { high - low } else { 1.0 };
    let days = (end - start).num_days().max(1) as f64;
    let x = |d: NaiveDate| {
        PAD + ((d - start).num_days() as f64 / days).clamp(0.0, 1.0) * (WIDTH - 2.0 * PAD)
    };
    let y = |v: f64| HEIGHT - PAD - (v - low) / span * (HEIGHT - 2.0 * PAD);
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(&format!("{} check-ins", kr.id)),
        esc(&format!("{}: check-ins against the target", kr.id))
    );
    svg.push_str(&format!(
        r#"<line class="axis" x1="{PAD}" y1="{b}" x2="{r}" y2="{b}"/>"#,
        b = HEIGHT - PAD,
        r = WIDTH - PAD
    ));
    if let Some(t) = target {
        svg.push_str(&format!(
            r#"<line class="target" x1="{PAD}" y1="{y:.1}" x2="{r}" y2="{y:.1}"/><text x="{r}" y="{ty:.1}" text-anchor="end">target {}</text>"#,
            esc(kr.target.as_deref().unwrap_or("")),
            y = y(t),
            ty = y(t) - 4.0,
            r = WIDTH - PAD
        ));
    }
    let line: Vec<String> = points
        .iter()
        .map(|(d, v)| format!("{:.1},{:.1}", x(*d), y(*v)))
        .collect();
    svg.push_str(&format!(
        r#"<polyline class="actual" points="{}"/>"#,
        line.join(" ")
    ));
    for (d, v) in &points {
        svg.push_str(&format!(
            r#"<circle class="point" cx="{:.1}" cy="{:.1}" r="3"/>"#,
            x(*d),
            y(*v)
        ));
    }
    if let (Some((fd, fv)), Some((ld, lv))) = (forecast, points.last()) {
        svg.push_str(&format!(
            r#"<line class="forecast" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
            x(*ld),
            y(*lv),
            x(fd),
            y(fv)
        ));
    }
    svg.push_str(&format!(
        r#"<text x="{PAD}" y="{}">{}</text><text x="{}" y="{}" text-anchor="end">{}</text></svg>"#,
        HEIGHT - 8.0,
        start,
        WIDTH - PAD,
        HEIGHT - 8.0,
        end
    ));
    Some(svg)
}
