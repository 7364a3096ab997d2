"""An integrator reads the API's interactive documentation in a real browser, under the site's CSP (no inline script
or style): every file comes from the site, the operations are listed and a call can be tried with the session."""

import re

from playwright.sync_api import expect

from .test_browse_the_tree import sign_in


def test_the_interactive_api_documentation_works_under_the_csp(page):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    sign_in(page, "dieuphoi.laocai")
    page.goto("/api/v1/tai-lieu/")
    expect(page).to_have_title("Tài liệu API dxnet")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("dxnet API")
    agencies = page.locator("#operations-agencies-agencies_list")
    expect(agencies).to_be_visible()
    agencies.locator(".opblock-summary").click()
    for status in ("200", "400", "401", "403", "429"):  # each answer documented, errors with their body
        expect(agencies.locator(f"tr.response[data-code='{status}']")).to_be_visible()
    agencies.get_by_role("button", name="Try it out").click()
    agencies.get_by_role("button", name="Execute").click()
    expect(agencies.locator(".live-responses-table tbody .response-col_status").first).to_have_text(re.compile("200"))
    assert violations == [] and page.foreign_requests == []
