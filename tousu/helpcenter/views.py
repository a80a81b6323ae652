"""帮助中心: public pages, no login needed.

Time limits in an article are placeholders (``[[return_receipt]]``) filled in here from the
clock's setting or SLA policy (``tousu.sla.figures``), so the page always quotes what
the clocks do. Articles are written in the platform language (``LANGUAGE_CODE``), so the
figures are put in words in that language too.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from tousu.helpcenter.markup import render as render_body
from tousu.helpcenter.models import Article
from tousu.sla import figures


def fill(text: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return figures.fill(text)


def index(request: HttpRequest) -> HttpResponse:
    articles = list(Article.objects.filter(published=True).only("slug", "title", "summary"))
    for article in articles:
        article.summary = fill(article.summary)
    return render(request, "helpcenter/index.html", {"articles": articles})


def article(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Article, slug=slug, published=True)
    others = Article.objects.filter(published=True).exclude(pk=found.pk).only("slug", "title")
    return render(
        request,
        "helpcenter/article.html",
        {"article": found, "body": render_body(fill(found.body)), "others": others},
    )
