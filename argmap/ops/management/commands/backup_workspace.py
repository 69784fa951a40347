import gzip
import sys

from django.core.management.base import BaseCommand, CommandError

from argmap.ops import backup
from argmap.teams.models import Workspace


class Command(BaseCommand):
    help = "Write one workspace (articles, maps, history, members' roles) to a single file."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the workspace's slug")
        parser.add_argument(
            "-o", "--output", default="-", help="file to write; gzip when it ends in .gz"
        )

    def handle(self, *args, slug, output, **options):
        try:
            workspace = Workspace.objects.get(slug=slug)
        except Workspace.DoesNotExist:
            raise CommandError(f"No workspace with the slug {slug!r}.") from None
        document = backup.backup(workspace)
        text = backup.dumps(document)
        if output == "-":
            sys.stdout.write(text)
            return
        opener = gzip.open if output.endswith(".gz") else open
        with opener(output, "wt", encoding="utf-8") as stream:
            stream.write(text)
        self.stderr.write(
            f"Backed up workspace {slug!r}: {len(document['objects'])} rows, "
            f"{len(document['users'])} users, to {output}."
        )
