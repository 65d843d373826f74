from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from workshops.auth.models import Role
from workshops.auth.services import MINIMUM_PASSWORD_LENGTH, UserDetails
from workshops.forms import Form, enum_choices


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me signed in on this computer"))


class UserForm(Form):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    #: The least-privileged role is the default: a slip gives an account too little, never everything.
    role = SelectField(_l("Role"), choices=enum_choices(Role), default=Role.TRAINER.value, validators=[DataRequired()],
                       description=_l("Project leads and coordinators then need projects assigned on their page."))
    is_active = BooleanField(_l("Active (may log in)"), default=True)
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=MINIMUM_PASSWORD_LENGTH)])

    def details(self) -> UserDetails:
        return UserDetails(email=self.email.data, full_name=self.full_name.data, role=Role(self.role.data),
                           is_active=self.is_active.data)


class EditUserForm(UserForm):
    password = PasswordField(_l("New password"), description=_l("Leave empty to keep the current password."),
                             validators=[Optional(), Length(min=MINIMUM_PASSWORD_LENGTH)])
