//! The Comap pages: Leptos (client-side rendering) in WebAssembly. Two
//! bundles are built from this library: the participants' page (home, join,
//! the map; `src/main.rs`) and the facilitator's workshop dashboard
//! (`src/bin/comap-facilitator.rs`), which leaves the board and Automerge
//! out.

mod announce;
pub mod app;
mod arrow_layer;
mod arrows;
mod board;
pub mod browser;
mod card_dialogs;
mod card_focus;
mod card_presence;
mod card_view;
mod cells;
mod column_head;
mod connection;
pub mod dashboard;
mod dashboard_actions;
mod dashboard_controls;
mod dashboard_reflection;
mod dashboard_room;
mod dashboard_shown;
mod dashboard_thumbnail;
mod date_field;
mod dates;
mod dialog_parts;
mod dialogs;
mod display;
mod export_menu;
mod form_checks;
mod grid;
mod home;
mod http;
pub mod i18n;
mod inline_add;
mod insights;
mod join;
mod join_code;
mod list_view;
mod local_store;
mod map_parts;
mod map_state;
mod minimap;
mod people;
mod presence;
mod privacy;
mod qr;
mod reflection;
mod room_status;
mod structure_dialogs;
mod title_and_template;
mod topbar;
mod voting;
mod words;
mod workshop_form;
mod zoom;
