import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from argmap.exchange.formats import EXPORT_FORMATS
from argmap.exchange.services import map_export
from argmap.maps.models import Map


class Command(BaseCommand):
    help = "Write a map in one of the export formats, to a file or to standard output."

    def add_arguments(self, parser):
        parser.add_argument("map_id", type=int)
        parser.add_argument("--format", default="argmap", choices=sorted(EXPORT_FORMATS))
        parser.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")

    def handle(self, *args, map_id: int, format: str, output: Path | None = None, **options):
        map_obj = Map.objects.filter(pk=map_id).first()
        if map_obj is None:
            raise CommandError(f"No map with id {map_id}.")
        try:
            exported = map_export(map_obj, format)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if output is None:
            sys.stdout.buffer.write(exported.content)
            sys.stdout.buffer.flush()
            return
        try:
            output.write_bytes(exported.content)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {len(exported.content):,} bytes to {output}.")
