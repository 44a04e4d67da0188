//! Charts as SVG drawn from numbers: grouped bars and a line. Every value is written on
//! the chart, so it reads in black and white print as well as on screen.

use leptos::prelude::*;

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 36.0;
const COLOURS: [&str; 3] = ["#1f5f6b", "#c8702a", "#7a8f2b"];

fn short(label: &str) -> String {
    let chars: Vec<char> = label.chars().collect();
    if chars.len() > 10 {
        chars[..9].iter().collect::<String>() + "…"
    } else {
        label.to_owned()
    }
}

fn number(v: f64, percent: bool) -> String {
    if percent {
        format!("{:.0}%", v * 100.0)
    } else if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Bars for each label, one per series, with the values on top.
#[component]
pub fn BarChart(
    title: String,
    labels: Vec<String>,
    series: Vec<(String, Vec<f64>)>,
    #[prop(optional)] percent: bool,
) -> impl IntoView {
    let n = labels.len().max(1) as f64;
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .fold(0.0_f64, f64::max)
        .max(if percent { 0.01 } else { 1.0 });
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let group = plot_w / n;
    let k = series.len().max(1) as f64;
    let bar = (group * 0.8 / k).min(48.0);
    let y = move |v: f64| TOP + plot_h - v / max * plot_h;
    let bars = series
        .iter()
        .enumerate()
        .flat_map(|(s, (_, values))| {
            let colour = COLOURS[s % COLOURS.len()];
            values.iter().enumerate().map(move |(i, v)| {
                let x = LEFT + group * i as f64 + (group - bar * k) / 2.0 + bar * s as f64;
                let top = y(*v);
                view! {
                    <rect x=x y=top width=bar height=(TOP + plot_h - top).max(0.0) fill=colour />
                    <text x=x + bar / 2.0 y=top - 3.0 text-anchor="middle" font-size="11">{number(*v, percent)}</text>
                }
            })
        })
        .collect_view();
    let names = labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let x = LEFT + group * (i as f64 + 0.5);
            view! { <text x=x y=H - BOTTOM + 16.0 text-anchor="middle" font-size="11">{short(l)}</text> }
        })
        .collect_view();
    let legend = (series.len() > 1).then(|| {
        series
            .iter()
            .enumerate()
            .map(|(s, (name, _))| {
                let x = LEFT + 110.0 * s as f64;
                view! {
                    <rect x=x y=6.0 width=10.0 height=10.0 fill=COLOURS[s % COLOURS.len()] />
                    <text x=x + 14.0 y=15.0 font-size="11">{name.clone()}</text>
                }
            })
            .collect_view()
    });
    let label = title.clone();
    view! {
        <svg class="chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label data-testid="chart">
            <title>{title}</title>
            <line x1=LEFT y1=TOP + plot_h x2=W - RIGHT y2=TOP + plot_h stroke="#333" />
            <line x1=LEFT y1=TOP x2=W - RIGHT y2=TOP stroke="#ccc" stroke-dasharray="3 3" />
            <text x=LEFT - 4.0 y=TOP + 4.0 text-anchor="end" font-size="10">{number(max, percent)}</text>
            <text x=LEFT - 4.0 y=TOP + plot_h text-anchor="end" font-size="10">"0"</text>
            {bars}
            {names}
            {legend}
        </svg>
    }
}

/// A line over the labels on a fixed scale `low`–`high`; missing values leave a gap.
#[component]
pub fn LineChart(
    title: String,
    labels: Vec<String>,
    values: Vec<Option<f64>>,
    low: f64,
    high: f64,
) -> impl IntoView {
    let n = labels.len().max(1) as f64;
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let step = plot_w / n;
    let x = move |i: usize| LEFT + step * (i as f64 + 0.5);
    let y = move |v: f64| TOP + plot_h - (v - low) / (high - low) * plot_h;
    // Runs of consecutive values, each one polyline.
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => runs.last_mut().map(|r| r.push((x(i), y(*v)))).unwrap_or(()),
            None => runs.push(Vec::new()),
        }
    }
    let lines = runs
        .into_iter()
        .filter(|r| r.len() > 1)
        .map(|r| {
            let points = r
                .iter()
                .map(|(a, b)| format!("{a:.1},{b:.1}"))
                .collect::<Vec<_>>()
                .join(" ");
            view! { <polyline points=points fill="none" stroke=COLOURS[0] stroke-width="2" /> }
        })
        .collect_view();
    let dots = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .map(|(i, v)| {
            view! {
                <circle cx=x(i) cy=y(v) r="3.5" fill=COLOURS[0] />
                <text x=x(i) y=y(v) - 7.0 text-anchor="middle" font-size="11">{number(v, false)}</text>
            }
        })
        .collect_view();
    let names = labels
        .iter()
        .enumerate()
        .map(|(i, l)| view! { <text x=x(i) y=H - BOTTOM + 16.0 text-anchor="middle" font-size="11">{short(l)}</text> })
        .collect_view();
    let grid = [low, (low + high) / 2.0, high]
        .into_iter()
        .map(|g| {
            view! {
                <line x1=LEFT y1=y(g) x2=W - RIGHT y2=y(g) stroke="#ccc" stroke-dasharray="3 3" />
                <text x=LEFT - 4.0 y=y(g) + 4.0 text-anchor="end" font-size="10">{number(g, false)}</text>
            }
        })
        .collect_view();
    let label = title.clone();
    view! {
        <svg class="chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label data-testid="chart">
            <title>{title}</title>
            {grid}
            {lines}
            {dots}
            {names}
        </svg>
    }
}
