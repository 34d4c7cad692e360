// "Copier" buttons: progressive enhancement. The buttons are in the page but hidden, and only
// shown here, where they can work. A button copies either this page's address
// ([data-copy-link]: the canonical URL, without the way back to the results) or the text
// of the element named by [data-copy-from]; the outcome is announced in the page's
// [data-copy-status] live region.
const status = document.querySelector("[data-copy-status]");

const announce = (message) => {
  if (!status) return;
  status.textContent = "";
  // A new text node in an emptied region is announced even when the message repeats.
  setTimeout(() => { status.textContent = message; }, 50);
};

// navigator.clipboard needs a secure context (https or localhost); elsewhere, the older
// execCommand("copy") on a selected off-screen text area.
const copyText = async (text) => {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // permission refused: try the older way
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "copy-buffer";
  document.body.append(area);
  area.select();
  let done = false;
  try {
    done = document.execCommand("copy");
  } catch {
    done = false;
  }
  area.remove();
  return done;
};

// The text to copy for a button, and what to select when copying is impossible.
const sourceOf = (button) => {
  if (button.hasAttribute("data-copy-link")) {
    const canonical = document.querySelector("link[rel=canonical]")?.href;
    return { text: canonical || window.location.href, element: null };
  }
  const element = document.getElementById(button.dataset.copyFrom);
  return { text: element ? element.textContent : "", element };
};

const selectContents = (element) => {
  if (!element) return;
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
};

for (const button of document.querySelectorAll("[data-copy-link], [data-copy-from]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const { text, element } = sourceOf(button);
    if (await copyText(text)) {
      announce(button.hasAttribute("data-copy-link") ? "Lien copié" : "Code copié");
    } else {
      selectContents(element);
      announce(element
        ? "Copie impossible : le code est sélectionné, appuyez sur Ctrl+C."
        : "Copie impossible : copiez l’adresse de la page depuis la barre d’adresse.");
    }
  });
}
