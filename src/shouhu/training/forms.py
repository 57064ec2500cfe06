"""Training's page forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shouhu.core.dates import past_date_validator


class TrainingForm(forms.Form):
    """One person's training (the page door of `services.person_training_record`; the API's `PersonTrainingIn`)."""

    held_on = forms.DateField(
        label=_("培训日期"),
        validators=[past_date_validator],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}),
    )
    topic = forms.CharField(
        label=_("培训内容"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    hours = forms.DecimalField(
        label=_("学时"),
        min_value=0,
        max_value=200,
        max_digits=5,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5", "min": "0"}),
    )
    provider = forms.CharField(
        label=_("培训机构"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
