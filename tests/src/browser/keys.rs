//! Typing on a page: keys, chords with modifiers, Tab to an element, and
//! where the focus is.

use super::*;

impl Page {
    /// Types `keys` on the keyboard (WebDriver key actions: no pointer).
    /// Special keys are the WebDriver code points, e.g. `TAB`, `ENTER`.
    pub async fn keys(&self, keys: &str) -> Result<()> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for c in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        Ok(self.client.perform_actions(actions).await?)
    }

    /// Presses `modifier` with `key` (e.g. Control and "a").
    pub async fn chord(&self, modifier: char, key: char) -> Result<()> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: modifier })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: modifier });
        Ok(self.client.perform_actions(actions).await?)
    }

    /// Whether the focused element is one that `xpath` matches.
    pub async fn focused_is(&self, xpath: &str) -> Result<bool> {
        let v = self
            .client
            .execute(
                "const found = document.evaluate(arguments[0], document, null,
                   XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
                 for (let i = 0; i < found.snapshotLength; i++)
                   if (found.snapshotItem(i) === document.activeElement) return true;
                 return false;",
                vec![serde_json::json!(xpath)],
            )
            .await?;
        Ok(v == serde_json::json!(true))
    }

    /// Presses Tab until an element matching `xpath` has the focus, as a
    /// keyboard user would (at most 400 presses).
    pub async fn tab_to(&self, xpath: &str) -> Result<()> {
        self.find(xpath).await?;
        for _ in 0..400 {
            if self.focused_is(xpath).await? {
                return Ok(());
            }
            self.keys(TAB).await?;
        }
        bail!("Tab never reached {xpath}")
    }

    /// Tabs to the button called `name` and presses Enter.
    pub async fn press(&self, name: &str) -> Result<()> {
        self.tab_to(&button(name)).await?;
        self.keys(ENTER).await
    }
}
