"""Choosing in a picker as a person does: type part of a name (or a code), wait for the suggestions, tap one."""

from urllib.parse import quote_plus


def pick(page, label: str, typed: str, option=None) -> None:
    box = page.get_by_role("combobox", name=label)
    with page.expect_response(lambda response: "/chon/" in response.url and f"q={quote_plus(typed)}" in response.url):
        box.press_sequentially(typed, delay=20)
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    options = listbox.get_by_role("option") if option is None else listbox.get_by_role("option", name=option)
    options.first.click()
