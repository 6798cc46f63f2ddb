//! Inline SVG charts of a KR's check-ins, with its target line and forecast.

use super::html::esc;
use super::score::rag_text;
use crate::config::RagBands;
use crate::doc::quantity::parse_quantity;
use crate::report::Rung;
use crate::score::{rag, KrScore};
use chrono::NaiveDate;

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 200.0;
const PAD: f64 = 24.0;
/// Room on the left for the y-axis labels.
const LEFT: f64 = 72.0;
const TICKS: usize = 4;

/// `text` as a number in the unit the target is written in: `0.6s` on a `300 ms` target
/// is 600, and a bare `450` is taken as already in that unit. `None` when it is not a
/// number or is in a unit that does not compare.
pub fn in_target_unit(text: &str, target: Option<&str>) -> Option<f64> {
    let value = parse_quantity(text).ok()?;
    let Some((target, written)) = target.and_then(|t| Some((parse_quantity(t).ok()?, t))) else {
        return Some(value.written_value());
    };
    if value.is_bare() && target.needs_unit() {
        return Some(value.value);
    }
    value
        .dimension
        .compatible(&target.dimension)
        .then(|| value.value / target.written_factor(written))
}

/// Round tick values covering `low..high`: steps of 1, 2 or 5 times a power of ten.
fn ticks(low: f64, high: f64) -> Vec<f64> {
    let raw = (high - low) / TICKS as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(magnitude * 10.0);
    let first = (low / step).ceil() * step;
    (0..=TICKS + 1)
        .map(|i| first + i as f64 * step)
        .take_while(|v| *v <= high + step * 1e-9)
        .collect()
}

/// The zones a chart shades behind the check-ins.
pub enum Zones<'a> {
    /// A linear KR: the red, amber and green bands between baseline and target.
    Linear(&'a RagBands),
    /// A ladder KR: each rung, coloured by the band of its score.
    Ladder(&'a [Rung], &'a RagBands),
}

/// The chart for one KR, or `None` when it has no numeric check-ins to plot.
pub fn kr_chart(kr: &KrScore, start: NaiveDate, end: NaiveDate, zones: Zones) -> Option<String> {
    let target_text = kr.target.as_deref();
    let value = |s: &str| in_target_unit(s, target_text);
    let points: Vec<(NaiveDate, f64)> = kr
        .checkins
        .iter()
        .filter_map(|p| Some((p.date, value(&p.actual)?)))
        .collect();
    if points.is_empty() || end <= start {
        return None;
    }
    let target = target_text.and_then(value);
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
    let (low, high) = if high > low {
        (low, high)
    } else {
        (low - 1.0, high + 1.0)
    };
    let margin = (high - low) * 0.08;
    let (low, high) = (low - margin, high + margin);
    let span = high - low;
    let days = (end - start).num_days().max(1) as f64;
    let x = |d: NaiveDate| {
        LEFT + ((d - start).num_days() as f64 / days).clamp(0.0, 1.0) * (WIDTH - LEFT - PAD)
    };
    let y = |v: f64| HEIGHT - PAD - (v - low) / span * (HEIGHT - 2.0 * PAD);
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(&format!("{} check-ins", kr.id)),
        esc(&format!("{}: check-ins against the target", kr.id))
    );
    let unit = target_text.and_then(|t| Some((parse_quantity(t).ok()?, t)));
    let zone = |class: &str, a: f64, b: f64| {
        let (a, b) = (y(a).clamp(PAD, HEIGHT - PAD), y(b).clamp(PAD, HEIGHT - PAD));
        format!(
            r#"<rect class="zone-{class}" x="{LEFT}" y="{:.1}" width="{:.1}" height="{:.1}"/>"#,
            a.min(b),
            WIDTH - LEFT - PAD,
            (a - b).abs()
        )
    };
    match (zones, baseline, target) {
        (Zones::Linear(bands), Some(b), Some(t)) if kr.method == "linear" => {
            let at = |score: f64| b + score * (t - b);
            for (class, from, to) in [
                ("red", 0.0, bands.red),
                ("amber", bands.red, bands.amber),
                ("green", bands.amber, bands.green),
            ] {
                svg.push_str(&zone(class, at(from), at(to)));
            }
        }
        (Zones::Ladder(rungs, bands), _, _) => {
            let factor = unit.as_ref().map_or(1.0, |(q, w)| q.written_factor(w));
            for (lower, upper, score) in rungs {
                let class = rag_text(Some(rag(*score, bands)));
                let ends = (
                    lower.map_or(low, |l| l / factor),
                    upper.map_or(high, |u| u / factor),
                );
                svg.push_str(&zone(class, ends.0, ends.1));
            }
        }
        _ => {}
    }
    for tick in ticks(low, high) {
        let label = match &unit {
            Some((q, written)) => q.format_like(written, tick * q.written_factor(written)),
            None => format!("{tick}"),
        };
        svg.push_str(&format!(
            r#"<line class="tick" x1="{LEFT}" y1="{ty:.1}" x2="{r}" y2="{ty:.1}"/><text class="y-label" x="{lx}" y="{ly:.1}" text-anchor="end">{}</text>"#,
            esc(&label),
            ty = y(tick),
            ly = y(tick) + 4.0,
            lx = LEFT - 6.0,
            r = WIDTH - PAD
        ));
    }
    svg.push_str(&format!(
        r#"<line class="axis" x1="{LEFT}" y1="{b}" x2="{r}" y2="{b}"/><line class="axis" x1="{LEFT}" y1="{PAD}" x2="{LEFT}" y2="{b}"/>"#,
        b = HEIGHT - PAD,
        r = WIDTH - PAD
    ));
    if let Some(b) = baseline {
        svg.push_str(&format!(
            r#"<line class="baseline" x1="{LEFT}" y1="{y:.1}" x2="{r}" y2="{y:.1}"/><text x="{r}" y="{ty:.1}" text-anchor="end">baseline {}</text>"#,
            esc(kr.baseline.as_deref().unwrap_or("")),
            y = y(b),
            ty = y(b) + 12.0,
            r = WIDTH - PAD
        ));
    }
    if let Some(t) = target {
        svg.push_str(&format!(
            r#"<line class="target" x1="{LEFT}" y1="{y:.1}" x2="{r}" y2="{y:.1}"/><text x="{r}" y="{ty:.1}" text-anchor="end">target {}</text>"#,
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
            r#"<circle class="point" cx="{:.1}" cy="{:.1}" r="3" data-value="{}"/>"#,
            x(*d),
            y(*v),
            (v * 1000.0).round() / 1000.0
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
        r#"<text x="{LEFT}" y="{}">{}</text><text x="{}" y="{}" text-anchor="end">{}</text></svg>"#,
        HEIGHT - 8.0,
        start,
        WIDTH - PAD,
        HEIGHT - 8.0,
        end
    ));
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actuals_are_plotted_in_the_targets_unit() {
        assert_eq!(in_target_unit("0.6s", Some("300 ms")), Some(600.0));
        assert_eq!(in_target_unit("850 ms", Some("300 ms")), Some(850.0));
        assert_eq!(in_target_unit("450", Some("300 ms")), Some(450.0));
        assert_eq!(in_target_unit("2 weeks", Some("4 days")), Some(14.0));
        assert_eq!(in_target_unit("5 days", Some("25%")), None);
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(280.0, 870.0), vec![400.0, 600.0, 800.0]);
        assert_eq!(ticks(0.0, 10.0), vec![0.0, 5.0, 10.0]);
    }
}
