// What-if page: a node that hangs under several parents appears once per parent; its
// "node off" boxes are one switch, so keep them in step before htmx sends the form.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== "checkbox" || !box.form) return;
  if (box.form.id !== "what-if-form") return;
  for (const twin of box.form.querySelectorAll(`input[type=checkbox][name="${box.name}"][value="${box.value}"]`)) {
    twin.checked = box.checked;
  }
}, true);
