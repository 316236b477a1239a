//! Helpers shared by the model's integration tests.

use comap_shared::{Author, Role};

/// A person making changes, at a fixed time.
pub fn author(name: &str, role: Role) -> Author {
    Author {
        name: name.into(),
        role,
        now_ms: 1_700_000_000_000,
    }
}
