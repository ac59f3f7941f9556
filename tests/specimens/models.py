"""Shareable models made only for testing the chokepoint until real ones exist (issue 3 adds them)."""

from django.db import models

from hamkari.sharing.models import Shareable


class Specimen(Shareable):
    """Holds personal data, like a seizure report or a person."""

    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)

    def __str__(self):
        return self.title


class Coordination(Shareable):
    """Holds no personal data, like a meeting note: programme officers may read it under the handling rules."""

    PERSONAL_DATA = False
    title = models.CharField(max_length=200)

    def __str__(self):
        return self.title
