"""The search document table, and the database's own full-text index over it.

SQLite: an FTS5 table reading its text from ``search_document`` (external content, so
the text is stored once), kept in step by triggers. PostgreSQL: a generated tsvector
column, one weight per part, with a GIN index. See tousu/search/models.py.
"""

import django.db.models.deletion
from django.db import migrations, models


PARTS = "ident, names, body, talk, notes"
OLD = "old.ident, old.names, old.body, old.talk, old.notes"
NEW = "new.ident, new.names, new.body, new.talk, new.notes"

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    f"{PARTS}, content='search_document', content_rowid='complaint_id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN "
    f"INSERT INTO search_fts(rowid, {PARTS}) VALUES (new.complaint_id, {NEW}); END",
    "CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {PARTS}) VALUES ('delete', old.complaint_id, {OLD}); END",
    "CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {PARTS}) VALUES ('delete', old.complaint_id, {OLD}); "
    f"INSERT INTO search_fts(rowid, {PARTS}) VALUES (new.complaint_id, {NEW}); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRESQL = [
    "ALTER TABLE search_document ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', ident), 'A') || setweight(to_tsvector('simple', names), 'B') || "
    "setweight(to_tsvector('simple', body), 'C') || setweight(to_tsvector('simple', talk), 'D') || "
    "setweight(to_tsvector('simple', notes), 'D')) STORED",
    "CREATE INDEX search_document_gin ON search_document USING gin (document)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS document",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def add_full_text_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []))


def drop_full_text_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(vendor, []))


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('complaints', '0009_complaint_lines'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('complaint', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='complaints.complaint')),
                ('ident', models.TextField(blank=True, default='')),
                ('names', models.TextField(blank=True, default='')),
                ('body', models.TextField(blank=True, default='')),
                ('talk', models.TextField(blank=True, default='')),
                ('notes', models.TextField(blank=True, default='')),
            ],
            options={
                'db_table': 'search_document',
            },
        ),
        migrations.RunPython(add_full_text_index, drop_full_text_index),
    ]
