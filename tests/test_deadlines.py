"""Every deadline phrase of the seeds, read and shown the same way everywhere."""

import datetime

import pytest

from dxnet.core.deadlines import DeadlineError, describe, parse, quarter_of

D = datetime.date


@pytest.mark.parametrize("words, due", [
    ("Quý II/2025", D(2025, 6, 30)),
    ("Quý III/2024", D(2024, 9, 30)),
    ("Quý I/2025", D(2025, 3, 31)),
    ("Quý IV/2024", D(2024, 12, 31)),
    ("Trong năm 2024", D(2024, 12, 31)),
    ("Trong năm 2024.", D(2024, 12, 31)),
    ("Năm 2024", D(2024, 12, 31)),
    ("Tháng 6/2024", D(2024, 6, 30)),
    ("Tháng 2/2024", D(2024, 2, 29)),
    ("30/3/2024", D(2024, 3, 30)),
    ("30/6/2024", D(2024, 6, 30)),
    ("30/5/2024", D(2024, 5, 30)),
    ("2024 - 2025", D(2025, 12, 31)),
    ("2024-2025", D(2025, 12, 31)),
    ("Hoàn thành thiết lập mạng lưới chuyển đổi số trong năm 2024", D(2024, 12, 31)),
])
def test_one_off_deadlines_fall_due_on_their_last_day(words, due):
    deadline = parse(words)
    assert (deadline.due, deadline.recurring, deadline.is_yearly) == (due, False, False)
    assert describe(deadline) == f"Hạn {due:%d/%m/%Y}"


def test_thuong_xuyen_is_judged_in_every_reporting_period():
    deadline = parse("Thường xuyên.")
    assert deadline.recurring and deadline.due is None
    assert not deadline.is_overdue(D(2030, 1, 1))
    assert describe(deadline) == "Thường xuyên (đánh giá trong mỗi kỳ báo cáo)"


@pytest.mark.parametrize("words", ["trước ngày 30 tháng 11 hàng năm", "Trước ngày 30 tháng 11 hằng năm",
                                   "ngày 30 tháng 3 hàng năm"])
def test_yearly_deadlines_fall_due_each_year(words):
    deadline = parse(words)
    assert deadline.is_yearly and deadline.due is None
    assert deadline.due_in_year(2025).year == 2025
    assert describe(deadline).startswith("Hằng năm, trước ngày ")


def test_the_report_before_30_november_each_year():
    deadline = parse("trước ngày 30 tháng 11 hàng năm")
    assert deadline.due_in_year(2024) == D(2024, 11, 30)
    assert describe(deadline) == "Hằng năm, trước ngày 30/11"


def test_overdue_is_computed_from_the_due_date():
    deadline = parse("Quý II/2025")
    assert not deadline.is_overdue(D(2025, 6, 30))
    assert deadline.is_overdue(D(2025, 7, 1))


@pytest.mark.parametrize("words, message", [
    ("Sớm nhất có thể", "Không hiểu thời hạn “Sớm nhất có thể”"),
    ("bắt đầu từ năm 2024", "Không hiểu thời hạn “bắt đầu từ năm 2024”"),
    ("Quý V/2025", "Không hiểu thời hạn “Quý V/2025”"),
    ("31/2/2025", "“31/2/2025” không phải là một ngày có thật"),
    ("Tháng 13/2024", "có tháng không hợp lệ"),
    ("2025 - 2024", "năm kết thúc trước năm bắt đầu"),
])
def test_an_unknown_phrase_is_an_error_that_names_it(words, message):
    with pytest.raises(DeadlineError, match=message):
        parse(words)


def test_quarter_names():
    assert quarter_of(D(2025, 5, 2)) == "Quý II/2025"
    assert quarter_of(D(2024, 12, 31)) == "Quý IV/2024"
