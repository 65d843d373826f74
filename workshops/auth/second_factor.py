"""The optional second factor: a six-digit code from an authenticator app (TOTP), and the roles that must use one.

A password alone can be guessed, phished or reused from another site's leak; the code proves that the person also
holds the phone set up with the secret. Administrators may require it of whole roles (those who see the most).
"""
import secrets
import unicodedata
from collections.abc import Iterable
from datetime import datetime

import pyotp
import segno
from flask_babel import gettext as _

from workshops.access.policy import Action, require
from workshops.audit.services import record
from workshops.auth.models import Role, SiteSetting, User
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db

#: What authenticator apps show above the code, next to the user's email.
ISSUER = "Workshops"
#: The SiteSetting holding {"roles": [role values]}: users of these roles must set up a second factor.
REQUIRED_ROLES_KEY = "second_factor_required_roles"
#: Codes of the 30-second step before and after the current one count too: phone clocks drift a little.
VALID_WINDOW = 1
#: Digits in a code, as every common authenticator app shows them.
CODE_DIGITS = 6


class _SiteSettings:
    """The trail's subject for a site-wide setting, which has a key but no row number: site_setting 0."""

    __tablename__ = SiteSetting.__tablename__
    id = 0


def new_secret() -> str:
    """A random 160-bit secret in base 32, the form authenticator apps take typed or scanned."""
    return pyotp.random_base32()


def provisioning_uri(email: str, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_code_svg(uri: str, title: str) -> str:
    """The otpauth: link as an SVG QR code to place in a page as markup (no script, no style attribute)."""
    return segno.make(uri, error="m").svg_inline(scale=4, light="#fff", title=title, svgclass="qr-code")


def code_is_right(secret: str, code: str, *, at: datetime | None = None) -> bool:
    """True for the code of the current step (or a neighbour); spaces are ignored, and digits typed on an Arabic
    keyboard (٠١٢...) count as the digits they are."""
    characters = [character for character in code or "" if not character.isspace()]
    if len(characters) != CODE_DIGITS or not all(character.isdecimal() for character in characters):
        return False
    digits = "".join(str(unicodedata.decimal(character)) for character in characters)
    return pyotp.TOTP(secret).verify(digits, for_time=at, valid_window=VALID_WINDOW)


def check_code(user_id: int, code: str, *, at: datetime | None = None) -> bool:
    """The sign-in's second step: the code of this user's own secret."""
    user = db.session.get(User, user_id)
    return user is not None and user.totp_secret is not None and code_is_right(user.totp_secret, code, at=at)


def turn_on(user_id: int, secret: str, code: str, *, actor_id: int | None, at: datetime | None = None) -> User:
    """Keep the secret only once a code from it proves the app was set up; otherwise the user would be locked out."""
    user = db.session.get(User, user_id)
    if not code_is_right(secret, code, at=at):
        raise DomainError(_("That code is not right. Check that the app shows this account and type its current "
                            "code."), field="code")
    user.totp_secret = secret
    record(actor_id, "user.second_factor_on", user)
    db.session.flush()
    return user


def turn_off(user_id: int, code: str, *, actor_id: int | None, at: datetime | None = None) -> User:
    """A current code is asked for, so that someone at an unlocked computer cannot quietly remove the factor."""
    user = db.session.get(User, user_id)
    if user.totp_secret is None:
        raise Conflict(_("This account has no second factor to turn off."), field="code")
    if user.role in required_roles():
        raise Conflict(_("Your role must use a second factor, so it cannot be turned off."), field="code")
    if not code_is_right(user.totp_secret, code, at=at):
        raise DomainError(_("That code is not right."), field="code")
    user.totp_secret = None
    record(actor_id, "user.second_factor_off", user)
    db.session.flush()
    return user


def reset(user_id: int, *, actor_id: int | None) -> User:
    """An administrator removes a lost authenticator (a new phone): the owner sets one up again at next sign-in
    if their role requires it, and every session of theirs ends, since whoever holds the old phone may be signed in."""
    require(actor_id, Action.ADMINISTER)
    user = db.session.get(User, user_id)
    if user.totp_secret is None:
        raise Conflict(_("This account has no second factor to remove."))
    user.totp_secret = None
    user.session_token = secrets.token_urlsafe(32)
    record(actor_id, "user.second_factor_reset", user)
    db.session.flush()
    return user


def required_roles() -> frozenset[Role]:
    setting = db.session.get(SiteSetting, REQUIRED_ROLES_KEY)
    values = set(setting.value.get("roles", [])) if setting is not None else set()
    return frozenset(role for role in Role if role.value in values)


def must_set_up(user_id: int) -> bool:
    """A user of a role that requires a second factor, without one yet: sent to set it up before anything else."""
    user = db.session.get(User, user_id)
    return user is not None and user.totp_secret is None and user.role in required_roles()


def require_for_roles(roles: Iterable[Role], *, actor_id: int | None) -> frozenset[Role]:
    """Store which roles must use a second factor; their users without one set it up at their next sign-in."""
    before = [role.value for role in Role if role in required_roles()]
    chosen = set(roles)
    after = [role.value for role in Role if role in chosen]
    setting = db.session.get(SiteSetting, REQUIRED_ROLES_KEY)
    if setting is None:
        setting = SiteSetting(key=REQUIRED_ROLES_KEY)
        db.session.add(setting)
    setting.value = {"roles": after}
    if before != after:
        record(actor_id, "site.second_factor_required", _SiteSettings(), changes={"roles": (before, after)})
    db.session.flush()
    return frozenset(chosen)
