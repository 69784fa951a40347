"""Workspace pages: list and create, members and roles, invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from argmap.teams import selectors, services
from argmap.teams.forms import DeleteWorkspaceForm, InvitationForm, RoleForm, WorkspaceForm
from argmap.teams.models import Invitation, Membership, Role, Workspace
from argmap.teams.permissions import Action, allowed_actions, forget_roles, require


def _workspace(request, pk: int, action: Action) -> Workspace:
    workspace = get_object_or_404(Workspace, pk=pk)
    require(request.user, action, workspace.pk)
    return workspace


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def workspace_list(request):
    context = {"memberships": selectors.workspaces_of(request.user), "form": WorkspaceForm()}
    return render(request, "teams/workspace_list.html", context)


@login_required
@require_POST
def workspace_create(request):
    form = WorkspaceForm(request.POST)
    if form.is_valid():
        try:
            workspace = services.workspace_create(
                name=form.cleaned_data["name"], owner=request.user
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(
                request, f"Workspace “{workspace.name}” created. Invite your team below."
            )
            return redirect("workspace_detail", workspace.pk)
    context = {"memberships": selectors.workspaces_of(request.user), "form": form}
    return render(request, "teams/workspace_list.html", context, status=422)


def _detail(request, workspace, *, status=200, partial=None, **extra):
    allowed = allowed_actions(request.user, workspace.pk)
    context = {
        "workspace": workspace,
        "allowed": allowed,
        "members": selectors.members_of(workspace),
        "invitations": selectors.pending_invitations(workspace) if Action.MANAGE in allowed else [],
        "roles": Role.choices,
        "invitation_form": InvitationForm(),
        "delete_form": DeleteWorkspaceForm(),
        **extra,
    }
    template = "teams/workspace_detail.html"
    if partial and request.htmx:
        template += f"#{partial}"
    return render(request, template, context, status=status)


@login_required
def workspace_detail(request, pk: int):
    return _detail(request, _workspace(request, pk, Action.VIEW))


@login_required
@require_POST
def invitation_create(request, pk: int):
    workspace = _workspace(request, pk, Action.MANAGE)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _detail(request, workspace, status=422, partial="invitations", invitation_form=form)
    try:
        issued = services.invitation_issue(
            workspace=workspace,
            created_by=request.user,
            link_for=lambda token: invitation_link(request, token),
            **form.cleaned_data,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, workspace, status=422, partial="invitations", invitation_form=form)
    # The token is not stored, so the link is shown now, once, instead of after a redirect.
    return _detail(request, workspace, partial="invitations", issued=issued)


def invitation_link(request, token: str) -> str:
    """The absolute address of the page that accepts an invitation."""
    return request.build_absolute_uri(reverse("invitation_accept", args=[token]))


@login_required
@require_POST
def invitation_revoke(request, pk: int, invitation_pk: int):
    workspace = _workspace(request, pk, Action.MANAGE)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, workspace=workspace)
    try:
        services.invitation_revoke(invitation=invitation)
    except ValidationError as error:
        messages.error(request, _errors(error))
    if request.htmx:
        return _detail(request, workspace, partial="invitations")
    return redirect("workspace_detail", workspace.pk)


@login_required
@require_POST
def membership_role(request, pk: int, membership_pk: int):
    workspace = _workspace(request, pk, Action.MANAGE)
    membership = get_object_or_404(Membership, pk=membership_pk, workspace=workspace)
    form = RoleForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as invalid:
            error = _errors(invalid)
    else:
        error = "Choose one of the roles."
    forget_roles(request.user)
    if error and not request.htmx:
        messages.error(request, error)
    if request.htmx:
        return _detail(
            request, workspace, status=422 if error else 200, partial="members", member_error=error
        )
    return redirect("workspace_detail", workspace.pk)


@login_required
@require_POST
def membership_remove(request, pk: int, membership_pk: int):
    workspace = _workspace(request, pk, Action.MANAGE)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, workspace=workspace
    )
    try:
        services.membership_remove(membership=membership)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("workspace_detail", workspace.pk)
    if membership.user_id == request.user.pk:
        messages.success(request, f"You left “{workspace.name}”.")
        return redirect("workspace_list")
    messages.success(request, f"{membership.user.get_username()} was removed.")
    return redirect("workspace_detail", workspace.pk)


@login_required
@require_POST
def workspace_leave(request, pk: int):
    workspace = _workspace(request, pk, Action.VIEW)
    membership = Membership.objects.get(workspace=workspace, user=request.user)
    try:
        services.membership_remove(membership=membership)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("workspace_detail", workspace.pk)
    messages.success(request, f"You left “{workspace.name}”.")
    return redirect("workspace_list")


@login_required
@require_POST
def workspace_delete(request, pk: int):
    workspace = _workspace(request, pk, Action.MANAGE)
    form = DeleteWorkspaceForm(request.POST)
    if form.is_valid():
        try:
            services.workspace_delete(
                workspace=workspace, confirm_name=form.cleaned_data["confirm_name"]
            )
        except ValidationError as error:
            form.add_error("confirm_name", error)
    if form.errors:
        return _detail(request, workspace, status=422, delete_form=form)
    messages.success(request, f"Workspace “{workspace.name}” deleted.")
    return redirect("workspace_list")


def invitation_accept(request, token: str):
    """Show whom the invitation is from, to which workspace and with which role, to anyone
    holding the link (before they sign up or log in); POST, logged in, joins the workspace
    and lands on its maps."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404("No such invitation.")
    error = None
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except ValidationError as invalid:
            error = _errors(invalid)
        else:
            forget_roles(request.user)
            messages.success(
                request,
                f"Welcome to “{membership.workspace.name}” as "
                f"{membership.get_role_display().lower()}.",
            )
            return redirect(reverse("home") + f"#workspace-{membership.workspace_id}")
    elif request.user.is_authenticated:
        error = services.invitation_refusal(invitation, request.user)
    elif invitation.state != "pending":
        error = f"This invitation has {invitation.state} and cannot be used."
    context = {"invitation": invitation, "error": error}
    status = 200 if not error else 403 if error == services.WRONG_ADDRESS else 410
    return render(request, "teams/invitation_accept.html", context, status=status)
