"""The dashboard's monthly chart reads at a glance: an axis, months as T1…T12 with the year once, the values on hover
and in a table, and a small non-zero value still visible as a bar."""

import re

import lxml.html
import pytest
from django.urls import reverse

from dxnet.core.templatetags.charts import MIN_VISIBLE, month_chart
from dxnet.monitoring.dashboard import Point

from .conftest import client_for

pytestmark = pytest.mark.django_db

MONTHS = ["T4 2025", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12", "T1 2026", "T2", "T3"]


@pytest.fixture
def chart(actors, registry):
    """The Lào Cai coordinator's dashboard on 31/03/2026: its commune's focal point counts from 02/2024."""
    page = client_for(actors["coordinator"]).get(reverse("monitoring:dashboard"), {"as_of": "2026-03-31"})
    assert page.status_code == 200
    html = page.content.decode()
    return html, lxml.html.fromstring(html).find_class("month-chart")[0]


def words(element) -> str:
    return " ".join(element.text_content().split())


def test_months_are_labelled_t1_to_t12_with_the_year_shown_once_where_it_starts_or_changes(chart):
    _, figure = chart
    labels = figure.find_class("month-chart-x")[0].findall("li")
    assert [words(li) for li in labels] == MONTHS


def test_no_labels_run_together(chart):
    html, figure = chart
    text = figure.find_class("month-chart-x")[0].text_content()
    assert not re.search(r"T\d{1,2}T\d|\d{4}T\d|\d/\d{4}\d", text)
    assert "12/202501/2026" not in html and "T12T1" not in html


def test_the_chart_has_an_axis_from_0_to_100_percent(chart):
    _, figure = chart
    assert [words(span) for span in figure.find_class("month-chart-y")[0]] == ["100%", "50%", "0%"]
    assert figure.find(".//{*}svg").get("viewbox")  # lxml.html lowers attribute names == "0 0 120 100"


def test_each_value_is_on_hover_and_in_a_table_with_its_count(chart):
    _, figure = chart
    table = figure.find(".//details//table")
    rows = [[words(cell) for cell in row] for row in table.findall(".//tbody/tr")]
    assert [row[0] for row in rows] == [f"{m:02d}/2025" for m in range(4, 13)] + ["01/2026", "02/2026", "03/2026"]
    assert all(re.fullmatch(r"\d+(,\d)?%", row[1]) and re.fullmatch(r"\d+/\d+", row[2]) for row in rows)
    titles = [li.get("title") for li in figure.find_class("month-chart-x")[0].findall("li")]
    assert titles == [f"Tháng {row[0]}: {row[1]} ({row[2]})" for row in rows]
    assert [words(t) for t in figure.findall(".//{*}rect/{*}title")] == titles
    assert rows[-1][2].startswith("1/")  # the registry's one focal point, among the province's agencies


def test_a_small_value_is_still_a_visible_bar_and_zero_is_none():
    bars = month_chart([Point("01/2026", 0.4, "1/250"), Point("02/2026", 0.0, "0/250"), Point("03/2026", 40.0, "2/5")])
    assert [(bar.height, bar.top) for bar in bars.bars] == [(MIN_VISIBLE, 100 - MIN_VISIBLE), (0.0, 100.0),
                                                            (40.0, 60.0)]
    assert [bar.title for bar in bars.bars] == ["Tháng 01/2026: 0,4% (1/250)", "Tháng 02/2026: 0% (0/250)",
                                                "Tháng 03/2026: 40% (2/5)"]


def test_the_smallest_bar_on_the_dashboard_is_drawn_at_least_at_the_visible_minimum(chart):
    _, figure = chart
    for rect in figure.findall(".//{*}rect"):
        value, height = float(rect.get("data-percent")), float(rect.get("height"))
        assert height == (max(value, MIN_VISIBLE) if value else 0.0)
    assert any(0 < float(rect.get("data-percent")) < MIN_VISIBLE for rect in figure.findall(".//{*}rect"))


def test_a_label_that_is_not_a_month_is_shown_as_it_is():
    assert [(bar.month, bar.year) for bar in month_chart([Point("Quý I", 10.0, "1/10")]).bars] == [("Quý I", "")]
