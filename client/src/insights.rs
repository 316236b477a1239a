//! What the map says about itself: the emotion curve (a drawing and the same
//! numbers as a table) and the voice balance.

use crate::connection::MapState;
use crate::text;
use comap_shared::insights::{CurvePoint, emotion_curve, voice_balance};
use leptos::prelude::*;

const WIDTH: f32 = 240.0;
const HEIGHT: f32 = 100.0;

type Pick = fn(&CurvePoint) -> Option<(f32, usize)>;

/// Where one group's points are drawn; stages without feelings are skipped.
fn coords(points: &[CurvePoint], pick: Pick) -> Vec<(f32, f32)> {
    let n = points.len().max(1) as f32;
    points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let (avg, _) = pick(p)?;
            let x = (i as f32 + 0.5) / n * WIDTH;
            let y = HEIGHT / 2.0 - avg / 2.0 * (HEIGHT / 2.0 - 8.0);
            Some((x, y))
        })
        .collect()
}

/// One group's line, with a dot at each stage (so a single stage shows too).
fn group_line(points: &[CurvePoint], pick: Pick, class: &'static str) -> impl IntoView + use<> {
    let xy = coords(points, pick);
    let line: Vec<String> = xy.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    view! {
        <g class=class>
            <polyline points=line.join(" ") />
            {xy
                .into_iter()
                .map(|(x, y)| view! { <circle cx=x cy=y r="4" /> })
                .collect_view()}
        </g>
    }
}

#[component]
pub fn Insights(state: MapState) -> impl IntoView {
    let curve = Memo::new(move |_| {
        state
            .map
            .with(|m| m.as_ref().map(emotion_curve).unwrap_or_default())
    });
    let balance = Memo::new(move |_| {
        state
            .map
            .with(|m| m.as_ref().map(voice_balance).unwrap_or_default())
    });
    view! {
        <section class="panel" aria-labelledby="curve-title">
            <h2 id="curve-title">{text::EMOTION_CURVE}</h2>
            <p class="help">{text::EMOTION_CURVE_HELP}</p>
            <svg
                class="curve"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                aria-hidden="true"
                focusable="false"
            >
                <line class="axis" x1="0" y1=HEIGHT / 2.0 x2=WIDTH y2=HEIGHT / 2.0 />
                {move || curve.with(|c| group_line(c, |p| p.lived, "lived"))}
                {move || curve.with(|c| group_line(c, |p| p.staff, "staff"))}
            </svg>
            <p class="legend" aria-hidden="true">
                <span class="key lived"></span>
                {text::LIVED}
                " "
                <span class="key staff"></span>
                {text::STAFF}
            </p>
            <table class="curve-table">
                <caption class="visually-hidden">{text::EMOTION_CURVE}</caption>
                <thead>
                    <tr>
                        <th scope="col">{text::STAGE}</th>
                        <th scope="col">{text::LIVED}</th>
                        <th scope="col">{text::STAFF}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        curve
                            .get()
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <tr>
                                        <th scope="row">{p.stage_name.clone()}</th>
                                        <td>{text::curve_cell(p.lived)}</td>
                                        <td>{text::curve_cell(p.staff)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </section>
        <section class="panel" aria-labelledby="balance-title">
            <h2 id="balance-title">{text::VOICE_BALANCE}</h2>
            <p class="help">{text::VOICE_BALANCE_HELP}</p>
            <ul class="balance">
                {move || {
                    balance
                        .get()
                        .into_iter()
                        .map(|(role, n)| view! { <li>{format!("{}: {n}", role.label())}</li> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
