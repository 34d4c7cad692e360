// Live search for the search page and its iframe twin: progressive enhancement of the
// GET form. The server renders the results; this script only fetches the same page for
// the new URL and swaps the facets and results in place, so nothing is rendered twice and
// the URL in the address bar is always the shareable search.
const form = document.querySelector("form[data-live]");

if (form) {
  document.documentElement.classList.add("js");
  const input = form.querySelector("input[name=q]");
  let controller = null;
  let timer = null;

  // The form's state as a URL: text and ticked facets, never the page number.
  const urlFor = () => {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (String(value).trim()) params.append(name, value);
    }
    const query = params.toString();
    return form.getAttribute("action") + (query ? `?${query}` : "");
  };

  // Replace the facets and results with those of the page at `url`.
  const load = async (url, { push = false, focusResults = false } = {}) => {
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
    swap(fresh, focusResults);
    document.title = page.title;
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  };

  // Swap every part but the text box (keeps focus and caret) and the status region's node
  // (kept so screen readers announce the new count from the same live region).
  const swap = (fresh, focusResults) => {
    const status = form.querySelector("[role=status]");
    const freshStatus = fresh.querySelector("[role=status]");
    const current = form.querySelector(".layout, .error");
    const next = fresh.querySelector(".layout, .error");
    if (current && next) current.replaceWith(document.importNode(next, true));
    const newStatus = form.querySelector("[role=status]");
    if (status && newStatus && freshStatus) {
      newStatus.replaceWith(status);
      status.textContent = freshStatus.textContent;
    }
    if (focusResults) form.querySelector(".results-area")?.focus();
  };

  input?.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => load(urlFor()), 250);
  });

  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=checkbox]")) load(urlFor());
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    load(urlFor(), { push: true });
  });

  // Links inside the results (pagination, suggestion, filter removal) stay on the page.
  form.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || link.target || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== form.getAttribute("action")) return;
    event.preventDefault();
    const fromPagination = Boolean(link.closest(".pagination"));
    if (input) input.value = url.searchParams.get("q") ?? "";
    load(url.pathname + url.search, { push: true, focusResults: fromPagination });
  });

  window.addEventListener("popstate", () => {
    const url = new URL(window.location.href);
    if (input) input.value = url.searchParams.get("q") ?? "";
    load(url.pathname + url.search);
  });
}
