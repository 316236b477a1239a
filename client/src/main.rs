//! The Comap page: Leptos (client-side rendering) in WebAssembly.

mod announce;
mod app;
mod arrows;
mod board;
mod browser;
mod card_view;
mod connection;
mod dialogs;
mod display;
mod export_menu;
mod home;
mod http;
mod insights;
mod join;
mod join_code;
mod list_view;
mod local_store;
mod people;
mod presence;
mod privacy;
mod structure_dialogs;
mod text;
mod voting;
mod workshop;
mod zoom;

fn main() {
    browser::keep_page_for_offline();
    leptos::mount::mount_to_body(app::App);
}
