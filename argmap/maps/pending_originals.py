"""The page or PDF an import keeps between its preview and its save, named in the form by
a signed id so that nobody can attach another person's."""

from django.core import signing
from django.core.exceptions import ValidationError

from argmap.articles.models import ArticleOriginal
from argmap.articles.services import PENDING_ORIGINAL_FOR

SALT = "argmap.article-import.original"


def original_token(original: ArticleOriginal) -> str:
    """The signed id of a kept original, for the import form and the fetch job's result."""
    return signing.dumps(original.pk, salt=SALT)


def pending_original(token: str, user) -> ArticleOriginal:
    """The original the user kept in an earlier step of this import (its bytes are read
    only if used); ValidationError once it has expired or when it is not theirs."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=PENDING_ORIGINAL_FOR)
    except signing.BadSignature:
        pk = None
    original = ArticleOriginal.objects.pending_for(user).described().filter(pk=pk).first()
    if original is None:
        raise ValidationError("The kept page or PDF has expired: import it again.")
    return original
