// The region tile map (templates/_region_map.html). Without JavaScript each tile is a link
// to the search with its region toggled. Here a tile ticks or unticks the region's checkbox
// instead, and the live search (search.js) reloads results, counts and this map from the
// form's state, as for any other filter: text typed a moment ago is kept. The map is
// re-rendered by the server after each update, so everything here is delegated to the
// document, and the tile that was activated gets the focus back in the new map.
const TILE = ".region-map a.tile[data-region]";
let refocus = null; // the region of the tile to focus again once the new map is in place

const checkboxFor = (form, region) =>
  form.querySelector(`input[type=checkbox][name=region][value="${CSS.escape(region)}"]`);

const liveForm = (tile) => {
  const form = tile.closest("form[data-live]");
  // search.js marks the page once it drives the form; until then the link does the work.
  return form && document.documentElement.classList.contains("js") ? form : null;
};

// Capture phase: the tile is handled before the live search's own handler for links.
document.addEventListener(
  "click",
  (event) => {
    const tile = event.target.closest?.(TILE);
    if (!tile || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const form = liveForm(tile);
    const box = form && checkboxFor(form, tile.dataset.region);
    if (!box) return;
    event.preventDefault();
    event.stopPropagation();
    box.checked = !box.checked;
    tile.setAttribute("aria-pressed", String(box.checked));
    refocus = document.activeElement === tile ? tile.dataset.region : null;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  },
  true,
);

// The tiles are buttons (role="button"): Space activates them as well as Enter, on release,
// without scrolling the page.
document.addEventListener("keydown", (event) => {
  if (event.key === " " && event.target.closest?.(TILE)) event.preventDefault();
});
document.addEventListener("keyup", (event) => {
  const tile = event.key === " " && event.target.closest?.(TILE);
  if (tile) tile.click();
});

// Focus moved on by the visitor: nothing to give back.
document.addEventListener("focusin", (event) => {
  if (!event.target.closest?.(".region-map")) refocus = null;
});

// The live search replaced the map: focus the same region's tile again, unless the focus
// went somewhere on purpose meanwhile.
new MutationObserver(() => {
  if (!refocus) return;
  const lost = !document.activeElement || document.activeElement === document.body;
  const tile = document.querySelector(`${TILE}[data-region="${CSS.escape(refocus)}"]`);
  if (!lost || !document.querySelector(".region-map")) return;
  refocus = null;
  tile?.focus(); // none when the region has no result left: its tile is disabled
}).observe(document.body, { childList: true, subtree: true });
