"""Writes of the articles area: turning uploaded bytes or pasted text into an Article."""

from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from argmap.articles.models import Article, ArticleOriginal
from argmap.articles.sources.fetching import fetch
from argmap.articles.sources.html import extract_html
from argmap.articles.sources.pdf import extract_pdf
from argmap.articles.sources.text import Extracted, parse_date
from argmap.articles.splitting import Split, split_article, split_to_json
from argmap.teams.models import Workspace

HTML_TYPES = ("text/html", "application/xhtml+xml")
# The media type an original is kept and served with, by kind of source.
ORIGINAL_TYPES = {"html": "text/html", "pdf": "application/pdf", "text": "text/plain"}
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# A previewed original that was never saved with an article is dropped after this long.
PENDING_ORIGINAL_FOR = timedelta(days=1)


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
    original: ArticleOriginal | None = None  # the page or PDF the text came from


def article_prepare(
    *,
    text: str,
    title: str = "",
    author: str = "",
    publication: str = "",
    published_on=None,
    source_url: str = "",
    original: ArticleOriginal | None = None,
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
        original=original,
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
    if draft.original is not None:
        ArticleOriginal.objects.filter(pk=draft.original.pk, article=None).update(
            article=article, workspace=workspace
        )
    return article


def article_split(*, article: Article) -> Split:
    """The article's stored split. A row stored without one (bulk-inserted) gets it now,
    once, and stored: this is for writes (adding the article to a map), not reads."""
    if article.split is None:
        article.split = split_to_json(split_article(article.body))
        article.save(update_fields=["split"])
    return article.stored_split


# -- articles from a URL, an HTML page or a PDF ---------------------------------------------


def source_kind(data: bytes, *, content_type: str = "", filename: str = "") -> str:
    """What the bytes are, "pdf", "html" or "text": by their own signature first, then by
    the media type a server gave, then by the file name."""
    head = data[:1024].lstrip().lower()
    name = filename.lower()
    if data.startswith(b"%PDF-") or content_type == "application/pdf" or name.endswith(".pdf"):
        return "pdf"
    if (
        content_type in HTML_TYPES
        or name.endswith(HTML_SUFFIXES)
        or head.startswith((b"<!doctype html", b"<html"))
    ):
        return "html"
    return "text"


def article_extract(*, data: bytes, kind: str, url: str = "") -> Extracted:
    """The article in a page, a PDF or a text file (kinds of ``source_kind``): its text and
    the metadata found in it. ValidationError when there is no article text to be had."""
    if not data.strip():
        raise ValidationError("The file is empty.", code="empty")
    if kind == "pdf":
        return extract_pdf(data)
    if kind == "html":
        return extract_html(data, url=url)
    return Extracted(text=article_decode(data))


def _filename(url: str, kind: str) -> str:
    """A download name for a fetched page: its path's last part, or its host."""
    parts = urlsplit(url)
    stem = PurePosixPath(parts.path).name or parts.hostname or "article"
    suffix = {"pdf": ".pdf", "html": ".html", "text": ".txt"}[kind]
    return (stem if stem.lower().endswith(suffix) else stem + suffix)[-255:]


@dataclass
class ArticleSource:
    """What an import read: the article found in it and the original kept for it."""

    extracted: Extracted
    original: ArticleOriginal | None
    source_url: str = ""


def _check_upload_size(data: bytes) -> None:
    if len(data) > settings.ARTICLE_ORIGINAL_MAX_BYTES:
        raise ValidationError(
            "The file is %(size)s bytes; the limit is %(limit)s bytes.",
            code="too_large",
            params={"size": f"{len(data):,}", "limit": f"{settings.ARTICLE_ORIGINAL_MAX_BYTES:,}"},
        )


def article_source_read(
    *, workspace: Workspace, user=None, url: str = "", data: bytes = b"", filename: str = ""
) -> ArticleSource:
    """The article at ``url`` (fetched under ``sources.fetching``'s rules) or in an uploaded
    file. A page or PDF, and whatever a URL gave, is kept as a pending ArticleOriginal of
    the workspace, joined to the article when it is saved; an uploaded text file is the
    article itself. ValidationError for a refused fetch or a file without article text.
    Fetching and extracting may take seconds: pages run it in a job (``maps.tasks``)."""
    content_type = ""
    if url:
        fetched = fetch(url)
        data, content_type, url = fetched.data, fetched.content_type, fetched.url
    else:
        _check_upload_size(data)
    kind = source_kind(data, content_type=content_type, filename=filename)
    extracted = article_extract(data=data, kind=kind, url=url)
    original = None
    if kind != "text" or url:
        original = article_original_store(
            workspace=workspace,
            data=data,
            content_type=ORIGINAL_TYPES[kind],
            filename=filename or _filename(url, kind),
            source_url=url,
            created_by=user,
            extracted=extracted,
        )
    return ArticleSource(extracted=extracted, original=original, source_url=url)


def article_upload_keep(
    *, workspace: Workspace, user=None, data: bytes, filename: str
) -> ArticleOriginal | None:
    """Keep an uploaded page or PDF unread (pending), for a job to extract with
    ``article_original_extract``; None for a text file, which is quick to read at once."""
    _check_upload_size(data)
    kind = source_kind(data, filename=filename)
    if kind == "text":
        return None
    if not data.strip():
        raise ValidationError("The file is empty.", code="empty")
    return article_original_store(
        workspace=workspace,
        data=data,
        content_type=ORIGINAL_TYPES[kind],
        filename=filename,
        created_by=user,
    )


def _kind_of(original: ArticleOriginal) -> str:
    return next(kind for kind, type_ in ORIGINAL_TYPES.items() if type_ == original.content_type)


def article_original_extract(*, original: ArticleOriginal) -> Extracted:
    """The article in a kept original, extracted from its bytes and remembered on it (so a
    later preview reads it back at once). ValidationError when it has no article text."""
    extracted = article_extract(
        data=bytes(original.data), kind=_kind_of(original), url=original.source_url
    )
    original.extracted = _as_json(extracted)
    ArticleOriginal.objects.filter(pk=original.pk).update(extracted=original.extracted)
    return extracted


def _as_json(extracted: Extracted) -> dict:
    published_on = extracted.published_on
    return asdict(extracted) | {"published_on": published_on.isoformat() if published_on else None}


def article_source_reread(original: ArticleOriginal) -> ArticleSource:
    """The article in a kept original: what extraction found when it was kept, or (never
    extracted yet) extracted now."""
    if original.extracted:
        found = original.extracted
        extracted = Extracted(**found | {"published_on": parse_date(found["published_on"])})
    else:
        extracted = article_original_extract(original=original)
    return ArticleSource(extracted=extracted, original=original, source_url=original.source_url)


def article_draft_read(
    *,
    workspace: Workspace,
    user=None,
    text: str = "",
    url: str = "",
    data: bytes = b"",
    filename: str = "",
    original: ArticleOriginal | None = None,
    title: str = "",
    author: str = "",
    publication: str = "",
    published_on=None,
    source_url: str = "",
) -> ArticleDraft:
    """The prepared draft of pasted text, of the article at ``url``, of an uploaded file
    (``article_source_read``) or of an ``original`` kept earlier. Metadata given here wins
    over what the page or PDF says, which wins over what the split guesses; the page or
    PDF goes with the draft."""
    source = None
    if original is not None:
        source = article_source_reread(original)
    elif url or data:
        source = article_source_read(
            workspace=workspace, user=user, url=url, data=data, filename=filename
        )
    if source is not None:
        found, original = source.extracted, source.original
        text = found.text
        title, author = title or found.title, author or found.author
        publication = publication or found.publication
        published_on = published_on or found.published_on
        source_url = source_url or source.source_url
    return article_prepare(
        text=text,
        title=title,
        author=author,
        publication=publication,
        published_on=published_on,
        source_url=source_url,
        original=original,
    )


@transaction.atomic
def article_original_store(
    *,
    workspace: Workspace,
    data: bytes,
    content_type: str,
    filename: str,
    source_url: str = "",
    created_by=None,
    extracted: Extracted | None = None,
) -> ArticleOriginal:
    """Keep a page or PDF, pending until its article is saved; pending originals older
    than ``PENDING_ORIGINAL_FOR`` are dropped on the way, so abandoned previews do not pile
    up."""
    ArticleOriginal.objects.filter(
        article=None, created_at__lt=timezone.now() - PENDING_ORIGINAL_FOR
    ).delete()
    return ArticleOriginal.objects.create(
        workspace=workspace,
        data=data,
        content_type=content_type,
        filename=PurePosixPath(filename.replace("\\", "/")).name[-255:] or "original",
        source_url=source_url[:2000],
        size=len(data),
        created_by=created_by,
        extracted=_as_json(extracted) if extracted else None,
    )
