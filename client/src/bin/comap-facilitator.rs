//! The facilitator's page: a workshop's dashboard (`/w/<id>#k=<secret>`).

fn main() {
    comap_client::i18n::mount(comap_client::dashboard::FacilitatorApp);
}
