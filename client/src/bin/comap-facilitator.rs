//! The facilitator's page: a workshop's dashboard (`/w/<id>#k=<secret>`).

fn main() {
    leptos::mount::mount_to_body(comap_client::dashboard::FacilitatorApp);
}
