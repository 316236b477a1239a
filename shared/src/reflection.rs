//! A workshop's reflection: a few questions the facilitator opens for
//! everyone in every room, answered anonymously unless the facilitator says
//! otherwise. The answers are shown together on the dashboard and exported
//! as CSV: the course's formative evaluation.

use crate::model::Role;
use serde::{Deserialize, Serialize};

/// The questions a reflection starts with; the facilitator may change them.
pub const DEFAULT_QUESTIONS: [&str; 3] = [
    "What did you learn about working together?",
    "What surprised you?",
    "Whose voice was heard most, and least?",
];
pub const MAX_QUESTIONS: usize = 8;
pub const MAX_QUESTION_CHARS: usize = 200;
pub const MAX_ANSWER_CHARS: usize = 2000;
/// The most answers one workshop keeps (people answering again replace
/// their own).
pub const MAX_RESPONSES: usize = 2000;
/// A respondent's token (letters, digits, `-`, `_`, like a voter's): made
/// by their browser, so answering again replaces the earlier answers
/// instead of adding to them. Never exported.
pub const MAX_RESPONDENT_CHARS: usize = 64;

/// `POST /api/workshops/<id>/reflection`: open it (with these questions,
/// the default ones when none are given) or close it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetReflection {
    pub open: bool,
    #[serde(default)]
    pub questions: Option<Vec<String>>,
    /// Answers keep nobody's name or role (yes unless told otherwise).
    #[serde(default = "yes")]
    pub anonymous: bool,
}

fn yes() -> bool {
    true
}

/// The reflection as the rooms see it while it is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    pub questions: Vec<String>,
    pub anonymous: bool,
}

/// What one person answered, as they send it
/// (`POST /api/maps/<id>/reflection` with any of the map's secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answering {
    pub respondent: String,
    /// One per question, in order; an empty one is a question left out.
    pub answers: Vec<String>,
    /// Kept only when the reflection is not anonymous.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
}

/// One person's answers as kept: each with its question, so changing the
/// questions later never mixes answers up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub answers: Vec<Answer>,
    /// The room they answered from, their name and role: only when the
    /// reflection was not anonymous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    pub answered_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    pub answer: String,
}

/// The reflection with every answer so far
/// (`GET /api/workshops/<id>/reflection`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionState {
    pub open: bool,
    pub questions: Vec<String>,
    pub anonymous: bool,
    pub responses: Vec<Response>,
    /// Changes whenever the reflection or any answer does.
    pub version: i64,
}

/// The reflection as `GET /api/workshops/<id>` gives it, every second:
/// without the answers, which the dashboard fetches again when `version`
/// changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionSummary {
    pub open: bool,
    pub questions: Vec<String>,
    pub anonymous: bool,
    /// How many people have answered.
    pub answered: usize,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReflectionError {
    #[error("A reflection needs at least one question.")]
    NoQuestions,
    #[error("A reflection has at most {MAX_QUESTIONS} questions.")]
    TooManyQuestions,
    #[error("Question {0} is too long; please keep it to {MAX_QUESTION_CHARS} characters.")]
    LongQuestion(usize),
    #[error("The reflection is closed: the facilitator is not taking answers now.")]
    Closed,
    #[error("Give one answer per question: {given} answers for {questions} questions.")]
    AnswerCount { given: usize, questions: usize },
    #[error("Please answer at least one question.")]
    NoAnswers,
    #[error("Answer {0} is too long; please keep it to {MAX_ANSWER_CHARS} characters.")]
    LongAnswer(usize),
    #[error(
        "The answers need a respondent token of 1 to {MAX_RESPONDENT_CHARS} letters or digits."
    )]
    Respondent,
}

impl SetReflection {
    /// The reflection to open: the questions trimmed (blank ones dropped),
    /// or the default ones.
    pub fn checked(&self) -> Result<Reflection, ReflectionError> {
        let questions: Vec<String> = match &self.questions {
            None => DEFAULT_QUESTIONS.map(String::from).to_vec(),
            Some(qs) => qs
                .iter()
                .map(|q| q.trim().to_string())
                .filter(|q| !q.is_empty())
                .collect(),
        };
        if questions.is_empty() {
            return Err(ReflectionError::NoQuestions);
        }
        if questions.len() > MAX_QUESTIONS {
            return Err(ReflectionError::TooManyQuestions);
        }
        if let Some(i) = questions
            .iter()
            .position(|q| q.chars().count() > MAX_QUESTION_CHARS)
        {
            return Err(ReflectionError::LongQuestion(i + 1));
        }
        Ok(Reflection {
            questions,
            anonymous: self.anonymous,
        })
    }
}

impl Answering {
    /// The answers paired with the open reflection's questions, or why they
    /// cannot be kept. Who answered (`name`, `role`, `room`) is kept only
    /// when the reflection is not anonymous.
    pub fn checked(
        &self,
        open: Option<&Reflection>,
        room: &str,
        now_ms: i64,
    ) -> Result<Response, ReflectionError> {
        let reflection = open.ok_or(ReflectionError::Closed)?;
        if !crate::voting::valid_voter(&self.respondent) {
            return Err(ReflectionError::Respondent);
        }
        if self.answers.len() != reflection.questions.len() {
            return Err(ReflectionError::AnswerCount {
                given: self.answers.len(),
                questions: reflection.questions.len(),
            });
        }
        if let Some(i) = self
            .answers
            .iter()
            .position(|a| a.trim().chars().count() > MAX_ANSWER_CHARS)
        {
            return Err(ReflectionError::LongAnswer(i + 1));
        }
        if self.answers.iter().all(|a| a.trim().is_empty()) {
            return Err(ReflectionError::NoAnswers);
        }
        let answers = reflection
            .questions
            .iter()
            .zip(&self.answers)
            .map(|(q, a)| Answer {
                question: q.clone(),
                answer: a.trim().to_string(),
            })
            .collect();
        let named = !reflection.anonymous;
        let name = self
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| n.chars().take(crate::model::MAX_NAME_CHARS).collect());
        Ok(Response {
            answers,
            room: named.then(|| room.to_string()),
            name: if named { name } else { None },
            role: if named { self.role } else { None },
            answered_ms: now_ms,
        })
    }
}

/// Every answer given, question by question in the order first asked: what
/// the dashboard shows ("answers shown together").
pub fn by_question(responses: &[Response]) -> Vec<(String, Vec<&Answer>)> {
    let mut out: Vec<(String, Vec<&Answer>)> = Vec::new();
    for response in responses {
        for answer in response.answers.iter().filter(|a| !a.answer.is_empty()) {
            match out.iter_mut().find(|(q, _)| *q == answer.question) {
                Some((_, list)) => list.push(answer),
                None => out.push((answer.question.clone(), vec![answer])),
            }
        }
    }
    out
}

/// The answers as CSV: one row per answer, with the respondent's number
/// (the same number for one person's answers), the room, name and role
/// when the reflection was not anonymous, and when it was answered
/// (`answered` is the caller's rendering of `answered_ms`, as UTC).
pub fn to_csv(responses: &[Response], answered: impl Fn(i64) -> String) -> String {
    let mut out = String::new();
    let header = [
        "Respondent",
        "Question",
        "Answer",
        "Room",
        "Name",
        "Role",
        "Answered (UTC)",
    ];
    crate::export::csv_row(&mut out, &header.map(|h| (h.to_string(), false)));
    for (n, r) in responses.iter().enumerate() {
        for a in r.answers.iter().filter(|a| !a.answer.is_empty()) {
            crate::export::csv_row(
                &mut out,
                &[
                    ((n + 1).to_string(), false),
                    (a.question.clone(), true),
                    (a.answer.clone(), true),
                    (r.room.clone().unwrap_or_default(), true),
                    (r.name.clone().unwrap_or_default(), true),
                    (
                        r.role
                            .map(|role| role.label().to_string())
                            .unwrap_or_default(),
                        false,
                    ),
                    (answered(r.answered_ms), false),
                ],
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(anonymous: bool) -> Reflection {
        SetReflection {
            open: true,
            questions: None,
            anonymous,
        }
        .checked()
        .expect("the default questions")
    }

    fn answering(answers: &[&str]) -> Answering {
        Answering {
            respondent: "r-1".into(),
            answers: answers.iter().map(|a| a.to_string()).collect(),
            name: Some(" Ann ".into()),
            role: Some(Role::Carer),
        }
    }

    #[test]
    fn questions_default_and_are_checked() {
        let r = open(true);
        assert_eq!(r.questions, DEFAULT_QUESTIONS.map(String::from).to_vec());
        assert!(r.anonymous);
        let mut set = SetReflection {
            open: true,
            questions: Some(vec![" What helped? ".into(), "  ".into()]),
            anonymous: false,
        };
        assert_eq!(
            set.checked().map(|r| r.questions),
            Ok(vec!["What helped?".to_string()])
        );
        set.questions = Some(vec![" ".into()]);
        assert_eq!(set.checked(), Err(ReflectionError::NoQuestions));
        set.questions = Some(vec!["q".into(); MAX_QUESTIONS + 1]);
        assert_eq!(set.checked(), Err(ReflectionError::TooManyQuestions));
        set.questions = Some(vec!["ok".into(), "x".repeat(MAX_QUESTION_CHARS + 1)]);
        assert_eq!(set.checked(), Err(ReflectionError::LongQuestion(2)));
        let json: SetReflection = serde_json::from_str(r#"{"open": true}"#).expect("json");
        assert!(json.anonymous, "anonymous by default");
    }

    #[test]
    fn anonymous_answers_keep_nobody_and_named_ones_keep_who() {
        let a = answering(&["Listening", "", "The doctor; the patient"]);
        let anonymous = a.checked(Some(&open(true)), "Room 2", 5).expect("kept");
        assert_eq!(
            (anonymous.room, anonymous.name, anonymous.role),
            (None, None, None)
        );
        assert_eq!(anonymous.answers[0].question, DEFAULT_QUESTIONS[0]);
        assert_eq!(anonymous.answers[1].answer, "");
        let named = a.checked(Some(&open(false)), "Room 2", 5).expect("kept");
        assert_eq!(named.room.as_deref(), Some("Room 2"));
        assert_eq!(named.name.as_deref(), Some("Ann"));
        assert_eq!(named.role, Some(Role::Carer));
    }

    #[test]
    fn bad_answers_are_refused_with_reasons() {
        let r = open(true);
        assert_eq!(
            answering(&["a"; 3]).checked(None, "R", 0),
            Err(ReflectionError::Closed)
        );
        assert_eq!(
            answering(&["a", "b"]).checked(Some(&r), "R", 0),
            Err(ReflectionError::AnswerCount {
                given: 2,
                questions: 3
            })
        );
        assert_eq!(
            answering(&[" ", "", ""]).checked(Some(&r), "R", 0),
            Err(ReflectionError::NoAnswers)
        );
        let long = "x".repeat(MAX_ANSWER_CHARS + 1);
        assert_eq!(
            answering(&["a", &long, ""]).checked(Some(&r), "R", 0),
            Err(ReflectionError::LongAnswer(2))
        );
        let mut bad = answering(&["a", "", ""]);
        bad.respondent = "<script>".into();
        assert_eq!(
            bad.checked(Some(&r), "R", 0),
            Err(ReflectionError::Respondent)
        );
    }

    #[test]
    fn answers_are_shown_together_and_exported_per_answer() {
        let r = open(true);
        let one = answering(&["Listening", "", "=SUM(A1)"])
            .checked(Some(&r), "R", 0)
            .expect("kept");
        let two = answering(&["Patience", "How much we agreed", ""])
            .checked(Some(&r), "R", 60_000)
            .expect("kept");
        let responses = vec![one, two];
        let grouped = by_question(&responses);
        assert_eq!(grouped.len(), 3);
        assert_eq!(grouped[0].0, DEFAULT_QUESTIONS[0]);
        assert_eq!(
            grouped[0]
                .1
                .iter()
                .map(|a| a.answer.as_str())
                .collect::<Vec<_>>(),
            ["Listening", "Patience"]
        );
        assert_eq!(grouped[1].0, DEFAULT_QUESTIONS[2], "first asked first");
        let csv = to_csv(&responses, |ms| format!("t{ms}"));
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "Respondent,Question,Answer,Room,Name,Role,Answered (UTC)"
        );
        assert_eq!(
            lines[1],
            "1,What did you learn about working together?,Listening,,,,t0"
        );
        assert_eq!(
            lines[2],
            "1,\"Whose voice was heard most, and least?\",'=SUM(A1),,,,t0"
        );
        assert_eq!(
            lines[4],
            "2,What surprised you?,How much we agreed,,,,t60000"
        );
        assert_eq!(lines.len(), 6, "four answers, a header, a final newline");
    }
}
