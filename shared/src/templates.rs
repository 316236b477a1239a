//! Map templates: the stages and lanes a new map starts with, in each
//! language. Data, not code.

use crate::i18n::Language;
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

// The same templates as a Swedish care team names them (not word for word).

const PATIENTRESA: TemplateData = TemplateData {
    stages: &[
        "Märker att något är fel",
        "Första kontakten",
        "Bedömning",
        "Diagnos",
        "Behandling",
        "Att leva med det",
    ],
    lanes: &[
        "Det som är viktigt för mig",
        "Det jag gör",
        "Det personalen gör",
        "Bakom kulisserna",
        "Känslor",
        "Problem",
        "Idéer",
    ],
};

const TJANSTERITNING: TemplateData = TemplateData {
    stages: &[
        "Före besöket",
        "Ankomst",
        "Under besöket",
        "Hemgång",
        "Efteråt",
    ],
    lanes: &[
        "Det patienten ser och får",
        "Det patienten gör",
        "Synligt för patienten",
        "Bakom kulisserna",
        "Stödprocesser",
    ],
};

const KANSLOKARTA: TemplateData = TemplateData {
    stages: &[
        "Remiss",
        "Första besöket",
        "Prover och undersökningar",
        "Beskedet",
        "Behandling",
        "Uppföljning",
    ],
    lanes: &[
        "Nyckelögonblick",
        "Känslor",
        "Det som gjorde det bättre",
        "Det som gjorde det sämre",
    ],
};

const TOM: TemplateData = TemplateData {
    stages: &["Skede 1", "Skede 2", "Skede 3"],
    lanes: &["Anteckningar"],
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

    /// The catalogue key of the template's name in the reader's language.
    pub fn name_key(self) -> &'static str {
        match self {
            Template::PatientJourney => crate::i18n::key("template-patient-journey"),
            Template::ServiceBlueprint => crate::i18n::key("template-service-blueprint"),
            Template::EmotionalMapping => crate::i18n::key("template-emotional-mapping"),
            Template::Blank => crate::i18n::key("template-blank"),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Template::PatientJourney => "Patient journey",
            Template::ServiceBlueprint => "Service blueprint",
            Template::EmotionalMapping => "Emotional mapping",
            Template::Blank => "Blank",
        }
    }

    /// The stages a new map starts with, in English.
    pub fn stage_names(self) -> &'static [&'static str] {
        self.stage_names_in(Language::En)
    }

    /// The lanes a new map starts with, in English.
    pub fn lane_names(self) -> &'static [&'static str] {
        self.lane_names_in(Language::En)
    }

    /// The stages a new map starts with, in the map's language.
    pub fn stage_names_in(self, language: Language) -> &'static [&'static str] {
        self.data(language).stages
    }

    /// The lanes a new map starts with, in the map's language.
    pub fn lane_names_in(self, language: Language) -> &'static [&'static str] {
        self.data(language).lanes
    }

    fn data(self, language: Language) -> &'static TemplateData {
        match (language, self) {
            (Language::En, Template::PatientJourney) => &PATIENT_JOURNEY,
            (Language::En, Template::ServiceBlueprint) => &SERVICE_BLUEPRINT,
            (Language::En, Template::EmotionalMapping) => &EMOTIONAL_MAPPING,
            (Language::En, Template::Blank) => &BLANK,
            (Language::Sv, Template::PatientJourney) => &PATIENTRESA,
            (Language::Sv, Template::ServiceBlueprint) => &TJANSTERITNING,
            (Language::Sv, Template::EmotionalMapping) => &KANSLOKARTA,
            (Language::Sv, Template::Blank) => &TOM,
        }
    }
}
