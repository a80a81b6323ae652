from django.contrib import admin

from tousu.helpcenter.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "position", "published", "updated_at")
    list_editable = ("position", "published")
    list_filter = ("published",)
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}
