"""Print the draft map of an article file, writing nothing."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from argmap.articles.services import article_decode
from argmap.suggestions.drafting import draft_article


class Command(BaseCommand):
    # It reads a file and writes nothing: the system checks (which load every URL and
    # view of the site) would double its start-up time for nothing.
    requires_system_checks = []
    help = (
        "Print an article's units, each with its suggested parents (best first), and the "
        "central claim. Nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a UTF-8 text or Markdown file")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--one-unit-per-line",
            action="store_true",
            help="take each non-empty line as one unit, unsplit",
        )

    def handle(self, *args, path, **options):
        try:
            body = article_decode(Path(path).read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        result = draft_article(body, one_unit_per_line=options["one_unit_per_line"])
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        root = result["title"] if result["root"] == "title" else "the central claim"
        self.stdout.write(f"Root: {root}")
        for unit in result["units"]:
            mark = " (central claim)" if unit["index"] == result["central"] else ""
            self.stdout.write(f"[{unit['index']}] {unit['text']}{mark}")
            for suggestion in unit["suggestions"]:
                self.stdout.write(
                    f"      {suggestion['relation']} {suggestion['parent']}"
                    f"  {suggestion['score']:.2f}  {suggestion['reason']}"
                )
