from django.db import migrations

# PostgreSQL only. The search documents of inserted nodes are written once per INSERT or
# COPY statement, from its transition table, in one set-based INSERT, instead of once per
# row: a 10,000-node import then runs one statement where it ran 10,000 (about a quarter
# of the time the node rows take to go in). Updates of the searched columns keep the row
# trigger: a transition table cannot be limited to some columns.
NODE_DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(text, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(source_title, '')), 'B')"
)


def per_statement(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""
        CREATE FUNCTION reasoning_nodesearch_insert() RETURNS trigger AS $$
        BEGIN
            INSERT INTO reasoning_nodesearch (node_id, document)
            SELECT id, {NODE_DOCUMENT} FROM new_nodes
            ON CONFLICT (node_id) DO UPDATE SET document = EXCLUDED.document;
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """
    )
    schema_editor.execute("DROP TRIGGER reasoning_nodesearch_refresh ON maps_node")
    schema_editor.execute(
        "CREATE TRIGGER reasoning_nodesearch_refresh AFTER UPDATE OF text, source_title"
        " ON maps_node FOR EACH ROW EXECUTE FUNCTION reasoning_nodesearch_refresh()"
    )
    schema_editor.execute(
        "CREATE TRIGGER reasoning_nodesearch_insert AFTER INSERT ON maps_node"
        " REFERENCING NEW TABLE AS new_nodes"
        " FOR EACH STATEMENT EXECUTE FUNCTION reasoning_nodesearch_insert()"
    )


def per_row(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS reasoning_nodesearch_insert ON maps_node")
    schema_editor.execute("DROP FUNCTION IF EXISTS reasoning_nodesearch_insert()")
    schema_editor.execute("DROP TRIGGER IF EXISTS reasoning_nodesearch_refresh ON maps_node")
    schema_editor.execute(
        "CREATE TRIGGER reasoning_nodesearch_refresh AFTER INSERT OR UPDATE OF text,"
        " source_title ON maps_node FOR EACH ROW EXECUTE FUNCTION reasoning_nodesearch_refresh()"
    )


class Migration(migrations.Migration):
    dependencies = [("reasoning", "0002_search_documents")]

    operations = [migrations.RunPython(per_statement, per_row)]
