"""Article imports that run as background jobs (argmap.jobs): fetching a URL may take up to
``ARTICLE_FETCH_TIMEOUT`` seconds, and extracting a long page or PDF seconds more, longer
than a page should wait."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from argmap.articles.models import ArticleOriginal
from argmap.articles.services import article_original_extract, article_source_read
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


def kept_upload(*, original_id: int, user) -> ArticleOriginal:
    """The uploaded page or PDF the user kept for this job; JobError once it is gone."""
    original = ArticleOriginal.objects.pending_for(user).described().filter(pk=original_id)
    if (found := original.first()) is None:
        raise JobError("The uploaded file has expired: upload it again.")
    return found


# Retry-safe: running it twice keeps a second pending page (dropped after a day unused) or
# extracts the same upload again.
@job_task(time_limit=FETCH_TIME_LIMIT, retry_safe=True)
def article_read(
    job, *, workspace_id: int, user_id: int, url: str = "", original_id: int | None = None
) -> str:
    """Fetch the article at ``url`` and keep its page, or read an uploaded page or PDF,
    for the import page; the result is the import page's preview of it."""
    workspace, user = editable_workspace(workspace_id=workspace_id, user_id=user_id)
    job.progress(0, 1, "Fetching the page…" if url else "Reading the file…")
    try:
        if url:
            source = article_source_read(workspace=workspace, user=user, url=url)
            original, extracted = source.original, source.extracted
        else:
            original = kept_upload(original_id=original_id, user=user)
            extracted = article_original_extract(original=original)
    except ValidationError as error:
        raise JobError(" ".join(error.messages)) from None
    query = {"workspace": workspace.pk, "original": original_token(original)}
    job.result_url = f"{reverse('article_import')}?{urlencode(query)}"
    return f"Read “{extracted.title or original.filename}”: check its split before saving it."
