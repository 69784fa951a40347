from django import forms

from argmap.exchange.formats import IMPORT_FORMATS


class MapImportForm(forms.Form):
    file = forms.FileField(
        help_text="argmap JSON, AIF / xAIF JSON, Argdown JSON or a Kialo export."
    )
    format = forms.ChoiceField(
        choices=[("auto", "Recognise it from the file")]
        + [(name, spec.label) for name, spec in IMPORT_FORMATS.items()],
        initial="auto",
    )
    title = forms.CharField(
        max_length=500, required=False, help_text="Leave empty to keep the file's own title."
    )
