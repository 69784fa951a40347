"""Article imports that run as background jobs (argmap.jobs): fetching a URL may take up to
``ARTICLE_FETCH_TIMEOUT`` seconds, longer than a page should wait."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from argmap.articles.services import article_source_read
from argmap.jobs.registry import JobError, job_task
from argmap.maps.pending_originals import original_token
from argmap.teams.models import Workspace
from argmap.teams.permissions import Action, can

# The fetch's own deadline, and time to extract a long page after it.
FETCH_TIME_LIMIT = int(settings.ARTICLE_FETCH_TIMEOUT) + 60


def editable_workspace(*, workspace_id: int, user_id: int):
    """(workspace, user) when the user may still add articles to it (they may have lost the
    role since the job was queued); JobError otherwise."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if user is None or workspace is None or not can(user, Action.EDIT, workspace.pk):
        raise JobError("You may not add articles to this workspace any more.")
    return workspace, user


# Retry-safe: running it twice keeps a second pending page, dropped after a day unused.
@job_task(time_limit=FETCH_TIME_LIMIT, retry_safe=True)
def article_fetch(job, *, workspace_id: int, user_id: int, url: str) -> str:
    """Fetch the article at ``url`` for the import page and keep the page; the result is the
    import page's preview of it."""
    workspace, user = editable_workspace(workspace_id=workspace_id, user_id=user_id)
    job.progress(0, 1, "Fetching the page…")
    try:
        source = article_source_read(workspace=workspace, user=user, url=url)
    except ValidationError as error:
        raise JobError(" ".join(error.messages)) from None
    query = {"workspace": workspace.pk, "original": original_token(source.original)}
    job.result_url = f"{reverse('article_import')}?{urlencode(query)}"
    title = source.extracted.title or source.original.filename
    return f"Fetched “{title}”: check its split before saving it."
