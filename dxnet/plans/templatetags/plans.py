from django import template

register = template.Library()


@register.filter
def with_overdue(tasks, today):
    """The tasks, each told whether it is overdue on `today`."""
    tasks = list(tasks)
    for task in tasks:
        task.overdue = task.is_overdue(today)
    return tasks


@register.filter
def amount(value):
    """1500 → "1.500,0": an amount in millions of đồng as Vietnamese documents write it."""
    from dxnet.plans.services.budget import amount_text

    return amount_text(value) if value not in (None, "") else "—"


@register.filter
def number(value):
    """A declared figure without trailing zeros, with a decimal comma: 85.50 → "85,5"."""
    from dxnet.plans.services.measures import figure_text

    return "—" if value in (None, "") else figure_text(value)
