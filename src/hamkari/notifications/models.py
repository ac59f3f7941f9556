"""One notification per recipient. The text is rendered at display time from `kind` and `params`, in the
reader's language, so nothing translated (or personal) is frozen into the row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # A stable machine code, e.g. "hit.new", "disclosure.requested", "disclosure.approved".
    kind = models.CharField(_("kind"), max_length=40)
    # Values the message cites (references, counts, country and agency codes); never another country's
    # personal data, since the recipient may not be allowed to see it.
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set when a coalesced notification gets more news (see services.notify), so the newest come first.
    updated_at = models.DateTimeField(auto_now=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"]), models.Index(fields=["recipient", "kind"])]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id}"
