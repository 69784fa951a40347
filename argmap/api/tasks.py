"""API work that runs as a background job (argmap.jobs)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse

from argmap.articles.services import article_draft_read
from argmap.jobs.registry import JobError, job_task
from argmap.maps.services import map_import_article
from argmap.maps.tasks import FETCH_TIME_LIMIT, editable_workspace, kept_upload


# Not retry-safe: a second run after the first one saved would make a second map.
@job_task(time_limit=FETCH_TIME_LIMIT)
def article_import_source(
    job,
    *,
    workspace_id: int,
    user_id: int,
    url: str = "",
    original_id: int | None = None,
    title: str = "",
    author: str = "",
    publication: str = "",
    published_on: str | None = None,
    source_url: str = "",
) -> str:
    """Fetch the article at ``url`` (or read an uploaded page or PDF), split it and save it
    as a new map with its page or PDF kept; the result is the article in the API."""
    workspace, user = editable_workspace(workspace_id=workspace_id, user_id=user_id)
    job.progress(0, 2, "Fetching the page…" if url else "Reading the file…")
    try:
        original = kept_upload(original_id=original_id, user=user) if original_id else None
        draft = article_draft_read(
            workspace=workspace,
            user=user,
            url=url,
            original=original,
            title=title,
            author=author,
            publication=publication,
            published_on=date.fromisoformat(published_on) if published_on else None,
            source_url=source_url,
        )
        job.progress(1, 2, "Saving the map…")
        map_obj = map_import_article(workspace=workspace, draft=draft, user=user)
    except ValidationError as error:
        raise JobError(" ".join(error.messages)) from None
    job.result_url = reverse("api_article", args=[map_obj.articles.get().pk])
    return f"Imported “{draft.title}” as map {map_obj.pk}."
