from django import template

register = template.Library()


@register.filter
def with_overdue(tasks, today):
    """The tasks, each told whether it is overdue on `today`."""
    tasks = list(tasks)
    for task in tasks:
        task.overdue = task.is_overdue(today)
    return tasks
