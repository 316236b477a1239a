// Comap's service worker: keeps the page itself (HTML, script, WebAssembly,
// styles, fonts) so a map opens while the server cannot be reached. Always
// asks the network first; the kept copy is used only when that fails. The
// map's content is kept by the page in IndexedDB, not here; the API and the
// WebSocket are never touched.
const SHELL = "comap-shell-v2";
// An address the server answers with the participants' page (`/` is the
// facilitator's page: making maps needs the server anyway).
const SHELL_PAGE = "/join";

// The files the page is made of, as named in its HTML and its stylesheet
// (its English words among them).
const files = (text) =>
  [...text.matchAll(/["'(=](\/[\w.\-\/]+\.(?:js|wasm|css|woff2|ftl))(?=["')\s>])/g)].map((m) => m[1]);

// Keep the whole page at once, so it opens offline even if it was only
// visited once.
self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const page = await fetch(SHELL_PAGE, { cache: "no-store" });
      const html = await page.clone().text();
      await cache.put(SHELL_PAGE, page);
      const all = new Set(files(html));
      for (const css of [...all].filter((f) => f.endsWith(".css"))) {
        files(await (await fetch(css)).text()).forEach((f) => all.add(f));
      }
      await cache.addAll([...all]);
      await self.skipWaiting();
    })(),
  );
});
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== SHELL).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  const mine = url.origin === self.location.origin;
  // The API, the WebSocket and the facilitator's dashboard (its own page,
  // of no use offline) go to the network as they are.
  const passed = ["/api/", "/w/", "/facilitator/"].some((p) => url.pathname.startsWith(p));
  const home = url.pathname === "/";
  if (request.method !== "GET" || !mine || passed || home || url.pathname === "/ws") {
    return;
  }
  // Every other page of Comap is the same HTML, so one copy serves any map's address.
  const key = request.mode === "navigate" ? SHELL_PAGE : request;
  event.respondWith(
    (async () => {
      const cache = await caches.open(SHELL);
      try {
        const response = await fetch(request);
        if (response.ok) {
          await cache.put(key, response.clone());
        }
        return response;
      } catch (offline) {
        const kept = await cache.match(key);
        if (kept) {
          return kept;
        }
        throw offline;
      }
    })(),
  );
});
