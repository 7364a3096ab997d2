// Lazy tree: a node's children are fetched from the server the first time it is opened.
document.addEventListener("toggle", async (event) => {
  const node = event.target;
  if (!(node instanceof HTMLDetailsElement) || !node.open || node.dataset.loaded) return;
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
