"""Back up and restore one whole workspace: every row of every model that reaches the
Workspace through foreign keys (articles, maps, nodes, links, members, comments, history...),
found by walking the app registry, so models added later are included without a change here.

Rows keep their primary keys, so a restore recreates exactly the same workspace (and every
id in URLs and history still points where it did). References to users and content types are
written as natural keys (username, app label + model): the users themselves travel in the
backup and are created on restore when missing, matched by username when present.
"""

import json
from collections import defaultdict

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from argmap.articles.models import Article
from argmap.articles.splitting import split_article, split_to_json
from argmap.teams.models import Workspace

FORMAT = "argmap-workspace-backup"
VERSION = 1
# Rows outside the workspace that its rows point to; referenced by natural key, never walked.
SHARED_MODELS = {"auth.user", "contenttypes.contenttype"}
# Account fields a backup carries; permissions and staff flags never travel with a workspace.
USER_FIELDS = ("username", "email", "first_name", "last_name", "password", "is_active")


def _label(model) -> str:
    return model._meta.label_lower


def _is_shared(model) -> bool:
    return _label(model) in SHARED_MODELS or model is get_user_model()


def _foreign_keys(model):
    """(field, target model) of each many-to-one or one-to-one field of the model."""
    return [
        (field, field.related_model)
        for field in model._meta.concrete_fields
        if field.is_relation and (field.many_to_one or field.one_to_one)
    ]


def _candidate_models():
    """Concrete stored models, auto-created m2m tables excluded: they travel with their
    model's m2m field."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not _is_shared(model)
    ]


def collect(workspace: Workspace) -> dict[type, set]:
    """Primary keys of every row that reaches the workspace through foreign keys, by model.

    A fixed point over the registry: a row belongs to the workspace when one of its foreign
    keys points to a row that does (a node through its map, a link through its nodes, a
    historical row through the object's own foreign keys)."""
    rows: dict[type, set] = defaultdict(set)
    rows[Workspace].add(workspace.pk)
    models = [model for model in _candidate_models() if model is not Workspace]
    changed = True
    while changed:
        changed = False
        for model in models:
            conditions = [
                (field.attname, rows[target])
                for field, target in _foreign_keys(model)
                if rows.get(target)
            ]
            # django-simple-history copies the tracked object's primary key as a plain
            # column, not a foreign key: follow it too (a workspace's own history).
            tracked = getattr(model, "instance_type", None)
            if tracked is not None and rows.get(tracked):
                conditions.append((tracked._meta.pk.attname, rows[tracked]))
            for attname, target_pks in conditions:
                found = set(
                    model._base_manager.filter(**{f"{attname}__in": list(target_pks)})
                    .exclude(pk__in=list(rows[model]))
                    .values_list("pk", flat=True)
                )
                if found:
                    rows[model] |= found
                    changed = True
    return {model: pks for model, pks in rows.items() if pks}


def _referenced_users(rows: dict[type, set]) -> set:
    user_model = get_user_model()
    user_pks = set()
    for model, pks in rows.items():
        for field, target in _foreign_keys(model):
            if target is user_model:
                user_pks |= set(
                    model._base_manager.filter(pk__in=list(pks))
                    .exclude(**{f"{field.attname}__isnull": True})
                    .values_list(field.attname, flat=True)
                )
    return user_pks


def backup(workspace: Workspace) -> dict:
    """The whole workspace as one JSON-ready document."""
    rows = collect(workspace)
    ordered = serializers.sort_dependencies([(None, list(rows))], allow_cycles=True)
    objects = []
    for model in ordered:
        queryset = model._base_manager.filter(pk__in=list(rows[model])).order_by("pk")
        objects.extend(serializers.serialize("python", queryset, use_natural_foreign_keys=True))
    users = get_user_model()._base_manager.filter(pk__in=_referenced_users(rows))
    members = set(workspace.memberships.values_list("user_id", flat=True))
    return {
        "format": FORMAT,
        "version": VERSION,
        "workspace": workspace.slug,
        "created_at": timezone.now(),
        "users": [_user_entry(user, member=user.pk in members) for user in users.order_by("pk")],
        "objects": objects,
    }


def _user_entry(user, *, member: bool) -> dict:
    """A user as the backup keeps them. Former members and other people whom only the
    history names come back as names, not as accounts anyone can log in to."""
    entry = {name: getattr(user, name) for name in USER_FIELDS} | {"date_joined": user.date_joined}
    if not member:
        entry |= {"password": make_password(None), "is_active": False}
    return entry


def dumps(document: dict) -> str:
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False)


def _restore_users(users: list[dict]) -> None:
    user_model = get_user_model()
    existing = set(
        user_model._base_manager.filter(
            username__in=[item["username"] for item in users]
        ).values_list("username", flat=True)
    )
    for item in users:
        if item["username"] not in existing:
            user_model._base_manager.create(**item)


def _check_free(objects: list[dict]) -> None:
    wanted: dict[str, set] = defaultdict(set)
    for item in objects:
        wanted[item["model"]].add(item["pk"])
    clashes = []
    for label, pks in wanted.items():
        model = apps.get_model(label)
        taken = model._base_manager.filter(pk__in=list(pks)).count()
        if taken:
            clashes.append(f"{label} ({taken} rows)")
    if clashes:
        raise ValidationError(
            "The database already holds rows of this backup: %(clashes)s. Restore into a "
            "database without them (for example a new, migrated one).",
            params={"clashes": ", ".join(sorted(clashes))},
        )


def restore(document: dict, *, using: str = DEFAULT_DB_ALIAS) -> Workspace:
    """Recreate a backed-up workspace, all or nothing, with its original primary keys."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError("This is not an argmap workspace backup.")
    if document.get("version") != VERSION:
        raise ValidationError(f"Unsupported backup version {document.get('version')!r}.")
    objects = document.get("objects") or []
    connection = connections[using]
    with transaction.atomic(using=using):
        if Workspace.objects.using(using).filter(slug=document.get("workspace")).exists():
            raise ValidationError(
                "A workspace with the slug %(slug)s exists already.",
                params={"slug": document.get("workspace")},
            )
        _check_free(objects)
        ContentType.objects.clear_cache()
        _restore_users(document.get("users") or [])
        models = set()
        with connection.constraint_checks_disabled():
            for restored in serializers.deserialize(
                "python", objects, using=using, handle_forward_references=True
            ):
                if isinstance(restored.object, Article) and restored.object.split is None:
                    # A backup from before units were stored: split once, as it is written.
                    restored.object.split = split_to_json(split_article(restored.object.body))
                restored.save(using=using)
                models.add(type(restored.object))
        connection.check_constraints(table_names=[model._meta.db_table for model in models])
        # New rows must not reuse the restored primary keys (PostgreSQL sequences).
        statements = connection.ops.sequence_reset_sql(no_style(), list(models))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    return Workspace.objects.using(using).get(slug=document["workspace"])
