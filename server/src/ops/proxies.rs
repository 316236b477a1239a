//! Clients behind a reverse proxy (nginx, HAProxy, a load balancer): every
//! connection comes from the proxy's address, so the limits per client
//! address would count everyone as one client. A proxy named with
//! `--trusted-proxy` is believed about the client it forwards, the address
//! it put last in `X-Forwarded-For`; nobody else is (anyone can send that
//! header).

use axum::http::HeaderMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<[IpAddr]>);

impl TrustedProxies {
    pub fn new(proxies: &[IpAddr]) -> TrustedProxies {
        TrustedProxies(proxies.into())
    }

    /// Whether connections from `ip` are a proxy's.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.contains(&ip)
    }

    /// Who a request is from: for a trusted proxy, the client it names last
    /// in `X-Forwarded-For` (port 0); else, or when it names none that
    /// reads as an address, the connection's own address.
    pub fn client(&self, peer: SocketAddr, headers: &HeaderMap) -> SocketAddr {
        if !self.trusts(peer.ip()) {
            return peer;
        }
        headers
            .get_all("x-forwarded-for")
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|last| last.trim().parse::<IpAddr>().ok())
            .map_or(peer, |ip| SocketAddr::new(ip, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().expect("a header value"));
        }
        h
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_and_only_its_last_entry() {
        let proxy: SocketAddr = "127.0.0.1:40000".parse().expect("an address");
        let stranger: SocketAddr = "198.51.100.7:40000".parse().expect("an address");
        let trusted = TrustedProxies::new(&[proxy.ip()]);
        // The proxy appends the address it saw; what the client sent before
        // it is the client's own claim and not believed.
        let forwarded = headers(&["10.0.0.1, 203.0.113.5"]);
        assert_eq!(
            trusted.client(proxy, &forwarded),
            "203.0.113.5:0".parse().expect("an address")
        );
        assert_eq!(
            trusted.client(proxy, &headers(&["10.0.0.1", "2001:db8::1"])),
            "[2001:db8::1]:0".parse().expect("an address")
        );
        assert_eq!(trusted.client(stranger, &forwarded), stranger);
        assert_eq!(TrustedProxies::default().client(proxy, &forwarded), proxy);
        assert_eq!(trusted.client(proxy, &headers(&["not an address"])), proxy);
        assert_eq!(trusted.client(proxy, &HeaderMap::new()), proxy);
    }
}
