from .models import Notification


def unread_notifications(request):
    """The bell's count, computed only when a page shows it: one indexed COUNT on (user, read_at)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()}
