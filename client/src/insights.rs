//! What the map says about itself: the emotion curve (drawn across the top of
//! the board, and the same numbers as a table in the side panel) and the
//! voice balance.

use crate::i18n::tr;
use crate::map_state::MapState;
use comap_shared::insights::{ColumnCurve, curve_across, emotion_curve, voice_balance};
use leptos::prelude::*;

#[component]
pub fn Insights(state: MapState) -> impl IntoView {
    let curve = Memo::new(move |_| state.with_cards(emotion_curve));
    let balance = Memo::new(move |_| state.with_cards(voice_balance));
    view! {
        <section class="panel" aria-labelledby="curve-title">
            <h2 id="curve-title">{tr("emotion-curve")}</h2>
            <p class="help">{tr("emotion-curve-help")}</p>
            <table class="curve-table">
                <caption class="visually-hidden">{tr("emotion-curve")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr("stage")}</th>
                        <th scope="col">{tr("lived")}</th>
                        <th scope="col">{tr("staff")}</th>
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
                                        <td>{crate::words::curve_cell(p.lived)}</td>
                                        <td>{crate::words::curve_cell(p.staff)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </section>
        <section class="panel" aria-labelledby="balance-title">
            <h2 id="balance-title">{tr("voice-balance")}</h2>
            <p class="help">{tr("voice-balance-help")}</p>
            <ul class="balance">
                {move || {
                    balance
                        .get()
                        .into_iter()
                        .map(|(role, n)| view! { <li>{crate::t!("role-count", role = crate::words::role_name(role).as_str(), n = n)}</li> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

/// Heights in a curve cell's drawing, whose box is 100 by 40.
fn y(h: f32) -> f32 {
    4.0 + h * 32.0
}

/// One group's half-segments and dot within one stage's column.
fn column_line(c: ColumnCurve, class: &'static str) -> impl IntoView + use<> {
    let segment = |x1: f32, h1: Option<f32>, x2: f32, h2: Option<f32>, bridge: bool| {
        Some((x1, y(h1?), x2, y(h2?), bridge))
    };
    // Half-segments to the neighbours (dashed across a stage nobody felt
    // anything at), and a dot at the stage's own average.
    let parts: Vec<(f32, f32, f32, f32, bool)> = [
        segment(0.0, c.left, 50.0, c.mid, c.left_bridged),
        segment(50.0, c.mid, 100.0, c.right, c.right_bridged),
        segment(50.0, c.mid.filter(|_| !c.bridged), 50.0, c.mid, false),
    ]
    .into_iter()
    .flatten()
    .collect();
    view! {
        <g class=class>
            {parts
                .into_iter()
                .map(|(x1, y1, x2, y2, bridge)| {
                    let dot = x1 == x2;
                    view! {
                        <line
                            class:dot=dot
                            class:bridge=bridge
                            x1=x1
                            y1=y1
                            x2=x2
                            y2=y2
                            vector-effect="non-scaling-stroke"
                        />
                    }
                })
                .collect_view()}
        </g>
    }
}

/// The emotion curve across the top of the board: a row of the board's
/// table with one cell per stage, each drawing its part of the two lines
/// and saying the same in words for screen readers.
#[component]
pub fn CurveRow(state: MapState) -> impl IntoView {
    let curve = Memo::new(move |_| state.with_cards(emotion_curve));
    let any = move || curve.with(|c| c.iter().any(|p| p.lived.is_some() || p.staff.is_some()));
    view! {
        <Show when=any>
            <tr class="curve-row">
                <th scope="row">
                    <span class="curve-row-title">{tr("emotion-curve")}</span>
                    <span class="legend" aria-hidden="true">
                        <span class="key lived"></span>
                        {tr("lived")}
                        <br />
                        <span class="key staff"></span>
                        {tr("staff")}
                        <br />
                        {tr("curve-scale")}
                    </span>
                </th>
                {move || {
                    let points = curve.get();
                    let lived = curve_across(&points, true);
                    let staff = curve_across(&points, false);
                    points
                        .iter()
                        .zip(lived.into_iter().zip(staff))
                        .map(|(p, (l, s))| {
                            view! {
                                <td class="curve-cell">
                                    <svg
                                        viewBox="0 0 100 40"
                                        preserveAspectRatio="none"
                                        aria-hidden="true"
                                        focusable="false"
                                    >
                                        <line class="axis" x1="0" y1="20" x2="100" y2="20" vector-effect="non-scaling-stroke" />
                                        {column_line(l, "lived")}
                                        {column_line(s, "staff")}
                                    </svg>
                                    <span class="visually-hidden">
                                        {crate::words::curve_words(p.lived, p.staff)}
                                    </span>
                                </td>
                            }
                        })
                        .collect_view()
                }}
            </tr>
        </Show>
    }
}
