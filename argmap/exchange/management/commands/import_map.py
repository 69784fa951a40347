from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from argmap.exchange.formats import IMPORT_FORMATS
from argmap.exchange.services import map_import
from argmap.teams.services import workspace_get_or_create


class Command(BaseCommand):
    help = (
        "Import a map file (argmap JSON, AIF, xAIF, Argdown JSON or a Kialo export) into a "
        "workspace as a new map. Nothing is written if the file has any problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--workspace", required=True, help="workspace name (made if missing)")
        parser.add_argument("--format", default="auto", choices=["auto", *sorted(IMPORT_FORMATS)])
        parser.add_argument("--title", default="", help="title of the new map")
        parser.add_argument("--user", help="username recorded as the importer")

    def handle(self, *args, path: Path, workspace: str, format: str, title: str, **options):
        importer = None
        if options.get("user"):
            importer = get_user_model().objects.filter(username=options["user"]).first()
            if importer is None:
                raise CommandError(f"No user named {options['user']!r}.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            with transaction.atomic():  # a refused import leaves no new workspace behind
                result = map_import(
                    workspace=workspace_get_or_create(name=workspace, owner=importer),
                    data=data,
                    fmt=format,
                    title=title,
                    user=importer,
                )
        except ValidationError as error:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"  {m}" for m in error.messages)
            ) from None
        for note in result.notes:
            self.stdout.write(f"  {note}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.format} as map {result.map.pk} “{result.map.title}” "
                f"with {result.map.nodes.count()} nodes."
            )
        )
