import gzip
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from argmap.ops import backup


class Command(BaseCommand):
    help = "Recreate a workspace from a backup_workspace file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a file written by backup_workspace (.json or .json.gz)")

    def handle(self, *args, file, **options):
        opener = gzip.open if file.endswith(".gz") else open
        try:
            with opener(file, "rt", encoding="utf-8") as stream:
                document = json.load(stream)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            workspace = backup.restore(document)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(
            f"Restored workspace {workspace.slug!r}: {len(document['objects'])} rows, "
            f"{len(document.get('users') or [])} users."
        )
