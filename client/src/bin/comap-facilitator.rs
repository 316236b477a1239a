//! The facilitator's page: the home page (making maps and workshops) and a
//! workshop's dashboard (`/w/<id>#k=<secret>`).

use comap_client::i18n::{FACILITATOR, mount};

fn main() {
    mount(comap_client::dashboard::FacilitatorApp, &[FACILITATOR]);
}
