//! Real headless Chromium through chromedriver, driven the way a screen-reader
//! user finds things: by the accessible names of controls.

use anyhow::{Context, Result, anyhow, bail};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use std::time::Duration;

mod checks;
mod driver;
mod keys;

pub use driver::Driver;

/// XPath string literal for any text (handles both quote kinds).
/// `month_day` (`MM-DD`) of next year, as `YYYY-MM-DD`: a day a date
/// field offers whenever the test runs.
pub fn next_year_day(month_day: &str) -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // The average Gregorian year; a day off at New Year does not matter here.
    let year = 1970 + secs / 31_556_952;
    format!("{}-{month_day}", year + 1)
}

fn lit(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// WebDriver's codes for the Tab, Enter, Shift and Control keys.
pub const TAB: &str = "\u{e004}";
pub const ENTER: &str = "\u{e007}";
pub const ARROW_RIGHT: &str = "\u{e014}";
pub const CONTROL: char = '\u{e009}';

/// A button whose accessible name is `name` (its text or aria-label).
pub fn button(name: &str) -> String {
    format!(
        "//button[normalize-space(.)={n} or @aria-label={n}]",
        n = lit(name)
    )
}

/// The heading cell of the stage or lane called `name`.
pub fn heading(name: &str) -> String {
    format!(
        "//th[.//span[contains(@class,'column-name') and normalize-space(.)={}]]",
        lit(name)
    )
}

/// The card whose text is `text`.
pub fn card(text: &str) -> String {
    format!(
        "//article[contains(@class,'card')][.//p[contains(@class,'text') and normalize-space(.)={}]]",
        lit(text)
    )
}

pub struct Page {
    pub client: Client,
    /// Chromedriver's address.
    driver: String,
}

const WAIT: Duration = Duration::from_secs(10);

impl Page {
    /// Runs a Chrome DevTools Protocol command in the page (through
    /// chromedriver); its result.
    pub async fn cdp(&self, command: &str, params: serde_json::Value) -> Result<serde_json::Value> {
        let id = self
            .client
            .session_id()
            .await?
            .ok_or_else(|| anyhow!("the page has no session"))?;
        let answer: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/session/{id}/goog/cdp/execute", self.driver))
            .json(&serde_json::json!({ "cmd": command, "params": params }))
            .send()
            .await?
            .json()
            .await?;
        Ok(answer["value"].clone())
    }

    pub async fn goto(&self, url: &str) -> Result<()> {
        Ok(self.client.goto(url).await?)
    }

    /// Waits for an element matching `xpath`.
    pub async fn find(&self, xpath: &str) -> Result<Element> {
        self.find_within(xpath, WAIT).await
    }

    pub async fn find_within(&self, xpath: &str, limit: Duration) -> Result<Element> {
        self.client
            .wait()
            .at_most(limit)
            .every(Duration::from_millis(50))
            .for_element(Locator::XPath(xpath))
            .await
            .with_context(|| format!("waiting for {xpath}"))
    }

    pub async fn exists(&self, xpath: &str) -> Result<bool> {
        Ok(!self
            .client
            .find_all(Locator::XPath(xpath))
            .await?
            .is_empty())
    }

    /// Waits until nothing matches `xpath`.
    pub async fn gone(&self, xpath: &str) -> Result<()> {
        let start = std::time::Instant::now();
        while self.exists(xpath).await? {
            if start.elapsed() > WAIT {
                bail!("still there after {WAIT:?}: {xpath}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// Opens the map at `url` and joins it as `name`, a patient unless this
    /// browser remembers another role.
    pub async fn join(&self, url: &str, name: &str) -> Result<()> {
        self.goto(url).await?;
        self.fill("Your name", name).await?;
        if self
            .eval("!document.querySelector('input[name=role]:checked')")
            .await?
            == serde_json::Value::Bool(true)
        {
            self.field("Patient").await?.click().await?;
        }
        self.click_button("Join").await?;
        self.find_within(
            "//header[contains(@class,'topbar')]",
            Duration::from_secs(10),
        )
        .await?;
        Ok(())
    }

    /// A JavaScript expression's value as JSON (the expression may use
    /// `document` and return arrays or objects).
    pub async fn eval(&self, expression: &str) -> Result<serde_json::Value> {
        Ok(self
            .client
            .execute(&format!("return ({expression});"), vec![])
            .await?)
    }

    pub async fn click_button(&self, name: &str) -> Result<()> {
        self.press_at(&button(name)).await
    }

    /// Clicks what `xpath` finds, as a person would reach it: a card's
    /// actions show while the card is pointed at or has the focus, so the
    /// card is given the focus first.
    pub async fn press_at(&self, xpath: &str) -> Result<()> {
        let el = self.find(xpath).await?;
        self.reveal(&el).await?;
        el.click().await?;
        Ok(())
    }

    /// Shows a card's actions (they are hidden until the card is pointed at
    /// or focused) when `el` is one of them, and, when something lies over
    /// `el` (the map overview in the board's corner), scrolls the board to
    /// bring it to the middle, as a person would.
    pub async fn reveal(&self, el: &Element) -> Result<()> {
        self.client
            .execute(
                "const e = arguments[0]; if (e.closest('.card-more')) e.closest('.card').focus();
                 const r = e.getBoundingClientRect();
                 const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                 const board = e.closest('.board-scroll');
                 if (board && top && !e.contains(top) && top.closest('.minimap')) {
                   const b = board.getBoundingClientRect();
                   board.scrollTop += r.top + r.height / 2 - (b.top + board.clientHeight / 2);
                   board.scrollLeft += r.left + r.width / 2 - (b.left + board.clientWidth / 2);
                 }",
                vec![serde_json::to_value(el)?],
            )
            .await?;
        Ok(())
    }

    /// The form control labelled `label` (by `<label for>`).
    pub async fn field(&self, label: &str) -> Result<Element> {
        let l = self
            .find(&format!("//label[normalize-space(.)={}]", lit(label)))
            .await?;
        let id = l
            .attr("for")
            .await?
            .ok_or_else(|| anyhow!("label {label:?} names no control"))?;
        self.find(&format!("//*[@id={}]", lit(&id))).await
    }

    pub async fn fill(&self, label: &str, text: &str) -> Result<()> {
        let f = self.field(label).await?;
        f.clear().await?;
        f.send_keys(text).await?;
        Ok(())
    }

    /// Picks the option shown as `option` in the select labelled `label`.
    pub async fn choose(&self, label: &str, option: &str) -> Result<()> {
        let select = self.field(label).await?;
        let opt = select
            .find(Locator::XPath(&format!(
                ".//option[normalize-space(.)={}]",
                lit(option)
            )))
            .await?;
        opt.click().await?;
        Ok(())
    }

    /// Chooses `day` (`YYYY-MM-DD`) in the day, month and year lists of
    /// the date field with id `id`, as a person would, one list at a time.
    pub async fn choose_day(&self, id: &str, day: &str) -> Result<()> {
        let mut parts = day.splitn(3, '-');
        let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(anyhow!("{day:?} is not YYYY-MM-DD"));
        };
        let month = month.trim_start_matches('0');
        let day = day.trim_start_matches('0');
        for (part, value) in [("day", day), ("month", month), ("year", year)] {
            let option = self
                .find(&format!(
                    "//select[@id={}]/option[@value={}]",
                    lit(&format!("{id}-{part}")),
                    lit(value)
                ))
                .await?;
            option.click().await?;
        }
        Ok(())
    }

    pub async fn value(&self, label: &str) -> Result<String> {
        Ok(self
            .field(label)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    pub async fn close(self) -> Result<()> {
        Ok(self.client.close().await?)
    }
}
