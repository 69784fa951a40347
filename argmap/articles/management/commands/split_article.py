import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from argmap.articles.services import article_decode, article_prepare


class Command(BaseCommand):
    help = (
        "Print what importing a UTF-8 text or Markdown article would create (title, date, "
        "byline and argument units), without writing anything."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, path: Path, json: bool = False, **options):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            # The same preparation as the import page, the API and import_article.
            draft = article_prepare(text=article_decode(data))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        units = [
            {"start": u.start, "end": u.end, "kind": u.kind, "text": u.text}
            for u in draft.split.units
        ]
        document = {
            "title": draft.title,
            "published_on": draft.published_on.isoformat() if draft.published_on else None,
            "author": draft.author,
            "publication": draft.publication,
            "language": draft.split.language,
            "clause_units": draft.split.clause_units,
            "units": units,
        }
        if json:
            self.stdout.write(_dumps(document))
            return
        self.stdout.write(f"title:       {draft.title}")
        self.stdout.write(f"published:   {document['published_on'] or 'unknown'}")
        self.stdout.write(f"author:      {draft.author or 'unknown'}")
        self.stdout.write(f"publication: {draft.publication or 'unknown'}")
        clauses = "sentences and clauses" if draft.split.clause_units else "sentences only"
        self.stdout.write(f"language:    {draft.split.language} ({clauses})")
        self.stdout.write(f"units:       {len(units)}")
        for unit in draft.split.units:
            mark = "?" if unit.kind == "question" else ("+" if unit.inside else "-")
            self.stdout.write(f"  {mark} [{unit.start}:{unit.end}] {unit.text}")


def _dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
