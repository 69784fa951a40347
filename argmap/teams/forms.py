from django import forms

from argmap.teams.models import Role


class WorkspaceForm(forms.Form):
    name = forms.CharField(max_length=200, label="New workspace")


class InvitationForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, initial=Role.EDITOR)
    email = forms.EmailField(
        required=False,
        label="E-mail (optional)",
        help_text="Only an account with this address can accept. Leave empty to get a "
        "one-time link to hand over yourself: anyone who has that link can join.",
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class DeleteWorkspaceForm(forms.Form):
    confirm_name = forms.CharField(label="Type the workspace's name to confirm")
