"""Writes of the articles area: turning uploaded bytes or pasted text into an Article."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from argmap.articles.models import Article
from argmap.articles.splitting import Split, split_article, split_to_json
from argmap.teams.models import Workspace


def article_decode(data: bytes) -> str:
    """The text of an uploaded article file; ValidationError for anything but UTF-8 text."""
    if not data.strip():
        raise ValidationError("The file is empty.", code="empty")
    if len(data) > settings.ARTICLE_MAX_BYTES:
        raise ValidationError(
            "The article is %(size)s bytes; the limit is %(limit)s bytes.",
            code="too_large",
            params={"size": f"{len(data):,}", "limit": f"{settings.ARTICLE_MAX_BYTES:,}"},
        )
    if b"\x00" in data:
        raise ValidationError("This looks like a binary file, not a text article.", code="binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            "The file is not UTF-8 text (invalid byte at position %(position)s).",
            code="encoding",
            params={"position": error.start},
        ) from None


def article_normalize(text: str) -> str:
    """One newline convention, so that offsets mean the same everywhere."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class ArticleDraft:
    """A validated, split article that is not saved yet (shown before saving)."""

    body: str
    split: Split
    title: str
    author: str
    publication: str
    published_on: object
    source_url: str = ""
    root_kind: str = ""  # "claim" or "question"; empty: the title's own kind


def article_prepare(
    *,
    text: str,
    title: str = "",
    author: str = "",
    publication: str = "",
    published_on=None,
    source_url: str = "",
) -> ArticleDraft:
    """Validate and split an article's text; explicit metadata wins over what was found.
    The text's size and its number of units are bounded, so that importing it (a node per
    unit) stays within a request's time."""
    body = article_normalize(text)
    if not body.strip():
        raise ValidationError("The article is empty.", code="empty")
    if len(body.encode("utf-8")) > settings.ARTICLE_MAX_BYTES:
        raise ValidationError(
            "The article is larger than the limit of %(limit)s bytes.",
            code="too_large",
            params={"limit": f"{settings.ARTICLE_MAX_BYTES:,}"},
        )
    split = split_article(body)
    if not split.units:
        raise ValidationError("No sentences were found in the article.", code="no_sentences")
    if len(split.units) > settings.ARTICLE_MAX_UNITS:
        raise ValidationError(
            "The article has %(count)s units (sentences and clauses); the limit is %(limit)s. "
            "Import it in parts.",
            code="too_many_units",
            params={"count": f"{len(split.units):,}", "limit": f"{settings.ARTICLE_MAX_UNITS:,}"},
        )
    return ArticleDraft(
        body=body,
        split=split,
        title=title or (split.title.text if split.title else split.sentences[0].text[:200]),
        author=author or split.author,
        publication=publication or split.publication,
        published_on=published_on or split.published_on,
        source_url=source_url,
    )


@transaction.atomic
def article_create(*, workspace: Workspace, draft: ArticleDraft, imported_by=None) -> Article:
    """Store a prepared article with its split (the units the analyst kept). Its body
    and units are frozen from now on."""
    article = Article(
        workspace=workspace,
        title=draft.title[:500],
        author=draft.author[:300],
        publication=draft.publication[:300],
        published_on=draft.published_on,
        source_url=draft.source_url,
        body=draft.body,
        split=split_to_json(draft.split),
        imported_by=imported_by,
    )
    article.full_clean()
    article.save()
    return article


def article_split(*, article: Article) -> Split:
    """The article's stored split. A row stored without one (bulk-inserted) gets it now,
    once, and stored: this is for writes (adding the article to a map), not reads."""
    if article.split is None:
        article.split = split_to_json(split_article(article.body))
        article.save(update_fields=["split"])
    return article.stored_split
