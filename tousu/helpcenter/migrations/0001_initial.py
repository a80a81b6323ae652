from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Article",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(help_text="The last part of the address: /help/<slug>/", max_length=80, unique=True, verbose_name="slug")),
                ("title", models.CharField(max_length=120, verbose_name="title")),
                ("summary", models.CharField(blank=True, help_text="One line shown in the list.", max_length=200, verbose_name="summary")),
                ("body", models.TextField(help_text="Plain text. A blank line starts a new paragraph; a line starting with “## ” is a heading; lines starting with “- ” make a list. Web addresses become links. No HTML.", verbose_name="body")),
                ("position", models.PositiveIntegerField(default=100, help_text="Lower comes first in the list.", verbose_name="position")),
                ("published", models.BooleanField(default=True, verbose_name="published")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
            ],
            options={"ordering": ["position", "id"], "verbose_name": "help article", "verbose_name_plural": "help articles"},
        ),
    ]
