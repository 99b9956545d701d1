/* Casebook search: Material's search dialog driven by Pagefind's JS API. Nothing under pagefind/
   loads before the search is opened. Text from the index is set as text, never as HTML. */
(() => {
  const root = document.querySelector("[data-cb-search]"), toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  const $ = (s) => root.querySelector(s), el = (t, props) => Object.assign(document.createElement(t), props);
  const input = $("[data-cb-search-query]"), meta = $(".md-search-result__meta"), list = $("ol");
  const more = $("[data-cb-search-more]"), selects = root.querySelectorAll("select");
  // The page's words (partials/casebook-search.html, in the page's language), English by default.
  const T = Object.assign({
    hint: "Type to search, or choose a filter", loading: "Loading search…",
    missing: "Search is not available: the search index was not found.",
    failed: "Search failed. Please try again.", one: "1 result", many: "{n} results",
    none: "No results", noneFiltered: "No results with these filters",
    more: "Show {n} more", more20: "Show 20 more ({n} left)",
  }, JSON.parse(root.dataset.cbTexts || "{}"));
  const say = (text, n) => text.replace("{n}", String(n));
  const HINT = T.hint;
  let seq = 0, loading, results = [], shown = 0;

  const load = () => loading || (loading = (async () => {
    meta.textContent = T.loading;
    const b = JSON.parse(document.getElementById("__config").textContent).base;
    const base = new URL(b.endsWith("/") ? b : b + "/", location.href);
    const pf = await import(new URL("pagefind/pagefind.js", base).href);
    await pf.options({ baseUrl: base.pathname });
    await pf.init();
    const all = (await pf.filters()) || {};
    for (const s of selects) {
      const values = Object.keys(all[s.dataset.cbSearchFilter] || {}).sort();
      for (const v of values) s.add(new Option(v, v));
      if (values.length) s.parentNode.hidden = s.parentNode.parentNode.hidden = false;
    }
    if (!seq) meta.textContent = HINT;
    return pf;
  })().catch((e) => {
    loading = null;
    meta.textContent = T.missing;
    throw e;
  }));

  const close = () => {
    if (toggle.checked) toggle.click();
    if (root.contains(document.activeElement)) document.activeElement.blur();
  };

  // The excerpt is HTML: <mark> around hits, entities elsewhere. Rebuilt from text nodes.
  const excerpt = (p, html) => {
    let marked = false;
    for (const part of String(html || "").split(/(<\/?mark>)/)) {
      if (/^<\/?mark>$/.test(part)) { marked = part === "<mark>"; continue; }
      const text = new DOMParser().parseFromString("<body>" + part, "text/html").body.textContent;
      if (text) p.append(marked ? el("mark", { textContent: text }) : text);
    }
  };
  // A same-origin path only: "/x", never "//host" or "/\host".
  const safe = (u) => typeof u == "string" && /^\/(?![/\\])/.test(u) && new URL(u, location.href).origin == location.origin;

  async function showMore(id) {
    const batch = await Promise.all(results.slice(shown, shown + 20).map((r) => r.data()));
    if (id !== seq) return false;
    shown += batch.length;
    for (const d of batch) {
      if (!safe(d.url)) continue;
      const p = el("p"), art = el("article", { className: "md-search-result__article md-typeset" });
      excerpt(p, d.excerpt);
      art.append(el("h1", { textContent: (d.meta && d.meta.title) || d.url }), p);
      const li = el("li", { className: "md-search-result__item" });
      li.append(el("a", { className: "md-search-result__link", href: d.url }));
      li.firstChild.append(art);
      list.append(li);
    }
    const left = results.length - shown;
    more.hidden = left <= 0;
    more.textContent = say(left > 20 ? T.more20 : T.more, left);
    return true;
  }

  async function run(delay) {
    const id = ++seq, q = input.value.trim(), filters = {};
    for (const s of selects) if (s.value) filters[s.dataset.cbSearchFilter] = s.value;
    const filtered = Object.keys(filters).length;
    try {
      const pf = await load();
      if (q) pf.preload(q, { filters }).catch(() => {});
      await new Promise((r) => setTimeout(r, delay));
      if (id !== seq) return;
      const res = q || filtered ? await pf.search(q || null, { filters }) : null;
      if (id !== seq) return;
      results = res ? res.results : [];
      shown = 0;
      list.textContent = "";
      if (!(await showMore(id))) return;
      const n = results.length;
      meta.textContent = !res ? HINT : n ? say(n > 1 ? T.many : T.one, n) : filtered ? T.noneFiltered : T.none;
    } catch (e) {
      if (id === seq && loading) meta.textContent = T.failed;
    }
  }

  toggle.addEventListener("change", () => {
    if (toggle.checked) { load().catch(() => {}); input.focus(); } else close();
  });
  input.addEventListener("focus", () => { if (!toggle.checked) toggle.click(); load().catch(() => {}); });
  input.addEventListener("input", () => run(300));
  for (const s of selects) s.addEventListener("change", () => run(0));
  $("form").addEventListener("submit", (e) => e.preventDefault());
  $("form").addEventListener("reset", () => setTimeout(() => { run(0); input.focus(); }));
  more.addEventListener("click", async () => {
    const next = list.children.length;
    if ((await showMore(seq)) && list.children[next]) list.children[next].firstChild.focus();
  });
  list.addEventListener("click", (e) => { if (e.target.closest("a")) close(); });
  // Focus leaving the dialog closes it: it never covers the focused control.
  root.addEventListener("focusout", (e) => { if (e.relatedTarget && !root.contains(e.relatedTarget)) close(); });

  document.addEventListener("keydown", (e) => {
    const t = e.target, k = e.key;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (!toggle.checked) {
      if ((k == "/" || k == "s") && !/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) && !t.isContentEditable) {
        e.preventDefault(); toggle.click(); input.focus(); input.select();
      }
      return;
    }
    if (k == "Escape") { e.preventDefault(); close(); return; }
    const links = [input, ...list.querySelectorAll("a")], i = links.indexOf(t);
    if (k == "Enter" && t === input) {
      e.preventDefault();
      if (links[1]) links[1].click(); else run(0);
    } else if (i >= 0 && (k == "ArrowDown" || k == "ArrowUp")) {
      e.preventDefault();
      links[(i + (k == "ArrowDown" ? 1 : links.length - 1)) % links.length].focus();
    }
  });
})();
