//! The participants' page: joining by code, and the map.

fn main() {
    comap_client::browser::keep_page_for_offline();
    comap_client::i18n::mount(comap_client::app::App, &[]);
}
