"""On a 360 px wide phone no page of the menu is wider than the screen nor breaks the Content Security Policy, for
every role (a team leader and a member too), and a table's cells keep their labels, on the public open-data page too."""

from .test_browse_the_tree import sign_in

PHONE = {"width": 360, "height": 780}
ROLES = ["daumoi.xa.laocai", "totruong.xa.laocai", "thanhvien.xa.laocai", "dieuphoi.laocai", "xem.hanoi", "quantri"]


def _menu_links(page) -> list[str]:
    links = page.eval_on_selector_all(
        "nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))")
    return sorted({href for href in links if not href.startswith(("/dang-xuat", "/api/"))})


def test_no_menu_page_is_wider_than_a_phone_or_refused_by_the_csp_for_any_role(browser, live_site):
    too_wide, refused = [], []
    for username in ROLES:
        context = browser.new_context(base_url=live_site, locale="vi-VN", viewport=PHONE)
        page = context.new_page()
        page.on("console", lambda message, page=page: refused.append((page.url, message.text))
                if "Content Security Policy" in message.text else None)
        sign_in(page, username)
        links = _menu_links(page)
        assert len(links) >= 8, links
        for href in links:
            page.goto(href)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide.append((username, href, width))
        context.close()
    assert too_wide == []
    assert refused == []


def test_on_a_phone_each_cell_of_a_table_shows_its_column_label(browser, live_site):
    context = browser.new_context(base_url=live_site, locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    sign_in(page, "daumoi.xa.laocai")
    page.goto("/to-cnscd/thanh-vien/")
    cell = page.locator("table.table tbody td").first
    label = cell.get_attribute("data-label")
    assert label, "the first cell has no column label"
    shown = cell.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label in shown
    context.close()


def test_on_a_phone_the_open_data_page_labels_every_figure_and_never_scrolls_sideways(browser, live_site):
    """The public page: each province's eleven figures and the country's totals each say which column they are."""
    context = browser.new_context(base_url=live_site, locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    page.goto("/du-lieu-mo/")
    cells = page.eval_on_selector_all("table.open-data tbody td, table.open-data tfoot th", """cells => cells.map(
        cell => [cell.dataset.label || "", getComputedStyle(cell, "::before").content,
                 getComputedStyle(cell, "::before").display, cell.getBoundingClientRect().right])""")
    assert len(cells) >= 34 * 13
    unlabelled = [cell for cell in cells if not cell[0] or cell[0] not in cell[1] or cell[2] == "none"]
    assert unlabelled == []
    assert max(right for *_, right in cells) <= PHONE["width"]
    headers = page.eval_on_selector_all("table.open-data thead th", "ths => ths.map(th => th.textContent.trim())")
    assert {label for label, *_ in cells} == set(headers)  # every column, the totals row included
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
