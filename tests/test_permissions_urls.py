"""Every URL of the project, for every role, an outsider and an anonymous visitor.

The URLs come from the URLconf itself, so a new URL without a row in EXPECTATIONS fails
``test_every_url_has_an_expectation``. Adding a URL means adding one row below.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from argmap.articles.models import ArticleOriginal
from argmap.discussion.services import comment_create
from argmap.jobs.models import Job, JobFile
from argmap.maps.models import Node
from argmap.maps.services import map_create, node_create
from argmap.maps.services_trash import node_trash
from argmap.reasoning.models import Scenario
from argmap.reasoning.services import node_merge
from argmap.teams.models import Role
from argmap.teams.permissions import ROLE_ACTIONS, Action
from argmap.teams.services import invitation_create
from tests.factories import ArticleFactory, MembershipFactory, UserFactory, WorkspaceFactory

PUBLIC = "public"  # the same answer for everyone, logged in or not
LOGIN = "login"  # any logged-in user; anonymous visitors are sent to the login page
API_ANONYMOUS = 401  # TokenAuthentication asks for credentials with WWW-Authenticate
VISITORS = ("owner", "editor", "commenter", "viewer", "outsider", "anonymous")


@dataclass(frozen=True)
class Expect:
    """How one URL answers: ``needs`` is PUBLIC, LOGIN or the Action a member's role
    must allow. Allowed visitors get ``ok``; members without the action 403; outsiders
    404 (nothing of another workspace is revealed); anonymous visitors ``anonymous``."""

    method: str
    target: str  # key of World.args: which objects fill the URL
    needs: object
    ok: int = 200
    anonymous: int = 302
    data: dict = field(default_factory=dict)
    outsider: int = 404  # 403 where the URL names no workspace (e.g. "import into one of yours")

    def status_for(self, visitor: str) -> int:
        if visitor == "anonymous":
            return self.ok if self.needs == PUBLIC and self.anonymous is None else self.anonymous
        if self.needs in (PUBLIC, LOGIN):
            return self.ok
        if visitor == "outsider":
            return self.outsider
        return self.ok if self.needs in ROLE_ACTIONS[visitor] else 403


def get(target, needs, ok=200, **kw):
    return Expect("get", target, needs, ok, **kw)


def post(target, needs, ok=302, **kw):
    return Expect("post", target, needs, ok, **kw)


def delete(target, needs, ok=204, **kw):
    return Expect("delete", target, needs, ok, **kw)


# One row per URL name. ``admin:*`` covers Django's admin, which has its own staff check.
EXPECTATIONS: dict[str, Expect] = {
    "admin:*": get("none", PUBLIC, ok=302),
    # accounts
    "login": get("none", PUBLIC, anonymous=200),
    "logout": post("none", PUBLIC, anonymous=302),
    "signup": get("none", PUBLIC, ok=302, anonymous=200),
    "signup_sent": get("none", PUBLIC, anonymous=200),
    "account": get("none", LOGIN),
    "token_new": post("none", LOGIN, ok=200),
    "tokens_revoke_all": post("none", LOGIN),
    # a token id of nobody's: the same answer for everyone logged in
    "token_revoke": post("token_key", LOGIN),
    # a link that is not one the sign-up mailed: refused alike for everyone
    "signup_confirm": get("reset", PUBLIC, ok=410, anonymous=410),
    "password_change": get("none", LOGIN),
    "password_change_done": get("none", LOGIN),
    "password_reset": get("none", PUBLIC, anonymous=200),
    "password_reset_done": get("none", PUBLIC, anonymous=200),
    "password_reset_confirm": get("reset", PUBLIC, anonymous=200),
    "password_reset_complete": get("none", PUBLIC, anonymous=200),
    # teams
    "workspace_list": get("none", LOGIN),
    "workspace_create": post("none", LOGIN, data={"name": "Fresh"}),
    "workspace_detail": get("workspace", Action.VIEW),
    "workspace_leave": post("workspace", Action.VIEW),
    "workspace_delete": post("workspace", Action.MANAGE, data={"confirm_name": "Walked"}),
    "invitation_create": post("workspace", Action.MANAGE, ok=200, data={"role": "viewer"}),
    "invitation_revoke": post("invitation", Action.MANAGE),
    "invitation_accept": get("token", PUBLIC, anonymous=200),
    "membership_role": post("membership", Action.MANAGE, data={"role": "viewer"}),
    "membership_remove": post("membership", Action.MANAGE),
    # maps (read-only pages of the foundation)
    "home": get("none", LOGIN),
    "map_detail": get("map", Action.VIEW),
    "article_reader": get("article", Action.VIEW),
    "article_original": get("article", Action.VIEW),
    # maps: the main screen
    "article_import": get("none", Action.EDIT, outsider=403),
    "article_annotate": post("article", Action.EDIT, ok=422),
    "map_unplaced": get("map", Action.VIEW, ok=302),  # a partial; the page without htmx
    "node_subtree": get("map_node", Action.VIEW),
    "node_add": get("map_node", Action.EDIT),
    "node_edit": get("map_node", Action.EDIT),
    "node_more": get("map_node", Action.EDIT),
    "node_place": post("map_node", Action.EDIT, ok=422),
    "node_delete": post("map_node", Action.EDIT),
    "link_relation": post("map_link", Action.EDIT, ok=422),
    "link_move": post("map_link", Action.EDIT, ok=422),
    "link_delete": post("map_link", Action.EDIT),
    "deletion_undo": post("map", Action.EDIT, ok=422),
    # exchange: picture, files, schema
    "map_picture": get("map", Action.VIEW),
    "map_picture_download": get("map_svg", Action.VIEW),
    "map_export": get("map", Action.VIEW),
    "map_export_file": get("map_json", Action.VIEW),
    "map_import": get("workspace", Action.EDIT),
    "exchange_schema": get("schema", PUBLIC, anonymous=None),
    # api: JSON everywhere; anonymous callers are told to authenticate
    "api_schema": get("none", PUBLIC, anonymous=None),
    "api_docs": get("none", PUBLIC, anonymous=None),
    "api_token": get("none", PUBLIC, ok=405, anonymous=405),
    "api_tokens": get("none", LOGIN, anonymous=API_ANONYMOUS),
    "api_token_detail": delete("token_key", LOGIN, ok=404, anonymous=API_ANONYMOUS),
    "api_not_found": get("none", PUBLIC, ok=404, anonymous=404),
    "api_workspaces": get("none", LOGIN, anonymous=API_ANONYMOUS),
    "api_workspace": get("workspace", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_members": get("workspace", Action.VIEW, anonymous=API_ANONYMOUS),
    # another member's membership: only owners remove it (leaving is tested in test_api_teams)
    "api_member": delete("membership", Action.MANAGE, anonymous=API_ANONYMOUS),
    "api_invitations": get("workspace", Action.MANAGE, anonymous=API_ANONYMOUS),
    "api_invitation": delete("invitation_id", Action.MANAGE, anonymous=API_ANONYMOUS),
    # any logged-in user may accept (holding the token is the permission); JSON only
    "api_invitation_accept": post("none", LOGIN, ok=415, anonymous=API_ANONYMOUS),
    "api_articles": get("workspace", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_import": post("workspace", Action.EDIT, ok=400, anonymous=API_ANONYMOUS),
    "api_article": get("article", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_article_original": get("article", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_maps": get("none", LOGIN, anonymous=API_ANONYMOUS),
    "api_map": get("map", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_nodes": get("map", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_links": get("map", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_restore": post("map", Action.EDIT, ok=415, anonymous=API_ANONYMOUS),  # JSON only
    "api_export": get("map_json", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_node": get("node", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_link": get("link", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_comments": get("node", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_comment": get("comment", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_node_history": get("node", Action.VIEW, anonymous=API_ANONYMOUS),
    # JSON only: an allowed member's form post is refused as 415 after the permission check
    "api_node_version_restore": post("version", Action.EDIT, ok=415, anonymous=API_ANONYMOUS),
    "api_trash": get("map", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_activity": get("map", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_strengths": get("map", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_scenarios": get("map", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_node_rating": get("node", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_link_rating": get("link", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_search": get("none", LOGIN, anonymous=API_ANONYMOUS, data={"q": "claim"}),
    # reasoning
    "reasoning_what_if": get("map", Action.VIEW),
    "reasoning_scenario_create": post("map", Action.EDIT),
    "reasoning_scenario_delete": post("map_scenario", Action.EDIT),
    "reasoning_ratings": get("map", Action.VIEW),
    "reasoning_rate_node": post("map_node", Action.COMMENT, data={"value": "70"}),
    "reasoning_rate_link": post("map_link", Action.COMMENT, data={"value": "70"}),
    "reasoning_duplicates": get("map", Action.VIEW),
    "reasoning_add_article": post("map", Action.EDIT),
    "reasoning_merge": post("map", Action.EDIT),
    "reasoning_merge_undo": post("map_merge", Action.EDIT),
    "reasoning_search": get("none", LOGIN, data={"q": "claim"}),
    "node_pros_cons": get("map_node", Action.VIEW),
    # suggestions: editors only (viewers and commenters see none)
    "suggestions_panel": get("map", Action.EDIT),
    "suggestions_other": get("map_node", Action.EDIT),
    "suggestions_accept": post("map_node", Action.EDIT),  # no parent named: a form error
    "suggestions_dismiss": post("map_node", Action.EDIT),
    "suggestions_undo": post("map_link", Action.EDIT),
    "suggestions_accept_all": post("map", Action.EDIT, data={"threshold": "90"}),
    "api_suggestions": get("map", Action.EDIT, anonymous=API_ANONYMOUS),
    "api_suggestion_accept": post("map", Action.EDIT, ok=415, anonymous=API_ANONYMOUS),
    "api_suggestion_dismiss": post("map", Action.EDIT, ok=415, anonymous=API_ANONYMOUS),
    # discussion
    "comments_panel": get("node", Action.VIEW),
    "comment_create": post("node", Action.COMMENT, data={"body": "Walked."}),
    "comment_edit": get("comment", Action.COMMENT),
    "comment_delete": post("comment", Action.COMMENT),
    # activity
    "map_activity": get("map", Action.VIEW),
    "map_changes": get("map", Action.VIEW),
    "map_trash": get("map", Action.VIEW),
    "trash_restore": post("deletion", Action.EDIT),
    "node_history": get("node", Action.VIEW),
    "node_version_restore": post("version", Action.EDIT, data={"expected_version": "1"}),
    "node_merge": post("node", Action.EDIT, data={"text": "Merged.", "expected_version": "1"}),
    # jobs: a member's own job (an outsider asks for another person's: 404, as if missing)
    "job_detail": get("job", Action.VIEW),
    "job_download": get("job", Action.VIEW),
    "api_job": get("job", Action.VIEW, anonymous=API_ANONYMOUS),
    "api_job_file": get("job", Action.VIEW, anonymous=API_ANONYMOUS),
    # ops: the load balancers' health check answers everyone
    "healthz": get("none", PUBLIC, anonymous=200),
}


def walk(patterns=None, namespace=""):
    """Every URL name of the URLconf, as ``namespace:name`` (``<unnamed route>`` if none)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or f'<unnamed {entry.pattern}>'}"


def declared_key(name: str) -> str:
    """The EXPECTATIONS key that covers a URL name (itself, or its namespace's ``ns:*``)."""
    if name not in EXPECTATIONS and ":" in name:
        wildcard = name.split(":", 1)[0] + ":*"
        if wildcard in EXPECTATIONS:
            return wildcard
    return name


def expectation(name: str) -> Expect | None:
    return EXPECTATIONS.get(declared_key(name))


URL_NAMES = sorted(set(walk()))
# A namespace declared with ``ns:*`` is requested once, through its index page.
CASES = sorted({declared_key(name) for name in URL_NAMES})


def test_every_url_has_an_expectation():
    missing = [name for name in URL_NAMES if expectation(name) is None]
    assert not missing, f"Declare the expected statuses of these URLs in EXPECTATIONS: {missing}"


def test_the_table_names_no_url_that_does_not_exist():
    stale = [key for key in EXPECTATIONS if key not in CASES]
    assert not stale, f"EXPECTATIONS names URLs the URLconf no longer has: {stale}"


class World:
    """One workspace with a map, nodes, a comment, a deletion and an invitation; the
    visitor gets the chosen role (or none)."""

    def __init__(self, visitor: str):
        self.workspace = WorkspaceFactory(name="Walked")
        self.user = None if visitor == "anonymous" else UserFactory()
        if visitor in ("owner", "editor", "commenter", "viewer"):
            MembershipFactory(workspace=self.workspace, user=self.user, role=visitor)
        if visitor != "owner":
            MembershipFactory(workspace=self.workspace, role=Role.OWNER)
        other = MembershipFactory(workspace=self.workspace, role=Role.EDITOR)
        author = self.user if visitor not in ("outsider", "anonymous") else other.user
        map_obj = map_create(workspace=self.workspace, title="Walked map", root_kind="claim")
        node = node_create(
            map_obj=map_obj, kind="claim", text="A claim.", parent=map_obj.root, relation="supports"
        )
        doomed = node_create(
            map_obj=map_obj, kind="claim", text="Doomed.", parent=map_obj.root, relation="opposes"
        )
        deletion_id = node_trash(node=doomed)
        twin = node_create(
            map_obj=map_obj, kind="claim", text="A twin.", parent=map_obj.root, relation="supports"
        )
        merge = node_merge(kept=node, absorbed=twin)
        scenario = Scenario.objects.create(
            map=map_obj, name="Walked", disabled_nodes=[node.pk], disabled_links=[]
        )
        comment = comment_create(node=node, author=author, body="A comment.")
        invitation, token = invitation_create(
            workspace=self.workspace, role=Role.VIEWER, created_by=other.user
        )
        article = ArticleFactory(workspace=self.workspace)
        ArticleOriginal.objects.create(
            workspace=self.workspace,
            article=article,
            data=b"<p>Walked.</p>",
            content_type="text/html",
            filename="walked.html",
            size=14,
        )
        version = Node.history.filter(id=node.pk).earliest("history_id").history_id
        job = Job.objects.create(
            owner=author, workspace=self.workspace, label="Walked", time_limit=1, status="done"
        )
        JobFile.objects.create(job=job, name="walked.txt", content_type="text/plain", size=1)
        self.args = {
            "none": [],
            "workspace": [self.workspace.pk],
            "invitation": [self.workspace.pk, invitation.pk],
            "invitation_id": [invitation.pk],
            "token": [token],
            "membership": [self.workspace.pk, other.pk],
            "map": [map_obj.pk],
            "article": [article.pk],
            "node": [node.pk],
            "map_node": [map_obj.pk, node.pk],
            "map_link": [map_obj.pk, node.outgoing_links.get().pk],
            "map_svg": [map_obj.pk, "svg"],
            "map_json": [map_obj.pk, "argmap"],
            "link": [node.outgoing_links.get().pk],
            "schema": ["argmap-1.schema.json"],
            "map_scenario": [map_obj.pk, scenario.pk],
            "map_merge": [map_obj.pk, merge.pk],
            "comment": [comment.pk],
            "deletion": [map_obj.pk, deletion_id],
            "version": [node.pk, version],
            "reset": ["MQ", "set-password"],
            "token_key": ["0123456789abcde"],
            "job": [job.pk],
        }


def _url(name: str, expect: Expect, world: World) -> str:
    if name.startswith("admin:"):
        return reverse("admin:index")
    return reverse(name, args=world.args[expect.target])


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", CASES)
def test_url_answers_each_visitor_as_declared(client, name, visitor):
    expect = expectation(name)
    if expect is None:
        pytest.fail(f"No expectation declared for URL {name!r}: add a row to EXPECTATIONS.")
    world = World(visitor)
    if world.user is not None:
        client.force_login(world.user)
    url = _url(name, expect, world)
    response = getattr(client, expect.method)(url, expect.data)
    assert response.status_code == expect.status_for(visitor), (
        f"{expect.method.upper()} {url} as {visitor}"
    )
    if visitor == "anonymous" and expect.needs not in (PUBLIC,) and response.status_code == 302:
        assert response.url.startswith(reverse("login"))


def test_a_new_url_without_a_row_is_caught():
    from django.http import HttpResponse
    from django.urls import include, path

    def view(request):
        return HttpResponse()

    fake = [path("x/", view, name="brand_new"), path("y/", include([path("", view)]))]
    names = list(walk(fake))
    assert names == ["brand_new", "<unnamed >"]
    assert all(expectation(name) is None for name in names)
