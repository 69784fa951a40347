"""Forms of the map pages: they parse input only; every rule lives in ``services``."""

from django import forms

from argmap.maps.models import InformationCredibility, NodeKind, Relation, SourceReliability

EVIDENCE_FIELDS = (
    "source_title",
    "source_url",
    "source_date",
    "source_reliability",
    "information_credibility",
)
ADD_CHOICES = {
    # relation -> the kind of node it adds by default
    Relation.SUPPORTS: NodeKind.CLAIM,
    Relation.OPPOSES: NodeKind.CLAIM,
    Relation.ANSWERS: NodeKind.CLAIM,
    Relation.QUESTIONS: NodeKind.QUESTION,
    Relation.UNDERCUTS: NodeKind.CLAIM,
}


def _blank(choices) -> list:
    return [("", "—")] + list(choices)


class EvidenceFieldsMixin(forms.Form):
    source_title = forms.CharField(label="Source title", max_length=500, required=False)
    source_url = forms.URLField(
        label="Source URL", max_length=2000, required=False, assume_scheme="https"
    )
    source_date = forms.DateField(
        label="Source date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    source_reliability = forms.ChoiceField(
        label="Source reliability (A-F)", choices=_blank(SourceReliability.choices), required=False
    )
    information_credibility = forms.TypedChoiceField(
        label="Information credibility (1-6)",
        choices=_blank(InformationCredibility.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def evidence_fields(self) -> list:
        """The bound evidence fields, for templates that show them apart."""
        return [self[name] for name in EVIDENCE_FIELDS if name in self.fields]

    def evidence_values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in EVIDENCE_FIELDS} | {
            "source_reliability": self.cleaned_data.get("source_reliability") or "",
            "source_url": self.cleaned_data.get("source_url") or "",
            "source_title": self.cleaned_data.get("source_title") or "",
        }


class NodeAddForm(EvidenceFieldsMixin):
    """A new node under a parent: a supporting or opposing claim, evidence, an answer..."""

    field_order = ["kind", "text", "relation", *EVIDENCE_FIELDS]

    kind = forms.ChoiceField(choices=NodeKind.choices, widget=forms.HiddenInput)
    relation = forms.ChoiceField(label="Relation", choices=Relation.choices)
    text = forms.CharField(
        label="Text", max_length=10_000, widget=forms.Textarea(attrs={"rows": 3, "autofocus": True})
    )

    def __init__(self, *args, parent_kind: str = NodeKind.CLAIM, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.data.get("kind") or self.initial.get("kind")
        if kind == NodeKind.EVIDENCE:
            self.fields["text"].label = "Quote"
            self.fields["relation"].choices = [
                (Relation.SUPPORTS, "supports"),
                (Relation.OPPOSES, "opposes"),
            ]
            if self.initial.get("relation") == Relation.UNDERCUTS:
                self.fields["relation"].choices = [(Relation.UNDERCUTS, "undercuts")]
        else:
            self.fields["relation"].widget = forms.HiddenInput()
            for name in EVIDENCE_FIELDS:
                del self.fields[name]

    @property
    def is_evidence(self) -> bool:
        return "source_title" in self.fields

    def node_values(self) -> dict:
        values = {"kind": self.cleaned_data["kind"], "text": self.cleaned_data["text"]}
        if self.is_evidence and values["kind"] == NodeKind.EVIDENCE:
            values |= self.evidence_values()
        return values


class NodeEditForm(EvidenceFieldsMixin):
    field_order = ["text", "version", *EVIDENCE_FIELDS, "base_score"]

    text = forms.CharField(
        label="Text", max_length=10_000, widget=forms.Textarea(attrs={"rows": 3, "autofocus": True})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # The analyst's prior belief in the node before its supporters and attackers count
    # (DF-QuAD's base score); questions have no strength, so they have no base score.
    base_score = forms.FloatField(
        label="Base score (0–1)",
        min_value=0,
        max_value=1,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.05", "placeholder": "0.5"}),
    )

    def __init__(self, *args, kind: str = NodeKind.CLAIM, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != NodeKind.EVIDENCE:
            for name in EVIDENCE_FIELDS:
                del self.fields[name]
        else:
            self.fields["text"].label = "Quote"
        if kind == NodeKind.QUESTION:
            del self.fields["base_score"]
        else:
            self.fields["base_score"].help_text = (
                "Blank: taken from the grade."
                if kind == NodeKind.EVIDENCE
                else "Blank: neutral, 0.5."
            )

    def changes(self) -> dict:
        values = {"text": self.cleaned_data["text"]}
        if "source_title" in self.fields:
            values |= self.evidence_values()
        if "base_score" in self.fields:
            values["base_score"] = self.cleaned_data["base_score"]
        return values


class LinkRelationForm(forms.Form):
    relation = forms.ChoiceField(label="Relation to its parent", choices=Relation.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ParentForm(forms.Form):
    """Hang a node under another one: moving a link, or placing an unplaced node."""

    # Any node of the map may be posted (the view looks it up, the services refuse cycles);
    # the select offers a short list that a search narrows down.
    parent = forms.IntegerField(
        label="New parent",
        widget=forms.Select,
        error_messages={
            "required": "Choose the parent in the list (search for words of its text first).",
            "invalid": "Choose the parent in the list (search for words of its text first).",
        },
    )
    relation = forms.ChoiceField(label="Relation", choices=Relation.choices)

    def __init__(self, *args, parents: list[tuple[int, str]], keep_relation: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].widget.choices = parents
        if keep_relation:
            self.fields["relation"].choices = [("", "keep the same")] + list(Relation.choices)
            self.fields["relation"].required = False


class AnnotateForm(EvidenceFieldsMixin):
    """Selected article text made into a node. ``start``/``end`` come from the reader's
    script; without it the quote alone is looked up in the article."""

    ACTIONS = [
        (NodeKind.CLAIM, "a claim"),
        (NodeKind.QUESTION, "a question"),
        (NodeKind.EVIDENCE, "evidence"),
    ]

    exact = forms.CharField(
        label="Selected text", max_length=10_000, strip=False, widget=forms.Textarea({"rows": 2})
    )
    start = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label="Make it", choices=ACTIONS, widget=forms.RadioSelect)
    map = forms.TypedChoiceField(label="Map", coerce=int)
    parent = forms.TypedChoiceField(label="Under", coerce=int, empty_value=None, required=False)
    relation = forms.ChoiceField(
        label="Relation",
        choices=[("", "supports, or answers a question")] + list(Relation.choices),
        required=False,
        help_text="A question always questions the node it is under.",
    )

    def __init__(self, *args, maps: list, parents: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["map"].choices = maps
        self.fields["parent"].choices = [("", "— nowhere yet (unplaced) —")] + parents


class ArticleImportForm(forms.Form):
    """Paste, upload or give the URL of an article; the metadata found in it can be corrected
    before saving."""

    workspace = forms.TypedChoiceField(label="Workspace", coerce=int)
    text = forms.CharField(
        label="Article text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "placeholder": "Paste the article here…"}),
    )
    file = forms.FileField(
        label="…or upload a file (.txt, .md, .html or .pdf)",
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".txt,.md,.markdown,.text,.html,.htm,.xhtml,.pdf"}
        ),
    )
    url = forms.URLField(
        label="…or give the article's URL",
        max_length=2000,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://…", "inputmode": "url"}),
    )
    # The signed id of the page or PDF kept during the preview (see views_articles).
    original = forms.CharField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label="Title (the map's root)", max_length=500, required=False)
    root_kind = forms.ChoiceField(
        label="The root is",
        choices=[(NodeKind.QUESTION, "a question"), (NodeKind.CLAIM, "a claim")],
        required=False,
    )
    author = forms.CharField(label="Author", max_length=300, required=False)
    publication = forms.CharField(label="Publication", max_length=300, required=False)
    published_on = forms.DateField(
        label="Published on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    source_url = forms.URLField(
        label="Source URL", max_length=2000, required=False, assume_scheme="https"
    )

    ALLOWED_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm", ".xhtml", ".pdf")

    def __init__(self, *args, workspaces: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workspace"].choices = workspaces

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and not upload.name.lower().endswith(self.ALLOWED_SUFFIXES):
            raise forms.ValidationError(
                "Upload a text (.txt), Markdown (.md), web page (.html) or PDF (.pdf) file."
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        given = [
            bool(cleaned.get("file")),
            bool(cleaned.get("url")),
            bool((cleaned.get("text") or "").strip()) and not cleaned.get("original"),
        ]
        if "url" in self.errors or "file" in self.errors:
            return cleaned
        if not any(given) and not cleaned.get("original"):
            raise forms.ValidationError("Paste the article's text, choose a file or give a URL.")
        if sum(given) > 1:
            raise forms.ValidationError("Give one of text, file or URL: which one should be read?")
        return cleaned
