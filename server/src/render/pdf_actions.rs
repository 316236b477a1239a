//! The pages a workshop plenary's PDF ends with: the workshop's actions
//! (what will change, who by role, by when), numbered as on the dashboard,
//! as many pages as they need. Drawn as SVG, one unit per point, like the
//! cover.

use crate::render::pdf_plan::{MARGIN, Paper};
use comap_shared::i18n::{Arg, Catalogue};
use comap_shared::layout::{self, Measure, TextStyle};
use comap_shared::svg::{self, escape};
use comap_shared::workshop_actions::Action;

const HEADING: TextStyle = TextStyle {
    size: 24.0,
    bold: true,
};
const WHAT: TextStyle = TextStyle {
    size: 13.0,
    bold: true,
};
const DETAIL: TextStyle = TextStyle {
    size: 11.5,
    bold: false,
};

/// One page being written.
struct Page {
    svg: String,
    y: f32,
}

impl Page {
    fn new(paper: Paper, heading: &str, m: &dyn Measure) -> Page {
        let (w, h) = paper.size();
        let mut page = Page {
            svg: format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{}">"##,
                svg::FONT_FAMILY
            ),
            y: MARGIN,
        };
        page.lines(m, heading, HEADING, "#1a1a1a", w);
        page.y += 12.0;
        page
    }

    fn lines(&mut self, m: &dyn Measure, text: &str, style: TextStyle, colour: &str, w: f32) {
        for part in layout::text::wrap(m, text, style, w - 2.0 * MARGIN - 24.0) {
            self.y += style.size * layout::LINE;
            self.svg.push_str(&format!(
                r##"<text x="{:.1}" y="{:.1}" font-size="{}" font-weight="{}" fill="{colour}">{}</text>"##,
                MARGIN + 24.0,
                self.y,
                style.size,
                if style.bold { 700 } else { 400 },
                escape(&part)
            ));
        }
    }

    fn number(&mut self, n: usize) {
        self.svg.push_str(&format!(
            r##"<text x="{MARGIN:.1}" y="{:.1}" font-size="{}" font-weight="700" fill="#1a1a1a">{n}.</text>"##,
            self.y + WHAT.size * layout::LINE,
            WHAT.size
        ));
    }

    fn finish(mut self) -> String {
        self.svg.push_str("</svg>");
        self.svg
    }
}

/// How tall an action's entry is on a page `w` wide.
fn entry_height(m: &dyn Measure, a: &Action, w: f32, words: &Catalogue) -> f32 {
    let max = w - 2.0 * MARGIN - 24.0;
    let what = layout::text::wrap(m, &a.what, WHAT, max).len() as f32;
    let detail = layout::text::wrap(m, &detail(a, words), DETAIL, max).len() as f32;
    what * WHAT.size * layout::LINE + detail * DETAIL.size * layout::LINE + 14.0
}

fn detail(a: &Action, words: &Catalogue) -> String {
    words.tf(
        "pdf-action-detail",
        &[
            ("who", Arg::from(&a.who)),
            (
                "by",
                Arg::from(&crate::render::dates::day_in_words(&a.by, words)),
            ),
        ],
    )
}

/// The actions as pages of SVG (none when there are no actions).
pub(crate) fn actions_pages(
    m: &dyn Measure,
    actions: &[Action],
    paper: Paper,
    words: &Catalogue,
) -> Vec<String> {
    if actions.is_empty() {
        return Vec::new();
    }
    let (w, h) = paper.size();
    let mut pages = Vec::new();
    let mut page = Page::new(paper, &words.t("pdf-actions"), m);
    for (i, a) in actions.iter().enumerate() {
        let started = page.y;
        if page.y + entry_height(m, a, w, words) > h - MARGIN && started > MARGIN + 60.0 {
            pages.push(page.finish());
            page = Page::new(paper, &words.t("pdf-actions-continued"), m);
        }
        page.number(i + 1);
        page.lines(m, &a.what, WHAT, "#1a1a1a", w);
        page.lines(m, &detail(a, words), DETAIL, "#333333", w);
        page.y += 14.0;
    }
    pages.push(page.finish());
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character 7 units wide.
    struct Fixed;
    impl Measure for Fixed {
        fn width(&self, text: &str, _: TextStyle) -> f32 {
            text.chars().count() as f32 * 7.0
        }
    }

    fn action(n: i64) -> Action {
        Action {
            id: n,
            what: format!("Change <{n}> & call back within a day"),
            who: "Reception team".into(),
            by: "2027-03-31".into(),
            card: None,
            created_ms: 0,
        }
    }

    #[test]
    fn actions_fill_pages_in_order_and_are_escaped() {
        let en = comap_shared::i18n::built_in(comap_shared::i18n::Language::En);
        assert!(actions_pages(&Fixed, &[], Paper::A4, en).is_empty());
        let one = actions_pages(&Fixed, &[action(1)], Paper::A4, en);
        assert_eq!(one.len(), 1);
        assert!(one[0].contains(">Actions<"));
        assert!(one[0].contains("Change &lt;1&gt; &amp; call back"));
        assert!(one[0].contains("Who: Reception team \u{00b7} By: 31 March 2027"));
        let many: Vec<Action> = (1..=40).map(action).collect();
        let pages = actions_pages(&Fixed, &many, Paper::A4, en);
        assert!(pages.len() > 1, "40 actions need more than one A4 page");
        assert!(pages[1].contains("Actions (continued)"));
        let all = pages.concat();
        for n in 1..=40 {
            assert!(all.contains(&format!("Change &lt;{n}&gt;")), "action {n}");
        }
        // Nothing is written below the bottom margin.
        let (_, h) = Paper::A4.size();
        for page in &pages {
            for part in page.split(" y=\"").skip(1) {
                let y: f32 = part.split('"').next().expect("y").parse().expect("number");
                assert!(y <= h - MARGIN + 1.0, "y {y}");
            }
        }
    }
}
