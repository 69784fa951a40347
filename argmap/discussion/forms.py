from django import forms

from argmap.discussion.services import MAX_LENGTH


class CommentForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_LENGTH, label="Comment"
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
