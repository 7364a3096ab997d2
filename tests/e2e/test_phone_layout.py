"""On a 360 px wide phone no page of the menu is wider than the screen nor breaks the Content Security Policy, and a
table's cells keep their labels."""

from .test_browse_the_tree import sign_in

PHONE = {"width": 360, "height": 780}
ROLES = ["daumoi.xa.laocai", "dieuphoi.laocai", "quantri"]


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
