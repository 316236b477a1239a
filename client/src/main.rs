//! The participants' page: home, joining by code, and the map.

fn main() {
    comap_client::browser::keep_page_for_offline();
    leptos::mount::mount_to_body(comap_client::app::App);
}
