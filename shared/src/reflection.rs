//! A workshop's reflection: a few questions the facilitator opens for
//! everyone in every room, answered anonymously unless the facilitator says
//! otherwise. The answers are shown together on the dashboard and exported
//! as CSV: the course's formative evaluation.

use crate::csv::Separator;
use crate::i18n::{Catalogue, key};
use crate::model::Role;
use serde::{Deserialize, Serialize};

/// The catalogue keys of the questions a reflection starts with (see
/// [`default_questions`]); the facilitator may change them.
pub const DEFAULT_QUESTIONS: [&str; 3] = [
    key("reflection-default-1"),
    key("reflection-default-2"),
    key("reflection-default-3"),
];

/// The default questions in the language of `words`.
pub fn default_questions(words: &Catalogue) -> Vec<String> {
    DEFAULT_QUESTIONS.map(|k| words.t(k)).to_vec()
}
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
    /// or `defaults` (the default questions in the workshop's language).
    pub fn checked(&self, defaults: &[String]) -> Result<Reflection, ReflectionError> {
        let questions: Vec<String> = match &self.questions {
            None => defaults.to_vec(),
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
pub fn to_csv(
    responses: &[Response],
    answered: impl Fn(i64) -> String,
    words: &Catalogue,
    separator: Separator,
) -> String {
    let header = [
        key("csv-respondent"),
        key("csv-question"),
        key("csv-answer"),
        key("csv-room"),
        key("csv-name"),
        key("csv-role"),
        key("csv-answered"),
    ]
    .map(|k| words.t(k));
    let mut out = crate::csv::csv_start(&header, separator);
    for (n, r) in responses.iter().enumerate() {
        for a in r.answers.iter().filter(|a| !a.answer.is_empty()) {
            crate::csv::csv_row_with(
                &mut out,
                &[
                    ((n + 1).to_string(), false),
                    (a.question.clone(), true),
                    (a.answer.clone(), true),
                    (r.room.clone().unwrap_or_default(), true),
                    (r.name.clone().unwrap_or_default(), true),
                    (
                        r.role
                            .map(|role| words.t(role.name_key()))
                            .unwrap_or_default(),
                        false,
                    ),
                    (answered(r.answered_ms), false),
                ],
                separator,
            );
        }
    }
    out
}

#[cfg(test)]
mod tests;
