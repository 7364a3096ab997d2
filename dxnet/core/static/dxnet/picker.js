// Pickers: a text box with data-picker="<url>" suggests, as one types, the rows the server says the user may
// choose; choosing one fills the hidden id next to it (or, for several, adds a ticked box). Without this script the
// typed name is resolved on save.
document.querySelectorAll("input[data-picker]").forEach((input) => {
  const box = input.closest(".picker");
  const hidden = box.querySelector("[data-picker-value]"); // none when several may be chosen
  const chosen = box.querySelector(".picker-chosen");
  const list = box.querySelector("[role=listbox]");
  let rows = [], active = -1, timer = null, asked = 0;

  const close = () => {
    list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index) => {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0 && list.children[index]) {
      input.setAttribute("aria-activedescendant", list.children[index].id);
      list.children[index].scrollIntoView({ block: "nearest" });
    }
  };
  const choose = (index) => {
    const row = rows[index];
    if (!row) return;
    if (chosen) {
      const already = [...chosen.querySelectorAll("input")].find((box) => box.value === String(row.id));
      if (already) { already.checked = true; } else {
        const chip = document.createElement("label"), tick = document.createElement("input");
        chip.className = "chip"; tick.type = "checkbox"; tick.name = input.dataset.pickerName;
        tick.value = row.id; tick.checked = true; chip.append(tick, ` ${row.label}`); chosen.append(chip);
      }
      input.value = ""; close();
    } else { input.value = row.label; hidden.value = row.id; close(); }
    input.dispatchEvent(new Event("change", { bubbles: true }));
  };
  const show = (found, message) => {
    rows = found; list.replaceChildren();
    found.forEach((row, i) => {
      const li = document.createElement("li");
      li.id = `${list.id}_${i}`; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
      li.textContent = row.label;
      if (row.hint) { const hint = document.createElement("small"); hint.textContent = row.hint; li.append(hint); }
      li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(i); });
      list.append(li);
    });
    if (message) { const li = document.createElement("li"); li.className = "muted"; li.textContent = message; list.append(li); }
    list.hidden = false; input.setAttribute("aria-expanded", "true"); highlight(found.length === 1 ? 0 : -1);
  };
  const ask = async () => {
    const ticket = ++asked;
    const url = new URL(input.dataset.picker, window.location.href);
    url.searchParams.set("q", input.value.trim());
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const body = await response.json();
      if (ticket !== asked) return; // a later keystroke asked again
      if (!response.ok) { show([], body.error || "Không tìm được; hãy thử lại."); return; }
      show(body.results, body.results.length ? "" : "Không có lựa chọn nào khớp.");
    } catch (error) {
      if (ticket === asked) show([], "Không tải được danh sách; hãy thử lại.");
    }
  };

  input.addEventListener("input", () => {
    if (hidden) hidden.value = ""; // typed over: the earlier choice no longer holds
    clearTimeout(timer); timer = setTimeout(ask, 250);
  });
  input.addEventListener("focus", () => { if (!input.value) ask(); });
  input.addEventListener("blur", () => setTimeout(close, 150));
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) { ask(); return; }
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight(Math.max(0, Math.min(rows.length - 1, active + step)));
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault(); choose(active);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault(); close();
    }
  });
});
