/*
 * <solsearch-box>: the embeddable solsearch search box. Plain ES module, no build step,
 * no dependencies, no innerHTML, no <style>/<link>: it works under a strict host CSP
 * (script-src and connect-src limited to the solsearch host, style-src 'self').
 *
 *   <script type="module" src="https://SOLSEARCH_HOST/embed.js"></script>
 *   <solsearch-box theme="environnement" region="FR-BRE"></solsearch-box>
 *
 * Attributes (all optional, all observed: changing them later updates the box)
 *   theme, region  preset filters; several values separated by commas or spaces
 *   placeholder    placeholder of the text field
 *   action         full search page (default "{solsearch origin}/"); relative values resolve
 *                  against the host page, like a form action; only http(s) is accepted
 *   label          visible label (default "Rechercher une solution")
 *   target         where every navigation opens (e.g. "_blank"); default: this page
 *
 * Shadow DOM (open). Ids are fixed: each shadow root is its own id scope, so several boxes
 * can share a page and every ARIA reference stays inside the shadow root.
 *   form#solsearch-form [role=search][method=get][action][target?][lang=fr]  part="form"
 *     label#solsearch-label [for=solsearch-input]                            part="label"
 *     div.field                                                              part="field"
 *       div.combo
 *         input#solsearch-input [type=search][name=q][role=combobox]         part="input"
 *             aria-autocomplete="list" aria-haspopup="listbox" aria-expanded="true|false"
 *             aria-controls="solsearch-listbox" aria-activedescendant="solsearch-option-N"?
 *         ul#solsearch-listbox [role=listbox][aria-label="Suggestions"][hidden when closed]
 *                                                                            part="listbox"
 *           li#solsearch-option-0… [role=option][data-kind=query|solution][data-url]
 *               aria-selected="true" on the active option only (absent elsewhere)
 *               part="option" + "option-query" | "option-solution" + "option-active"
 *           li#solsearch-option-all [role=option][data-kind=search] (last, when useful)
 *               "Voir les N résultats pour « … »"  part="option option-search"
 *       button[type=submit] "Rechercher"                                     part="button"
 *     div#solsearch-presets [hidden]: input[type=hidden][name=theme|region], one per value
 *     div#solsearch-status [role=status] visually hidden                     part="status"
 *         "3 suggestions" | "1 suggestion" | "Aucune suggestion" | "Suggestions indisponibles"
 *         (counts the API suggestions, not the final "Voir les N résultats" option)
 *
 * Keyboard (WAI-ARIA APG combobox with listbox popup, list autocomplete, manual selection)
 *   ArrowDown / ArrowUp  open the list if closed (first / last option), else move, wrapping
 *   Alt+ArrowDown        open without moving;  Alt+ArrowUp  close
 *   Enter                active option: go to its page; none: submit (full search page)
 *   Escape               close the list; when already closed, clear the field
 *   Tab                  close the list (focus moves on normally)
 *   ArrowLeft/Right, Home/End  back to the text (no active option)
 *
 * Before any navigation a cancelable, bubbling "solsearch-navigate" event is dispatched on
 * the element, detail { url, query, kind: "query" | "solution" | "search" }: a partner may
 * preventDefault() to route or measure the visit itself.
 *
 * CSS custom properties (set on the host page, e.g. `solsearch-box { … }`):
 *   --solsearch-accent (#0b5cad)  --solsearch-accent-text (#ffffff)  --solsearch-text (#1d2430)
 *   --solsearch-background (#ffffff)  --solsearch-border (#6b7685)  --solsearch-mark (#fff1a8)
 *   --solsearch-font (system-ui…)  --solsearch-radius (6px)
 */

const ORIGIN = new URL(import.meta.url).origin;
const TAG = "solsearch-box";
const MIN_CHARS = 2;
const DEBOUNCE_MS = 150;
// The status waits for a pause before speaking, so screen readers are not flooded while typing.
const ANNOUNCE_MS = 500;
const CACHE_SIZE = 30;
const DEFAULT_LABEL = "Rechercher une solution";
const PRESETS = ["theme", "region"];
const NBSP = "\u00a0";

const CSS = `
:host {
  --_accent: var(--solsearch-accent, #0b5cad);
  --_accent-text: var(--solsearch-accent-text, #ffffff);
  --_text: var(--solsearch-text, #1d2430);
  --_bg: var(--solsearch-background, #ffffff);
  --_border: var(--solsearch-border, #6b7685);
  --_mark: var(--solsearch-mark, #fff1a8);
  --_radius: var(--solsearch-radius, 6px);
  display: block;
  box-sizing: border-box;
  max-width: 40rem;
  font-family: var(--solsearch-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: 1rem;
  line-height: 1.4;
  color: var(--_text);
  text-align: start;
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: inherit; }
[hidden] { display: none !important; }
form { position: relative; margin: 0; }
label { display: block; margin: 0 0 .35rem; font-weight: 600; }
/* The list is positioned against the whole field (input and button): wider on small screens. */
.field { position: relative; display: flex; flex-wrap: wrap; gap: .5rem; }
.combo { flex: 1 1 10rem; min-width: 0; }
input {
  display: block; width: 100%; min-height: 2.75rem; margin: 0; padding: .5rem .75rem;
  font: inherit; color: var(--_text); background: var(--_bg);
  border: 1px solid var(--_border); border-radius: var(--_radius);
}
input::placeholder { color: var(--_text); opacity: .7; }
button {
  flex: 0 0 auto; min-height: 2.75rem; margin: 0; padding: .5rem 1rem;
  font: inherit; font-weight: 600; color: var(--_accent-text); background: var(--_accent);
  border: 1px solid var(--_accent); border-radius: var(--_radius); cursor: pointer;
}
button:hover { text-decoration: underline; }
input:focus-visible, button:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
ul {
  position: absolute; z-index: 1000; top: calc(100% + 4px); left: 0; right: 0;
  max-height: min(24rem, 70vh); overflow-y: auto; margin: 0; padding: .25rem 0;
  list-style: none; color: var(--_text); background: var(--_bg);
  border: 1px solid var(--_border); border-radius: var(--_radius);
  box-shadow: 0 6px 18px rgb(0 0 0 / .18);
}
li {
  padding: .5rem .75rem; cursor: pointer; overflow-wrap: anywhere;
  border-inline-start: 4px solid transparent;
}
li:hover { border-inline-start-color: var(--_accent); text-decoration: underline; }
li[aria-selected="true"] {
  color: var(--_accent-text); background: var(--_accent);
  border-inline-start-color: var(--_accent-text);
}
li[data-kind="search"] { margin-top: .25rem; border-top: 1px solid var(--_border); font-weight: 600; }
li[data-kind="search"]:not([aria-selected="true"]) { color: var(--_accent); }
.hint { display: block; font-size: .85em; }
mark { color: inherit; background: var(--_mark); padding: 0 .05em; }
li[aria-selected="true"] mark { background: transparent; text-decoration: underline; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0;
}
@media (forced-colors: active) {
  li[aria-selected="true"] { forced-color-adjust: none; color: HighlightText; background: Highlight; }
  ul { border-color: CanvasText; }
}
`;

// One constructed sheet shared by every box; adoptedStyleSheets is not subject to style-src.
let sharedSheet;
function styleSheet() {
  if (sharedSheet === undefined) {
    sharedSheet = null;
    try {
      if ("adoptedStyleSheets" in ShadowRoot.prototype && "replaceSync" in CSSStyleSheet.prototype) {
        sharedSheet = new CSSStyleSheet();
        sharedSheet.replaceSync(CSS);
      }
    } catch {
      sharedSheet = null;
    }
  }
  return sharedSheet;
}

const numberFormat = new Intl.NumberFormat("fr-FR");

/** Build an element; attribute values are set as text, never parsed as HTML. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** Distinct values of a preset attribute ("FR-BRE, FR-PDL" or "FR-BRE FR-PDL"). */
function values(raw) {
  return [...new Set((raw || "").split(/[\s,]+/).filter(Boolean))];
}

/** An absolute http(s) URL, or null: a javascript: or data: URL must never be followed. */
function httpUrl(raw, base) {
  try {
    const url = new URL(raw, base);
    return url.protocol === "https:" || url.protocol === "http:" ? url : null;
  } catch {
    return null;
  }
}

/** French spacing, as the pages have it: no line break before : ; ! ? » or after «. */
function frenchSpacing(text) {
  return text.replace(/\s+(?=[:;!?»])/g, NBSP).replace(/«\s+/g, `«${NBSP}`);
}

function shorten(text, max = 60) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The label as text nodes, with <mark> around the word starts that match the typed words.
 * Built from text nodes only: the label comes from the network.
 */
function highlighted(label, query) {
  // Fold char by char so that every folded index maps back to the original string.
  let folded = "";
  const origin = [];
  let index = 0;
  for (const char of label) {
    const part = char.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    for (let k = 0; k < part.length; k += 1) origin.push(index);
    folded += part;
    index += char.length;
  }
  origin.push(label.length);
  const words = query.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
    .split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= MIN_CHARS);
  const ranges = [];
  for (const word of words) {
    let at = folded.indexOf(word);
    while (at !== -1) {
      if (at === 0 || !/[\p{L}\p{N}]/u.test(folded[at - 1])) {
        ranges.push([origin[at], origin[at + word.length]]);
        break;
      }
      at = folded.indexOf(word, at + 1);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const nodes = [];
  let cursor = 0;
  for (const [start, end] of ranges) {
    if (end <= cursor) continue;
    const from = Math.max(start, cursor);
    if (from > cursor) nodes.push(document.createTextNode(label.slice(cursor, from)));
    nodes.push(h("mark", {}, label.slice(from, end)));
    cursor = end;
  }
  if (cursor < label.length) nodes.push(document.createTextNode(label.slice(cursor)));
  return nodes;
}

class ApiError extends Error {}

async function getJSON(url, signal) {
  // No cookies: the partner's visitors are anonymous to solsearch.
  const response = await fetch(url, {
    signal, credentials: "omit", headers: { Accept: "application/json" },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(body?.error?.message || `HTTP ${response.status}`);
  }
  if (!body || typeof body !== "object") throw new ApiError("réponse illisible");
  return body;
}

const warned = new Set();
function warnOnce(message) {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`<${TAG}> : ${message}`);
}

export class SolsearchBox extends HTMLElement {
  static observedAttributes = ["theme", "region", "placeholder", "action", "label", "target"];

  #form;
  #label;
  #input;
  #listbox;
  #presets;
  #status;
  #options = [];        // [{ id, kind, label, url }] as rendered in the listbox
  #active = -1;
  #renderedQuery = null;
  #seq = 0;             // bumped on every new query: older responses are ignored
  #controller = null;
  #debounce = 0;
  #announceTimer = 0;
  #cache = new Map();   // "query\u0000presets" → { suggestions, total, failed }

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: "open" });
    const sheet = styleSheet();
    if (sheet) shadow.adoptedStyleSheets = [sheet];

    this.#label = h("label", { id: "solsearch-label", for: "solsearch-input", part: "label" },
      DEFAULT_LABEL);
    this.#input = h("input", {
      id: "solsearch-input", type: "search", name: "q", role: "combobox", part: "input",
      "aria-autocomplete": "list", "aria-haspopup": "listbox", "aria-expanded": "false",
      "aria-controls": "solsearch-listbox", autocomplete: "off", autocapitalize: "off",
      spellcheck: "false", maxlength: "500", enterkeyhint: "search",
    });
    this.#listbox = h("ul", {
      id: "solsearch-listbox", role: "listbox", "aria-label": "Suggestions", part: "listbox",
    });
    this.#listbox.hidden = true;
    this.#presets = h("div", { id: "solsearch-presets" });
    this.#presets.hidden = true;
    this.#status = h("div", {
      id: "solsearch-status", role: "status", "aria-live": "polite", "aria-atomic": "true",
      class: "visually-hidden", part: "status",
    });
    if (!sheet) {
      // Old browsers without constructable sheets: CSSOM properties are not blocked by CSP.
      Object.assign(this.#status.style, {
        position: "absolute", width: "1px", height: "1px", overflow: "hidden",
        clipPath: "inset(50%)", whiteSpace: "nowrap",
      });
    }
    this.#form = h("form", {
      id: "solsearch-form", role: "search", method: "get", lang: "fr", part: "form",
      "aria-labelledby": "solsearch-label", action: `${ORIGIN}/`,
    },
    this.#label,
    h("div", { class: "field", part: "field" },
      h("div", { class: "combo" }, this.#input, this.#listbox),
      h("button", { type: "submit", part: "button" }, "Rechercher")),
    this.#presets,
    this.#status);
    shadow.append(this.#form);

    this.#input.addEventListener("input", () => this.#onInput());
    this.#input.addEventListener("keydown", (event) => this.#onKeydown(event));
    this.#input.addEventListener("blur", () => this.#close());
    this.#form.addEventListener("submit", (event) => this.#onSubmit(event));
    // Keep focus in the field while clicking an option, so blur does not close the list first.
    this.#listbox.addEventListener("mousedown", (event) => event.preventDefault());
    this.#listbox.addEventListener("click", (event) => this.#onClick(event));
  }

  connectedCallback() {
    for (const name of SolsearchBox.observedAttributes) this.#sync(name);
  }

  disconnectedCallback() {
    this.#cancel();
    clearTimeout(this.#announceTimer);
    this.#close();
  }

  attributeChangedCallback(name, previous, current) {
    if (previous !== current) this.#sync(name);
  }

  /** Reflect one attribute into the shadow DOM. */
  #sync(name) {
    const raw = this.getAttribute(name);
    switch (name) {
      case "label":
        this.#label.textContent = raw?.trim() || DEFAULT_LABEL;
        break;
      case "placeholder":
        if (raw) this.#input.setAttribute("placeholder", raw);
        else this.#input.removeAttribute("placeholder");
        break;
      case "action":
        this.#form.setAttribute("action", this.#actionUrl().href);
        break;
      case "target": {
        const target = raw?.trim();
        if (target) this.#form.setAttribute("target", target);
        else this.#form.removeAttribute("target");
        break;
      }
      case "theme":
      case "region":
        this.#syncPresets();
        break;
      default:
    }
  }

  #syncPresets() {
    const inputs = PRESETS.flatMap((name) => values(this.getAttribute(name)).map((value) =>
      h("input", { type: "hidden", name, value })));
    this.#presets.replaceChildren(...inputs);
    // Counts and query links depend on the presets: cached answers are no longer valid.
    this.#cache.clear();
    if (this.#renderedQuery !== null && this.isConnected) this.#load(this.#input.value);
  }

  #presetPairs() {
    return PRESETS.flatMap((name) => values(this.getAttribute(name)).map((value) => [name, value]));
  }

  #actionUrl() {
    const raw = this.getAttribute("action")?.trim();
    if (raw) {
      const url = httpUrl(raw, document.baseURI);
      if (url) return url;
      warnOnce(`action « ${raw} » ignoré : seule une adresse http(s) est acceptée.`);
    }
    return new URL("/", ORIGIN);
  }

  /** The full search page for a query, as the form would submit it (presets included). */
  #searchUrl(query) {
    const url = this.#actionUrl();
    for (const name of ["q", ...PRESETS]) url.searchParams.delete(name);
    const text = query.trim();
    if (text) url.searchParams.append("q", text);
    for (const [name, value] of this.#presetPairs()) url.searchParams.append(name, value);
    return url;
  }

  /** A suggestion's URL, relative to the solsearch origin; null when not a web address. */
  #suggestionUrl(raw) {
    const url = typeof raw === "string" ? httpUrl(raw, `${ORIGIN}/`) : null;
    if (!url) return null;
    // Word completions point at solsearch's search page: send them through the configured
    // full search page so that the partner's presets (theme, region) still apply.
    const customised = this.#presetPairs().length > 0 || this.hasAttribute("action");
    if (customised && url.origin === ORIGIN && url.pathname === "/" && url.searchParams.has("q")) {
      return this.#searchUrl(url.searchParams.get("q"));
    }
    return url;
  }

  // ---- fetching -------------------------------------------------------------------------

  #onInput() {
    this.#cancel();
    this.#setActive(-1);
    this.#announce("");
    if (this.#input.value.trim().length < MIN_CHARS) {
      this.#clearOptions();
      return;
    }
    this.#debounce = setTimeout(() => this.#load(this.#input.value), DEBOUNCE_MS);
  }

  #cancel() {
    clearTimeout(this.#debounce);
    this.#controller?.abort();
    this.#controller = null;
    this.#seq += 1;
  }

  async #load(query) {
    this.#cancel();
    if (query.trim().length < MIN_CHARS) return;
    const seq = this.#seq;
    const key = `${query.trim()}\u0000${JSON.stringify(this.#presetPairs())}`;
    let data = this.#cache.get(key);
    if (!data) {
      const controller = new AbortController();
      this.#controller = controller;
      data = await this.#fetchData(query, controller.signal);
      if (seq !== this.#seq || controller.signal.aborted) return; // a newer query took over
      this.#controller = null;
      if (!data.failed) {
        this.#cache.set(key, data);
        if (this.#cache.size > CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value);
      }
    }
    if (seq !== this.#seq) return;
    this.#render(query, data);
  }

  /** Suggestions and the number of results, fetched together; never throws. */
  async #fetchData(query, signal) {
    const suggestUrl = new URL("/api/suggest", ORIGIN);
    suggestUrl.searchParams.set("q", query);
    const searchUrl = new URL("/api/search", ORIGIN);
    searchUrl.searchParams.set("q", query.trim());
    for (const [name, value] of this.#presetPairs()) searchUrl.searchParams.append(name, value);
    // Only the total is shown: one result per page is the cheapest valid request.
    searchUrl.searchParams.set("per_page", "1");

    const [suggested, counted] = await Promise.allSettled([
      getJSON(suggestUrl, signal), getJSON(searchUrl, signal),
    ]);
    const failed = suggested.status === "rejected";
    const suggestions = failed ? [] : (Array.isArray(suggested.value.suggestions)
      ? suggested.value.suggestions : []).filter((item) =>
      item && typeof item.label === "string" && item.label.trim() && typeof item.url === "string");
    let total = null;
    if (counted.status === "fulfilled" && Number.isInteger(counted.value.total)) {
      total = counted.value.total;
    } else if (counted.status === "rejected" && counted.reason instanceof ApiError) {
      // Typically a wrong theme or region preset: tell the integrator, not the visitor.
      warnOnce(counted.reason.message);
    }
    return { suggestions, total, failed: failed && total === null };
  }

  // ---- rendering ------------------------------------------------------------------------

  #render(query, { suggestions, total, failed }) {
    const text = query.trim();
    const options = [];
    for (const item of suggestions) {
      const url = this.#suggestionUrl(item.url);
      if (!url) continue;
      const kind = url.origin === ORIGIN && url.pathname.startsWith("/solutions/")
        ? "solution" : "query";
      options.push({ kind, label: frenchSpacing(item.label.trim()), url });
    }
    const count = options.length;
    if (total > 0 || (total === null && count > 0)) {
      let label = `Rechercher «${NBSP}${shorten(text)}${NBSP}»`;
      if (total === 1) label = `Voir le résultat pour «${NBSP}${shorten(text)}${NBSP}»`;
      else if (total > 1) {
        label = `Voir les ${numberFormat.format(total)} résultats pour «${NBSP}${shorten(text)}${NBSP}»`;
      }
      options.push({ kind: "search", label, url: this.#searchUrl(text) });
    }

    this.#setActive(-1);
    this.#options = options.map((option, index) => ({
      ...option, id: option.kind === "search" ? "solsearch-option-all" : `solsearch-option-${index}`,
    }));
    this.#renderedQuery = query;
    this.#listbox.replaceChildren(...this.#options.map((option) => this.#optionElement(option, text)));

    // A late answer must not pop a list over the page once the visitor has left the field.
    if (this.#options.length && this.shadowRoot.activeElement === this.#input) this.#open();
    else this.#close();

    if (failed) this.#announce("Suggestions indisponibles");
    else if (count === 0) this.#announce("Aucune suggestion");
    else this.#announce(`${count} suggestion${count > 1 ? "s" : ""}`);
  }

  #optionElement(option, query) {
    const parts = ["option", `option-${option.kind}`];
    const element = h("li", {
      id: option.id, role: "option", part: parts.join(" "), "data-kind": option.kind,
      "data-url": option.url.href,
    });
    if (option.kind === "search") element.append(option.label);
    else element.append(...highlighted(option.label, query));
    // The space keeps "… Fiche solution" apart in the option's accessible name.
    if (option.kind === "solution") element.append(" ", h("span", { class: "hint" }, "Fiche solution"));
    return element;
  }

  #clearOptions() {
    this.#options = [];
    this.#renderedQuery = null;
    this.#close();
    this.#listbox.replaceChildren();
  }

  #open() {
    if (!this.#options.length) return;
    this.#listbox.hidden = false;
    this.#input.setAttribute("aria-expanded", "true");
  }

  #close() {
    this.#setActive(-1);
    this.#listbox.hidden = true;
    this.#input.setAttribute("aria-expanded", "false");
  }

  #isOpen() {
    return !this.#listbox.hidden;
  }

  #setActive(index) {
    for (const element of this.#listbox.children) {
      element.removeAttribute("aria-selected");
      element.setAttribute("part", element.getAttribute("part").replace(/\s*option-active/, ""));
    }
    const element = index >= 0 ? this.#listbox.children[index] : null;
    this.#active = element ? index : -1;
    if (!element) {
      this.#input.removeAttribute("aria-activedescendant");
      return;
    }
    element.setAttribute("aria-selected", "true");
    element.setAttribute("part", `${element.getAttribute("part")} option-active`);
    this.#input.setAttribute("aria-activedescendant", element.id);
    element.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  #announce(text) {
    clearTimeout(this.#announceTimer);
    if (!text) {
      this.#status.textContent = "";
      return;
    }
    this.#announceTimer = setTimeout(() => { this.#status.textContent = text; }, ANNOUNCE_MS);
  }

  // ---- interaction ----------------------------------------------------------------------

  #onKeydown(event) {
    if (event.isComposing || event.keyCode === 229) return; // IME composition in progress
    const count = this.#options.length;
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp": {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        const down = event.key === "ArrowDown";
        if (event.altKey) {
          if (down) this.#reopen();
          else this.#close();
          return;
        }
        if (!count || this.#renderedQuery !== this.#input.value) {
          // Nothing shown for this text yet: fetch now rather than wait for the debounce.
          if (this.#input.value.trim().length >= MIN_CHARS) this.#load(this.#input.value);
          return;
        }
        if (!this.#isOpen()) {
          this.#open();
          this.#setActive(down ? 0 : count - 1);
          return;
        }
        const from = this.#active;
        let next;
        if (from < 0) next = down ? 0 : count - 1;
        else next = (from + (down ? 1 : -1) + count) % count;
        this.#setActive(next);
        return;
      }
      case "Enter":
        if (this.#isOpen() && this.#active >= 0) {
          event.preventDefault(); // no implicit form submission
          this.#choose(this.#active, event);
        }
        return; // otherwise the form submits: full search
      case "Escape":
        if (this.#isOpen()) {
          event.preventDefault(); // also stops Chrome's own clearing of type=search
          this.#close();
        } else if (this.#input.value) {
          event.preventDefault();
          this.#input.value = "";
          this.#cancel();
          this.#clearOptions();
          this.#announce("");
        }
        return;
      case "Tab":
        this.#close();
        return;
      case "ArrowLeft":
      case "ArrowRight":
      case "Home":
      case "End":
        this.#setActive(-1);
        return;
      default:
    }
  }

  #reopen() {
    if (this.#options.length && this.#renderedQuery === this.#input.value) this.#open();
    else if (this.#input.value.trim().length >= MIN_CHARS) this.#load(this.#input.value);
  }

  #onClick(event) {
    const element = event.target.closest?.('[role="option"]');
    if (!element) return;
    const index = [...this.#listbox.children].indexOf(element);
    if (index >= 0) this.#choose(index, event);
  }

  #choose(index, event) {
    const option = this.#options[index];
    if (!option) return;
    // Ctrl/Cmd+click or Ctrl/Cmd+Enter opens a new tab, as a link would.
    const newTab = event && (event.ctrlKey || event.metaKey);
    this.#navigate(option.url, option.kind, newTab ? "_blank" : undefined);
  }

  #onSubmit(event) {
    // Navigate ourselves rather than submit: the host page's form-action CSP cannot block it,
    // and query parameters already present in the action URL are kept.
    event.preventDefault();
    this.#navigate(this.#searchUrl(this.#input.value), "search");
  }

  #navigate(url, kind, forcedTarget) {
    const detail = { url: url.href, query: this.#input.value.trim(), kind };
    const allowed = this.dispatchEvent(new CustomEvent("solsearch-navigate", {
      detail, bubbles: true, cancelable: true,
    }));
    this.#close();
    if (!allowed) return;
    const target = forcedTarget || this.getAttribute("target")?.trim();
    if (!target || target === "_self") window.location.assign(url.href);
    else if (target === "_blank") window.open(url.href, "_blank", "noopener");
    else window.open(url.href, target);
  }
}

// The script may be included twice (or by two partners' snippets): define once.
if (!customElements.get(TAG)) customElements.define(TAG, SolsearchBox);
