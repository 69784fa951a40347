"""GIN expression indexes for full-text search, PostgreSQL only.

They are built from the very SearchVector expressions that argmap.reasoning.search
queries with, so the planner matches them; other databases skip this migration.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = {
    ("articles", "Article"): ("reasoning_article_fts", ("title", "body")),
    ("maps", "Node"): ("reasoning_node_fts", ("text",)),
}


def _index(name, columns):
    return GinIndex(SearchVector(*columns, config="english"), name=name)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for (app, model), (name, columns) in INDEXES.items():
        schema_editor.add_index(apps.get_model(app, model), _index(name, columns))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for (app, model), (name, columns) in INDEXES.items():
        schema_editor.remove_index(apps.get_model(app, model), _index(name, columns))


class Migration(migrations.Migration):
    dependencies = [
        ("reasoning", "0001_initial"),
        ("articles", "0001_initial"),
        ("maps", "0002_node_anchor"),
    ]

    operations = [migrations.RunPython(create, drop)]
