//! Map templates: the stages and lanes a new map starts with. Data, not code.

use serde::{Deserialize, Serialize};

/// The templates a map can be created from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Template {
    PatientJourney,
    Blank,
}

struct TemplateData {
    stages: &'static [&'static str],
    lanes: &'static [&'static str],
}

const PATIENT_JOURNEY: TemplateData = TemplateData {
    stages: &[
        "Noticing a problem",
        "First contact",
        "Assessment",
        "Diagnosis",
        "Treatment",
        "Living with it",
    ],
    lanes: &[
        "What matters to me",
        "What I do",
        "What staff do",
        "Behind the scenes",
        "Feelings",
        "Pain points",
        "Ideas",
    ],
};

const BLANK: TemplateData = TemplateData {
    stages: &["Stage 1", "Stage 2", "Stage 3"],
    lanes: &["Notes"],
};

impl Template {
    pub const ALL: [Template; 2] = [Template::PatientJourney, Template::Blank];

    pub fn key(self) -> &'static str {
        match self {
            Template::PatientJourney => "patient-journey",
            Template::Blank => "blank",
        }
    }

    pub fn from_key(key: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Template::PatientJourney => "Patient journey",
            Template::Blank => "Blank",
        }
    }

    pub fn stage_names(self) -> &'static [&'static str] {
        self.data().stages
    }

    pub fn lane_names(self) -> &'static [&'static str] {
        self.data().lanes
    }

    fn data(self) -> &'static TemplateData {
        match self {
            Template::PatientJourney => &PATIENT_JOURNEY,
            Template::Blank => &BLANK,
        }
    }
}
