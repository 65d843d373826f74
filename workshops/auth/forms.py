from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Regexp

from workshops.auth.models import Role
from workshops.auth.services import MINIMUM_PASSWORD_LENGTH, UserDetails
from workshops.forms import Form, enum_choices
from workshops.i18n import NAMES


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
    is_active = BooleanField(_l("Active (may log in)"), default=True,
                             description=_l("An active account is emailed an invitation to choose its password."))

    def details(self) -> UserDetails:
        return UserDetails(email=self.email.data, full_name=self.full_name.data, role=Role(self.role.data),
                           is_active=self.is_active.data)


class EditUserForm(UserForm):
    """No password here: the administrator sends a link from the account's page and its owner chooses one."""

    is_active = BooleanField(_l("Active (may log in)"))


#: Longer is never weaker; this only keeps a pasted book from reaching the hash function.
MAXIMUM_PASSWORD_LENGTH = 1000


class ForgotPasswordForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])


class ChoosePasswordForm(Form):
    """A new password typed twice; the rules it must pass are the service's (check_password_strength)."""

    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=MAXIMUM_PASSWORD_LENGTH)],
        description=_l("At least %(count)d characters, not a common password, not your name or email. A few "
                       "unrelated words make a good one.", count=MINIMUM_PASSWORD_LENGTH))
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords are not the same."))])


class ChangePasswordForm(ChoosePasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])


class LanguageForm(Form):
    """The user's language: the preference form on their account page, and the switcher's buttons (each posts its
    own `language`) with the page to go back to."""

    language = SelectField(_l("Language"), validators=[DataRequired()],
                           choices=[SelectChoice(code, name, render_kw={"lang": code}) for code, name in NAMES.items()],
                           description=_l("For every page and for the email you receive."))
    back = HiddenField()


class CodeForm(Form):
    """Six digits from the authenticator app; a space in the middle, as some apps show them, is fine."""

    code = StringField(_l("Code from your authenticator app"),
                       validators=[DataRequired(), Regexp(r"^\s*\d{3}\s?\d{3}\s*$",
                                                          message=_l("Type the 6 digits the app shows."))])


class SecondFactorRolesForm(Form):
    roles = SelectMultipleField(_l("Roles that must use a second factor"), choices=enum_choices(Role),
                                description=_l("Their users without one set it up when they next log in, before "
                                               "anything else. Hold Ctrl (or Cmd) to choose several."))
