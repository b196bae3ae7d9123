"""Writes on accounts, memberships and API tokens."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socialtech.accounts.mfa import mfa_enabled, mfa_required
from socialtech.accounts.models import ApiToken, Membership, User, hash_token
from socialtech.accounts.roles import Role, forget_roles
from socialtech.audit.services import audit_log
from socialtech.tenancy.models import Tenant


@transaction.atomic
def user_update_profile(*, user: User, full_name: str, language: str, timezone: str) -> User:
    """Change a user's name, language and time zone. Refuses unknown languages and zones."""
    user.full_name = full_name.strip()
    user.language = language
    user.timezone = timezone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "language", "timezone"])
    audit_log(
        actor=user,
        verb="user.profile_updated",
        target=user,
        data={"language": language, "timezone": timezone},
    )
    return user


@transaction.atomic
def membership_grant(
    *, tenant: Tenant, user: User, role: str, granted_by: User | None = None
) -> Membership:
    """Give ``user`` a role in ``tenant``; granting a role already held changes nothing."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": role}})
    membership, created = Membership.unscoped.get_or_create(tenant=tenant, user=user, role=role)
    if not created and not membership.is_active:
        membership.is_active = True
        membership.full_clean()
        membership.save(update_fields=["is_active"])
        created = True
    if created:
        audit_log(
            actor=granted_by,
            verb="membership.granted",
            target=membership,
            data={"role": role, "user": user.email},
        )
    forget_roles(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, revoked_by: User | None = None) -> Membership:
    """Withdraw a role; the row stays for the audit trail."""
    membership.is_active = False
    membership.full_clean()
    membership.save(update_fields=["is_active"])
    audit_log(
        actor=revoked_by,
        verb="membership.revoked",
        target=membership,
        data={"role": membership.role},
    )
    forget_roles(membership.user)
    return membership


class TokenRefused(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _check_second_factor(user: User, code: str) -> bool:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    code = code.strip().replace(" ", "")
    for authenticator in Authenticator.objects.filter(user=user):
        if authenticator.type == Authenticator.Type.TOTP and TOTP(authenticator).validate_code(
            code
        ):
            return True
        if authenticator.type == Authenticator.Type.RECOVERY_CODES and RecoveryCodes(
            authenticator
        ).validate_code(code):
            return True
    return False


@transaction.atomic
def api_token_issue(
    *, tenant: Tenant, email: str, password: str, code: str = ""
) -> tuple[ApiToken, str]:
    """Issue an API token for ``tenant`` and return it with its key, shown only once.

    Refuses wrong credentials, unverified e-mail addresses, and accounts that must use a
    second factor unless a valid TOTP or recovery code is given.
    """
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None or not user.is_active or not user.check_password(password):
        raise TokenRefused(_("Unknown e-mail address or wrong password."), "invalid_credentials")
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        raise TokenRefused(
            _("Verify your e-mail address before using the API."), "email_unverified"
        )
    if mfa_required(user, tenant):
        if not mfa_enabled(user):
            raise TokenRefused(
                _("Set up two-factor authentication before using the API."), "mfa_required"
            )
        if not code:
            raise TokenRefused(_('Give your two-factor code as "code".'), "mfa_code_required")
        if not _check_second_factor(user, code):
            raise TokenRefused(
                _("The two-factor code is wrong or already used."), "mfa_code_invalid"
            )
    key = ApiToken.generate_key()
    token = ApiToken.unscoped.create(
        tenant=tenant, user=user, key_hash=hash_token(key), prefix=key[:8]
    )
    audit_log(actor=user, verb="api_token.issued", target=token, data={"prefix": token.prefix})
    return token, key


__all__ = [
    "TokenRefused",
    "api_token_issue",
    "membership_grant",
    "membership_revoke",
    "user_update_profile",
]
