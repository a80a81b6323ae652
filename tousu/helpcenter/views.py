"""帮助中心: public pages, no login needed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tousu.helpcenter.markup import render as render_body
from tousu.helpcenter.models import Article


def index(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.filter(published=True).only("slug", "title", "summary")
    return render(request, "helpcenter/index.html", {"articles": articles})


def article(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Article, slug=slug, published=True)
    others = Article.objects.filter(published=True).exclude(pk=found.pk).only("slug", "title")
    return render(request, "helpcenter/article.html",
                  {"article": found, "body": render_body(found.body), "others": others})
