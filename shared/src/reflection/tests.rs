use super::*;

/// The default questions in English.
fn defaults() -> Vec<String> {
    default_questions(crate::i18n::built_in(crate::i18n::Language::En))
}

fn open(anonymous: bool) -> Reflection {
    SetReflection {
        open: true,
        questions: None,
        anonymous,
    }
    .checked(&defaults())
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
    assert_eq!(r.questions[0], "What did you learn about working together?");
    assert_eq!(r.questions, defaults());
    let swedish = default_questions(crate::i18n::built_in(crate::i18n::Language::Sv));
    assert_eq!(swedish[1], "Vad överraskade dig?");
    assert!(r.anonymous);
    let mut set = SetReflection {
        open: true,
        questions: Some(vec![" What helped? ".into(), "  ".into()]),
        anonymous: false,
    };
    assert_eq!(
        set.checked(&defaults()).map(|r| r.questions),
        Ok(vec!["What helped?".to_string()])
    );
    set.questions = Some(vec![" ".into()]);
    assert_eq!(set.checked(&defaults()), Err(ReflectionError::NoQuestions));
    set.questions = Some(vec!["q".into(); MAX_QUESTIONS + 1]);
    assert_eq!(
        set.checked(&defaults()),
        Err(ReflectionError::TooManyQuestions)
    );
    set.questions = Some(vec!["ok".into(), "x".repeat(MAX_QUESTION_CHARS + 1)]);
    assert_eq!(
        set.checked(&defaults()),
        Err(ReflectionError::LongQuestion(2))
    );
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
    assert_eq!(anonymous.answers[0].question, defaults()[0]);
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
    assert_eq!(grouped[0].0, defaults()[0]);
    assert_eq!(
        grouped[0]
            .1
            .iter()
            .map(|a| a.answer.as_str())
            .collect::<Vec<_>>(),
        ["Listening", "Patience"]
    );
    assert_eq!(grouped[1].0, defaults()[2], "first asked first");
    let csv = to_csv(
        &responses,
        |ms| format!("t{ms}"),
        crate::i18n::built_in(crate::i18n::Language::En),
        Default::default(),
    );
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{feff}Respondent,Question,Answer,Room,Name,Role,Answered (UTC)"
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
