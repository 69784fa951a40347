import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from argmap.exchange import argmap_json
from argmap.exchange.services import map_import_document
from argmap.teams.models import Role
from argmap.teams.services import membership_set, workspace_get_or_create

DEMO_MAP = settings.BASE_DIR / "seeds" / "who-will-send-troops-to-ukraine.argmap.json"


class Command(BaseCommand):
    help = "Development only: create the demo login and load the seed article's demo map."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=DEMO_MAP)

    def handle(self, *args, path: Path, **options):
        if not settings.DEBUG or not settings.DEMO_USERNAME:
            raise CommandError("The demo exists only in development (DEBUG on).")
        users = get_user_model().objects
        user = users.filter(username=settings.DEMO_USERNAME).first()
        if user is None:
            user = users.create_user(settings.DEMO_USERNAME, password=settings.DEMO_PASSWORD)
        workspace = workspace_get_or_create(name="Demo", owner=user)
        membership_set(workspace=workspace, user=user, role=Role.OWNER)
        map_obj = workspace.maps.first()
        if map_obj is None:
            document = argmap_json.parse(json.loads(path.read_text(encoding="utf-8")))
            map_obj = map_import_document(workspace=workspace, document=document, user=user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo map: http://127.0.0.1:8000/maps/{map_obj.pk}/ — log in as "
                f"{settings.DEMO_USERNAME} / {settings.DEMO_PASSWORD}"
            )
        )
