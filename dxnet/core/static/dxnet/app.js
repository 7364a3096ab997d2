// Lazy tree: a node's children are fetched from the server the first time it is opened.
document.addEventListener("toggle", async (event) => {
  const node = event.target;
  // Only a tree node (data-children): any other <details> (a list of choices, a table of values) keeps its content.
  if (!(node instanceof HTMLDetailsElement) || !node.open || !node.dataset.children || node.dataset.loaded) return;
  const list = node.querySelector(":scope > ul");
  try {
    const response = await fetch(node.dataset.children, { headers: { "X-Requested-With": "fetch" } });
    if (!response.ok) throw new Error(response.status);
    list.innerHTML = await response.text();
    node.dataset.loaded = "1";
  } catch (error) {
    list.innerHTML = '<li class="error">Không tải được danh sách đơn vị trực thuộc. Vui lòng thử lại.</li>';
  }
}, true);

// A background job's page (an import, a consolidated report): poll its progress, then reload to show the result.
(function () {
  const job = document.getElementById("job");
  if (!job || job.dataset.done) return;
  const poll = async () => {
    try {
      const state = await (await fetch(job.dataset.statusUrl)).json();
      document.getElementById("job-progress").value = state.percent;
      document.getElementById("job-status").textContent = state.status_display;
      const count = document.getElementById("job-count");
      if (count) count.textContent = `${state.processed.toLocaleString("vi-VN")}/${state.total.toLocaleString("vi-VN")}`;
      if (state.done) { window.location.reload(); return; }
    } catch (error) { /* keep polling: a slow intranet is not a failure */ }
    setTimeout(poll, 1500);
  };
  setTimeout(poll, 1000);
})();

// Phones: the header row of a table is hidden on a narrow screen, so each cell carries its column's label.
document.querySelectorAll("table.table").forEach((table) => {
  const labels = [...table.querySelectorAll("thead tr:last-child th")]
    .flatMap((th) => Array(th.colSpan || 1).fill(th.textContent.trim()));
  if (!labels.length) return;
  table.querySelectorAll("tbody tr, tfoot tr").forEach((row) => {  // a totals row too
    let column = 0;
    for (const cell of row.cells) {
      if (!cell.hasAttribute("data-label") && labels[column]) cell.dataset.label = labels[column];
      column += cell.colSpan || 1;
    }
  });
});
