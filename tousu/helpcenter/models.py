"""Help center articles (帮助中心), edited by administrators in /admin/."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tousu.sla.figures import unknown_placeholders


class Article(models.Model):
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("The last part of the address: /help/<slug>/"),
    )
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(
        _("summary"), max_length=200, blank=True, help_text=_("One line shown in the list.")
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Plain text. A blank line starts a new paragraph; a line starting with “## ” is a heading; "
            "lines starting with “- ” make a list. Web addresses become links. No HTML. Time limits as "
            "placeholders, e.g. [[return_receipt]] or [[merchant_response kind=after_sales]]: they show "
            "what the clock uses (docs/helpcenter.md)."
        ),
    )
    position = models.PositiveIntegerField(
        _("position"), default=100, help_text=_("Lower comes first in the list.")
    )
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("help article")
        verbose_name_plural = _("help articles")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        for field in ("summary", "body"):
            unknown = unknown_placeholders(getattr(self, field))
            if unknown:
                raise ValidationError(
                    {field: _("No time limit is called %(names)s.") % {"names": ", ".join(unknown)}}
                )

    def get_absolute_url(self) -> str:
        return reverse("helpcenter:article", args=[self.slug])
