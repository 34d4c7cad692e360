// Live search for the search page and its iframe twin: progressive enhancement of the
// GET form. The server renders the results; this script only fetches the same page for
// the new URL and swaps the facets and results in place, so nothing is rendered twice and
// the URL in the address bar is always the shareable search.
//
// History: each change of filters, order or page, and each query once typing settles, is an
// entry of its own, so Back undoes it; each entry remembers where the page was scrolled and
// what had focus, restored on Back (also from a solution's page). Focus never falls to the
// page's start: a ticked box keeps it through the update.
const form = document.querySelector("form[data-live]");
// The width from which the facets stand beside the results (as in solsearch.css).
const WIDE = window.matchMedia("(min-width: 46.01rem)");
const TYPING_PAUSE = 250; // ms after a key before the results follow the text
const TYPING_SETTLES = 1000; // ms without a key after which the next query is a new entry

if (form) {
  document.documentElement.classList.add("js");
  history.scrollRestoration = "manual";
  const input = form.querySelector("input[name=q]");
  // In an iframe, entries would be the host page's: its Back button stays its own.
  const framed = window.top !== window.self;
  let controller = null;
  let timer = null;
  let settle = null;
  let typingHasEntry = false;

  const filters = () => form.querySelector("details.filters");
  const heading = () => form.querySelector("#resultats");
  const here = () => window.location.pathname + window.location.search;

  // The form's state as a URL: text, ticked facets and order (unless the default one),
  // never the page number.
  const urlFor = () => {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (name === "sort" && value === "relevance") continue;
      if (String(value).trim()) params.append(name, value);
    }
    const query = params.toString();
    return form.getAttribute("action") + (query ? `?${query}` : "");
  };

  // A selector finding `element` again in a page rendered anew (by id, or a link by address).
  const selectorOf = (element) => {
    if (!element || element === document.body || !form.contains(element)) return null;
    if (element.id) return `#${CSS.escape(element.id)}`;
    const link = element.closest("a[href]");
    return link ? `a[href="${CSS.escape(link.getAttribute("href"))}"]` : null;
  };

  // Keep in the current entry where the page is and what has focus, to come back to it.
  const remember = (focused = document.activeElement) => {
    const state = { ...(history.state || {}), scroll: window.scrollY, focus: selectorOf(focused) };
    history.replaceState(state, "");
  };

  const restore = (state) => {
    const target = state?.focus && form.querySelector(state.focus);
    target?.focus({ preventScroll: true });
    if (typeof state?.scroll === "number") window.scrollTo(0, state.scroll);
  };

  const record = (url, entry) => {
    if (entry === "none") return;
    const push = entry === "push" || (entry === "typing" && !typingHasEntry);
    if (entry === "typing") typingHasEntry = true;
    if (push && !framed && url !== here()) {
      remember();
      history.pushState({}, "", url);
    } else {
      history.replaceState(history.state, "", url);
    }
  };

  // While the visitor ticks boxes, each facet keeps the order it had (the server orders by
  // counts, which ticking in another facet changes): values stay where they were, new ones
  // come last, and each list keeps its length so that « Voir plus (N) » stays true.
  const keepOrder = (before, after) => {
    for (const facet of after.querySelectorAll("fieldset.facet[id]")) {
      const old = before.querySelector(`#${CSS.escape(facet.id)}`);
      if (!old) continue;
      const order = [...old.querySelectorAll("input[type=checkbox]")].map((box) => box.value);
      const place = (li) => {
        const at = order.indexOf(li.querySelector("input")?.value);
        return at < 0 ? order.length : at;
      };
      // The checkbox lists only: the region facet also holds the map's tiles.
      const lists = facet.querySelectorAll(":scope > ul, :scope > details.more > ul");
      const items = [...lists].flatMap((list) => [...list.children]);
      items.sort((a, b) => place(a) - place(b));
      for (const list of lists) {
        const size = list.children.length;
        list.append(...items.splice(0, size));
      }
      const more = facet.querySelector("details.more");
      if (more?.querySelector("input:checked")) more.open = true; // a ticked box is never hidden
    }
  };

  // Replace the facets and results with those of the page at `url`.
  // entry: "push" (a new history entry), "typing" (one entry per burst of typing),
  // "replace" or "none" (going through history). then: "results" moves focus and view to
  // the results' heading; an entry's state restores its scroll and focus. stable: keep the
  // facets' order (see keepOrder).
  const load = async (url, { entry = "push", then = null, stable = false } = {}) => {
    if (entry !== "typing") typingHasEntry = false;
    controller?.abort();
    controller = new AbortController();
    let html;
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: "text/html" } });
      html = await response.text();
    } catch (error) {
      if (error.name === "AbortError") return;
      window.location.assign(url); // network trouble: fall back to a normal page load
      return;
    }
    const page = new DOMParser().parseFromString(html, "text/html");
    const fresh = page.querySelector("form[data-live]");
    if (!fresh) return;
    record(url, entry);
    if (stable) keepOrder(form, fresh);
    swap(fresh);
    document.title = page.title;
    if (then === "results") {
      heading()?.focus({ preventScroll: true });
      heading()?.scrollIntoView({ block: "start" });
    } else if (then) {
      restore(then);
    }
  };

  // Swap every part but the text box (keeps focus and caret) and the status region's node
  // (kept so screen readers announce the new count, and its note, from the same live
  // region). Disclosures stay open, and focus stays on the same control, or goes to the
  // results' heading when that control is gone (a removed filter's chip).
  const swap = (fresh) => {
    const current = form.querySelector(".layout, .error");
    const next = fresh.querySelector(".layout, .error");
    if (!current || !next) return;
    const open = [...current.querySelectorAll("details[open][id]")].map((d) => d.id);
    const focused = current.contains(document.activeElement) ? selectorOf(document.activeElement) : null;
    const hadFocus = current.contains(document.activeElement);
    const status = form.querySelector("[role=status]");
    const freshStatus = fresh.querySelector("[role=status]");
    current.replaceWith(document.importNode(next, true));
    for (const id of open) form.querySelector(`#${CSS.escape(id)}`)?.setAttribute("open", "");
    const newStatus = form.querySelector("[role=status]");
    if (status && newStatus && freshStatus) {
      newStatus.replaceWith(status);
      status.replaceChildren(...document.importNode(freshStatus, true).childNodes);
    }
    if (hadFocus) {
      const again = focused && form.querySelector(focused);
      (again || heading())?.focus({ preventScroll: true });
    }
  };

  // The filters stand open beside the results on wide screens, and fold on small ones.
  const fit = () => {
    if (filters()) filters().open = WIDE.matches;
  };
  fit();
  WIDE.addEventListener("change", fit);

  input?.addEventListener("input", () => {
    clearTimeout(timer);
    clearTimeout(settle);
    timer = setTimeout(() => load(urlFor(), { entry: "typing" }), TYPING_PAUSE);
    settle = setTimeout(() => {
      typingHasEntry = false;
    }, TYPING_SETTLES);
  });

  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=checkbox]")) load(urlFor(), { stable: true });
    else if (event.target.matches("select")) load(urlFor());
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    load(urlFor());
  });

  // « Afficher N résultats » folds the filters and leads to the results.
  form.addEventListener("click", (event) => {
    if (!event.target.closest("[data-show-results]")) return;
    if (filters()) filters().open = false;
    heading()?.focus({ preventScroll: true });
    heading()?.scrollIntoView({ block: "start" });
  });

  // Escape folds the filters on small screens and gives focus back to « Filtrer ».
  form.addEventListener("keydown", (event) => {
    const panel = event.target.closest?.("details.filters[open]");
    if (event.key !== "Escape" || WIDE.matches || !panel) return;
    panel.open = false;
    panel.querySelector("summary")?.focus();
  });

  // Links inside the results (pagination, chips, suggestions) stay on the page; links that
  // leave it (a solution) first remember where the visitor was.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented) return;
    const url = new URL(link.href, window.location.href);
    const inside = url.origin === window.location.origin && url.pathname === form.getAttribute("action");
    if (!inside || !form.contains(link) || link.target || event.ctrlKey || event.metaKey || event.shiftKey) {
      remember(link);
      return;
    }
    event.preventDefault();
    if (input) input.value = url.searchParams.get("q") ?? "";
    const then = link.closest(".pagination") ? "results" : null;
    load(url.pathname + url.search, { then });
  });

  window.addEventListener("pagehide", () => remember());

  window.addEventListener("popstate", (event) => {
    const url = new URL(window.location.href);
    if (input) input.value = url.searchParams.get("q") ?? "";
    load(url.pathname + url.search, { entry: "none", then: event.state || {} });
  });

  // Back from a solution's page (or a reload): the list where the visitor left it.
  restore(history.state);
}
