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
