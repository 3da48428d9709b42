// Changing the page's language keeps what was typed (cohesion/core/languages.py).
// Before a language switcher link is followed, the values of the page's forms are
// kept in sessionStorage under the page's address; after the page reloads in the
// new language they are put back and forgotten. Passwords, files and hidden
// fields are never kept. Without JavaScript, a form that opts in has switcher
// buttons that send it instead, and the server shows it again with its values.
const KEY = "cohesion-language-switch:" + window.location.pathname;
const SKIPPED = new Set(["hidden", "password", "file", "submit", "button", "reset", "image"]);

function fieldsOf(form) {
  return Array.from(form.elements).filter(
    (el) => el.name && el.tagName !== "BUTTON" && el.tagName !== "FIELDSET" && !SKIPPED.has(el.type),
  );
}

function valuesOf(form) {
  const values = {};
  for (const el of fieldsOf(form)) {
    const kept = values[el.name] || (values[el.name] = []);
    if (el.type === "radio" || el.type === "checkbox") {
      if (el.checked) kept.push(el.value);
    } else if (el.tagName === "SELECT" && el.multiple) {
      kept.push(...Array.from(el.selectedOptions, (option) => option.value));
    } else {
      kept.push(el.value);
    }
  }
  return values;
}

function restore(form, values) {
  const seen = {};
  for (const el of fieldsOf(form)) {
    const kept = values[el.name];
    if (!kept) continue;
    if (el.type === "radio" || el.type === "checkbox") {
      el.checked = kept.includes(el.value);
    } else if (el.tagName === "SELECT" && el.multiple) {
      for (const option of el.options) option.selected = kept.includes(option.value);
    } else {
      const index = seen[el.name] || 0;
      if (index < kept.length) el.value = kept[index];
      seen[el.name] = index + 1;
    }
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

function forms() {
  return Array.from(document.querySelectorAll("main form"));
}

function save() {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(forms().map(valuesOf)));
  } catch {
    // Storage full or switched off: the page still changes language.
  }
}

function restoreSaved() {
  let saved = null;
  try {
    saved = window.sessionStorage.getItem(KEY);
    window.sessionStorage.removeItem(KEY);
  } catch {
    return;
  }
  if (!saved) return;
  const values = JSON.parse(saved);
  forms().forEach((form, index) => {
    if (values[index]) restore(form, values[index]);
  });
}

for (const link of document.querySelectorAll(".cohesion-language-switcher a[hreflang]")) {
  link.addEventListener("click", save);
}
restoreSaved();
