"""Articles stored before units were stored get their split once, here, so that no read
ever splits an article again."""

from django.db import migrations


def fill_splits(apps, schema_editor):
    from argmap.articles.splitting import split_article, split_to_json

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(split__isnull=True).only("id", "body").iterator():
        article.split = split_to_json(split_article(article.body))
        article.save(update_fields=["split"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_article_split")]

    operations = [migrations.RunPython(fill_splits, migrations.RunPython.noop, elidable=True)]
