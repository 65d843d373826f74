from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from workshops.forms import Form, choices, translation_field
from workshops.programmes.models import BRANDING_SLOTS
from workshops.training.models import Language


class ReasonForm(Form):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)],
                           description=_l("Kept in the certificate's record; never shown on the public page."))


def _slots():
    return choices((slot, str(slot)) for slot in range(1, BRANDING_SLOTS + 1))


class DonorLineForm(Form):
    donor_acknowledgement = StringField(_l("Donor acknowledgement"), validators=[Optional(), Length(max=300)],
                                        description=_l("Printed at the foot of every certificate, e.g. “With the "
                                                       "support of the Government of the Netherlands”."))
    donor_acknowledgement_fr = translation_field(_l("Donor acknowledgement in French"), "fr", 300)
    donor_acknowledgement_ar = translation_field(_l("Donor acknowledgement in Arabic"), "ar", 300)


class LogoForm(Form):
    position = SelectField(_l("Place (left to right)"), coerce=int, choices=_slots())
    logo = FileField(_l("Logo (PNG or JPEG, up to 2 MB)"), validators=[FileRequired(_l("Choose an image file."))])


class SignatoryForm(Form):
    position = SelectField(_l("Place (left to right)"), coerce=int, choices=_slots())
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    title_fr = translation_field(_l("Title in French"), "fr", 200)
    title_ar = translation_field(_l("Title in Arabic"), "ar", 200)
    signature = FileField(_l("Signature image (optional, PNG or JPEG)"))


class PreviewForm(Form):
    class Meta:
        csrf = False

    language = SelectField(_l("Language"), choices=choices((language.value, language.label) for language in Language))


class PositionForm(Form):
    position = IntegerField(validators=[NumberRange(min=1, max=BRANDING_SLOTS)])
