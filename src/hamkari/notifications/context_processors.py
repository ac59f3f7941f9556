from hamkari.notifications.selectors import unread_count


def notifications(request):
    """The unread count beside the bell in the header (one indexed count per page)."""
    user = getattr(request, "user", None)
    return {"unread_notifications": unread_count(user) if user is not None else 0}
