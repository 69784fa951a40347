# The "changed since" poll and the activity feed look up the newest history rows of one
# map. These composite indexes make that an index lookup whatever the history's length.
# They live here, as plain SQL, because the history tables belong to other apps.

from django.db import migrations

class Migration(migrations.Migration):

    dependencies = [
        ("maps", "0001_initial"),
        ("discussion", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql="CREATE INDEX IF NOT EXISTS activity_hist_node_map_idx "
            "ON maps_historicalnode (map_id, history_id)",
            reverse_sql="DROP INDEX IF EXISTS activity_hist_node_map_idx",
        ),
        migrations.RunSQL(
            sql="CREATE INDEX IF NOT EXISTS activity_hist_link_map_idx "
            "ON maps_historicallink (map_id, history_id)",
            reverse_sql="DROP INDEX IF EXISTS activity_hist_link_map_idx",
        ),
        migrations.RunSQL(
            sql="CREATE INDEX IF NOT EXISTS activity_hist_comment_map_idx "
            "ON discussion_historicalcomment (map_id, history_id)",
            reverse_sql="DROP INDEX IF EXISTS activity_hist_comment_map_idx",
        ),
    ]
