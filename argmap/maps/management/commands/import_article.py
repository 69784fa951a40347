from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from argmap.articles.services import article_draft_read
from argmap.maps.services import map_import_article
from argmap.teams.services import workspace_get_or_create


class Command(BaseCommand):
    help = (
        "Import an article into a workspace as a new map: a UTF-8 text or Markdown file, a web "
        "page (.html), a PDF, or the http(s) URL of a page or PDF (fetched under the same "
        "rules as the import page)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file, or an http:// or https:// URL")
        parser.add_argument("--workspace", required=True, help="workspace name (made if missing)")
        parser.add_argument("--user", help="username recorded as the importer")
        parser.add_argument("--source-url", default="")

    def handle(self, *args, path: str, workspace: str, user=None, source_url="", **options):
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user named {user!r}.")
        url, data = "", b""
        if path.lower().startswith(("http://", "https://")):
            url = path
        else:
            try:
                data = Path(path).read_bytes()
            except OSError as error:
                raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
            if not data.strip():
                raise CommandError("The file is empty.")
        try:
            with transaction.atomic():  # a refused import leaves no new workspace behind
                target = workspace_get_or_create(name=workspace, owner=importer)
                draft = article_draft_read(
                    workspace=target,
                    user=importer,
                    url=url,
                    data=data,
                    filename=Path(path).name if data else "",
                    source_url=source_url,
                )
                map_obj = map_import_article(workspace=target, draft=draft, user=importer)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        split = draft.split
        self.stdout.write(f"Imported “{draft.title}” into workspace “{workspace}”.")
        self.stdout.write(f"  root:      {split.title.kind if split.title else 'claim'}")
        self.stdout.write(f"  published: {draft.published_on or 'unknown'}")
        byline = ", ".join(filter(None, [draft.author, draft.publication])) or "none"
        self.stdout.write(f"  byline:    {byline}")
        if draft.original is not None:
            kept = draft.original
            self.stdout.write(
                f"  original:  {kept.filename} ({kept.content_type}, {kept.size} bytes)"
            )
        self.stdout.write(f"  questions: {len(split.questions)}")
        for question in split.questions:
            self.stdout.write(f"    ? {question.text}")
        self.stdout.write(f"  claims:    {len(split.claims)}")
        self.stdout.write(self.style.SUCCESS(f"Map {map_obj.pk}: /maps/{map_obj.pk}/"))
