"""Foundation: splitting a 1 MB article, reading whole maps beside the raw-cursor floor."""

from django.db import connection

from argmap.articles.splitting import split_article
from argmap.maps.selectors import LINK_COLUMNS, NODE_COLUMNS, map_graph
from bench.run import ROOT, timed
from tests.factories import big_map


def _megabyte_article() -> str:
    seed = (ROOT / "seeds" / "who-will-send-troops-to-ukraine.txt").read_text(encoding="utf-8")
    paragraphs = seed.split("\n\n")
    title, body = paragraphs[0], "\n\n".join(paragraphs[2:-1])
    copies = 1_000_000 // len(body.encode()) + 1
    return title + "\n\n" + "\n\n".join([body] * copies) + "\n\n" + paragraphs[-1]


def raw_rows(map_id: int) -> tuple[list, list]:
    """A map's node and link rows fetched with a raw psycopg cursor (not Django's wrapper):
    what any read of the map must at least cost."""
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(NODE_COLUMNS)} FROM maps_node "
            "WHERE map_id = %s AND deleted_at IS NULL ORDER BY id",
            [map_id],
        )
        nodes = cursor.fetchall()
        cursor.execute(
            f"SELECT {', '.join(LINK_COLUMNS)} FROM maps_link "
            "WHERE map_id = %s AND deleted_at IS NULL ORDER BY id",
            [map_id],
        )
        return nodes, cursor.fetchall()


def run(report) -> None:
    article = _megabyte_article()
    report(
        "split a 1 MB article",
        timed(lambda: split_article(article), 3),
        f"{len(article.encode()):,} bytes, {len(split_article(article).units):,} units;"
        " target < 2000 ms",
    )
    for size in (1_000, 10_000):
        map_obj = big_map(size)
        floor = report(
            f"raw cursor floor, {size:,}-node map", timed(lambda m=map_obj: raw_rows(m.pk), 15)
        )
        read = report(
            f"map_graph read + assemble, {size:,}-node map",
            timed(lambda m=map_obj: map_graph(m), 15),
            "target < 100 ms at 10,000 on PostgreSQL",
        )
        print(f"{'':<58} ratio to floor {read / floor:.2f}x (target < 5x)")
