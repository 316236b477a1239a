//! What the map shows about itself: the emotion curve across the stages and
//! the voice balance. Computed from `MapView`, never stored.

use crate::ids::StageId;
use crate::model::{Card, MapView, Role};

/// The average emotion at one stage, for each of the two groups.
#[derive(Debug, Clone, PartialEq)]
pub struct CurvePoint {
    pub stage: StageId,
    pub stage_name: String,
    /// Patients and carers: the average emotion and how many feelings.
    pub lived: Option<(f32, usize)>,
    /// Health professionals.
    pub staff: Option<(f32, usize)>,
}

fn average(emotions: impl Iterator<Item = i8>) -> Option<(f32, usize)> {
    let (sum, n) = emotions.fold((0i32, 0usize), |(s, n), e| (s + i32::from(e), n + 1));
    (n > 0).then(|| (sum as f32 / n as f32, n))
}

/// One point per stage, in stage order, from the cards that carry a feeling.
/// Cards by people in the "other" role count in neither line.
pub fn emotion_curve(view: &MapView) -> Vec<CurvePoint> {
    let felt = |stage: &StageId, lived: bool| -> Option<(f32, usize)> {
        average(
            view.cards
                .iter()
                .filter(|c| &c.stage == stage)
                .filter(|c| match c.role {
                    Role::Patient | Role::Carer => lived,
                    Role::Professional => !lived,
                    Role::Other => false,
                })
                .filter_map(|c: &Card| c.feeling.as_ref().map(|f| f.emotion)),
        )
    };
    view.stages
        .iter()
        .map(|s| CurvePoint {
            stage: s.id.clone(),
            stage_name: s.name.clone(),
            lived: felt(&s.id, true),
            staff: felt(&s.id, false),
        })
        .collect()
}

/// How many cards came from each role (the Unsorted tray included).
pub fn voice_balance(view: &MapView) -> Vec<(Role, usize)> {
    Role::ALL
        .iter()
        .map(|r| {
            let n = view
                .cards
                .iter()
                .chain(view.unsorted.iter())
                .filter(|c| c.role == *r)
                .count();
            (*r, n)
        })
        .collect()
}

/// One group's curve where it crosses one stage's column, as heights from 0
/// (top, +2 very good) to 1 (bottom, −2 very bad): at the column's left edge
/// (halfway from the stage before), its middle, and its right edge. Drawing
/// each column's two half-segments side by side makes one continuous line
/// across the top of the board.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnCurve {
    pub left: Option<f32>,
    pub mid: Option<f32>,
    pub right: Option<f32>,
    /// Nobody felt anything at this stage: `mid` is on the line between
    /// its neighbours.
    pub bridged: bool,
    /// The half-segments that touch a bridged stage (drawn dashed).
    pub left_bridged: bool,
    pub right_bridged: bool,
}

/// The curve of patients and carers (`lived`) or of professionals, column by
/// column: one line across the stages. A stage without feelings between two
/// with feelings is bridged (the line runs straight across it, `bridged`,
/// drawn dashed, with no dot); before the first and after the last stage
/// with feelings there is no line.
pub fn curve_across(points: &[CurvePoint], lived: bool) -> Vec<ColumnCurve> {
    let height = |p: &CurvePoint| {
        let v = if lived { p.lived } else { p.staff };
        v.map(|(avg, _)| (2.0 - avg) / 4.0)
    };
    let felt: Vec<Option<f32>> = points.iter().map(height).collect();
    // Each stage's height: its own, or on the straight line between the
    // nearest stages with feelings on either side.
    let heights: Vec<Option<f32>> = (0..felt.len())
        .map(|i| {
            felt[i].or_else(|| {
                let (p, hp) = (0..i).rev().find_map(|j| felt[j].map(|h| (j, h)))?;
                let (n, hn) = (i + 1..felt.len()).find_map(|j| felt[j].map(|h| (j, h)))?;
                Some(hp + (hn - hp) * (i - p) as f32 / (n - p) as f32)
            })
        })
        .collect();
    let bridged = |i: usize| felt[i].is_none() && heights[i].is_some();
    let halfway = |a: Option<f32>, b: Option<f32>| Some((a? + b?) / 2.0);
    (0..heights.len())
        .map(|i| {
            let mid = heights[i];
            let before = i.checked_sub(1).and_then(|j| heights[j]);
            let after = heights.get(i + 1).copied().flatten();
            ColumnCurve {
                left: halfway(before, mid),
                mid,
                right: halfway(mid, after),
                bridged: bridged(i),
                left_bridged: bridged(i) || i.checked_sub(1).is_some_and(bridged),
                right_bridged: bridged(i) || (i + 1 < heights.len() && bridged(i + 1)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(lived: Option<f32>) -> CurvePoint {
        CurvePoint {
            stage: StageId::from_key("s"),
            stage_name: String::new(),
            lived: lived.map(|v| (v, 1)),
            staff: None,
        }
    }

    #[test]
    fn the_curve_runs_across_stages_where_nobody_felt() {
        let points = [
            point(None),
            point(Some(2.0)),
            point(Some(-2.0)),
            point(None),
            point(Some(0.0)),
            point(None),
        ];
        let across = curve_across(&points, true);
        // Before the first feeling and after the last: no line.
        assert_eq!(across[0].mid, None);
        assert_eq!(across[0].right, None);
        assert_eq!(across[5].mid, None);
        assert_eq!(across[4].right, None);
        assert!(!across[0].bridged && !across[5].bridged);
        assert_eq!(
            across[1],
            ColumnCurve {
                left: None,
                mid: Some(0.0),
                right: Some(0.5),
                bridged: false,
                left_bridged: false,
                right_bridged: false,
            }
        );
        // Stage 3 sits halfway between -2 (height 1.0) and 0 (height 0.5).
        assert_eq!(
            across[3],
            ColumnCurve {
                left: Some(0.875),
                mid: Some(0.75),
                right: Some(0.625),
                bridged: true,
                left_bridged: true,
                right_bridged: true,
            }
        );
        assert!(across[2].right_bridged && !across[2].left_bridged);
        assert!(across[4].left_bridged && !across[4].right_bridged);
        assert!(curve_across(&points, false).iter().all(|c| c.mid.is_none()));
    }
}
