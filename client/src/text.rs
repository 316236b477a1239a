//! The words of the page's features not yet in the catalogues
//! (`shared/locales/*.ftl`, looked up with `crate::i18n`): one feature's
//! words each in `text/`; all read as `text::NAME`.

mod arrows;
mod export;
mod structure;
mod voting;

pub use arrows::*;
pub use export::*;
pub use structure::*;
pub use voting::*;
