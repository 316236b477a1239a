//! Map templates: the stages and lanes a new map starts with. Data, not code.

use serde::{Deserialize, Serialize};

/// The templates a map can be created from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Template {
    PatientJourney,
    ServiceBlueprint,
    EmotionalMapping,
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

/// A service blueprint: the steps of one visit, and what happens at each in
/// front of the patient and behind the scenes.
const SERVICE_BLUEPRINT: TemplateData = TemplateData {
    stages: &[
        "Before",
        "Arriving",
        "During the visit",
        "Leaving",
        "Afterwards",
    ],
    lanes: &[
        "Physical evidence",
        "Patient actions",
        "Front stage",
        "Backstage",
        "Support processes",
    ],
};

/// Emotional mapping as in experience-based co-design: the key moments of
/// the journey and how each felt.
const EMOTIONAL_MAPPING: TemplateData = TemplateData {
    stages: &[
        "Referral",
        "First appointment",
        "Tests",
        "Results",
        "Treatment",
        "Follow-up",
    ],
    lanes: &[
        "Key moment",
        "Feelings",
        "What made it better",
        "What made it worse",
    ],
};

const BLANK: TemplateData = TemplateData {
    stages: &["Stage 1", "Stage 2", "Stage 3"],
    lanes: &["Notes"],
};

impl Template {
    pub const ALL: [Template; 4] = [
        Template::PatientJourney,
        Template::ServiceBlueprint,
        Template::EmotionalMapping,
        Template::Blank,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Template::PatientJourney => "patient-journey",
            Template::ServiceBlueprint => "service-blueprint",
            Template::EmotionalMapping => "emotional-mapping",
            Template::Blank => "blank",
        }
    }

    pub fn from_key(key: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Template::PatientJourney => "Patient journey",
            Template::ServiceBlueprint => "Service blueprint",
            Template::EmotionalMapping => "Emotional mapping",
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
            Template::ServiceBlueprint => &SERVICE_BLUEPRINT,
            Template::EmotionalMapping => &EMOTIONAL_MAPPING,
            Template::Blank => &BLANK,
        }
    }
}
