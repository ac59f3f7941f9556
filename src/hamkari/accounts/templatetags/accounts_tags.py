from django import template

register = template.Library()


@register.filter
def minutes(value) -> int:
    """A timedelta (or hours as a number, like AXES_COOLOFF_TIME) as whole minutes, at least one."""
    if value is None or value == "":
        return 0
    seconds = value.total_seconds() if hasattr(value, "total_seconds") else float(value) * 3600
    return max(1, round(seconds / 60))
