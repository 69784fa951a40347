from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from argmap.articles.services import article_decode, article_prepare
from argmap.maps.services import map_import_article
from argmap.teams.services import workspace_get_or_create


class Command(BaseCommand):
    help = "Import a UTF-8 text or Markdown article into a workspace as a new map."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--workspace", required=True, help="workspace name (made if missing)")
        parser.add_argument("--user", help="username recorded as the importer")
        parser.add_argument("--source-url", default="")

    def handle(self, *args, path: Path, workspace: str, user=None, source_url="", **options):
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user named {user!r}.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            draft = article_prepare(text=article_decode(data), source_url=source_url)
            with transaction.atomic():  # a refused import leaves no new workspace behind
                map_obj = map_import_article(
                    workspace=workspace_get_or_create(name=workspace, owner=importer),
                    draft=draft,
                    user=importer,
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        split = draft.split
        self.stdout.write(f"Imported “{draft.title}” into workspace “{workspace}”.")
        self.stdout.write(f"  root:      {split.title.kind if split.title else 'claim'}")
        self.stdout.write(f"  published: {draft.published_on or 'unknown'}")
        byline = ", ".join(filter(None, [draft.author, draft.publication])) or "none"
        self.stdout.write(f"  byline:    {byline}")
        self.stdout.write(f"  questions: {len(split.questions)}")
        for question in split.questions:
            self.stdout.write(f"    ? {question.text}")
        self.stdout.write(f"  claims:    {len(split.claims)}")
        self.stdout.write(self.style.SUCCESS(f"Map {map_obj.pk}: /maps/{map_obj.pk}/"))
