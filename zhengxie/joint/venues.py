"""Sign-in at a co-organiser's venue (分会场): each venue has its own QR code, so members of that
committee sign in where they are and the venue's list shows who came. The code is a signed,
expiring token like the host's (consultations' activity QR), naming the co-organiser row instead
of the activity; signing in goes through consultations' own sign-in (same window, same duty
points, once per member) and marks the member as attending at the venue (remote)."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.consultations.models import Invitation
from zhengxie.consultations.services import activities
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member

from .models import CoOrganiser

VENUE_SALT = "joint.venue-sign-in"
INVALID = "分会场签到二维码无效，请扫描本会场的签到二维码"


def venue_token(row: CoOrganiser) -> str:
    """The venue's QR token, valid until sign-in closes for the activity."""
    if row.partner_id is None or not row.venue or row.state != CoOrganiser.State.ACCEPTED:
        raise DomainError("确认联办并设立分会场后才有分会场签到二维码")
    until = int((row.activity.ends_at + activities.SIGN_IN_CLOSES_AFTER).timestamp())
    return signing.dumps({"v": row.pk, "u": until}, salt=VENUE_SALT, compress=True)


def venue_for_token(token: str) -> CoOrganiser:
    """The venue (co-organiser row) the token names; a DomainError if forged, expired or gone."""
    try:
        data = signing.loads(token, salt=VENUE_SALT)
    except signing.BadSignature:
        raise DomainError(INVALID) from None
    if not isinstance(data, dict) or not isinstance(data.get("v"), int) or not isinstance(data.get("u"), int):
        raise DomainError(INVALID)
    if data["u"] < timezone.now().timestamp():
        raise DomainError("签到二维码已过期")
    row = (
        CoOrganiser.objects.filter(pk=data["v"], state=CoOrganiser.State.ACCEPTED, partner__isnull=False)
        .exclude(venue="")
        .select_related("activity", "partner")
        .first()
    )
    if row is None:
        raise DomainError(INVALID)
    return row


def venue_member(user: Any, row: CoOrganiser) -> Member | None:
    """The user's membership of the venue's committee, if invited to the activity."""
    if not getattr(user, "is_authenticated", False) or row.partner_id is None:
        return None
    return (
        Member.objects.filter(
            person__user_id=user.pk,
            committee_id=row.partner_id,
            pk__in=Invitation.objects.filter(activity_id=row.activity_id).values("member_id"),
        )
        .select_related("person")
        .first()
    )


def venue_sign_in(*, row: CoOrganiser, member: Member, by: Any) -> Invitation:
    """The member signs in at the venue: present, attending at the venue, points to his own
    committee's ledger (consultations' sign-in does that, once)."""
    if member.committee_id != row.partner_id:
        raise DomainError("您不是本分会场所属政协的委员")
    with transaction.atomic():
        already = Invitation.objects.filter(
            activity_id=row.activity_id, member=member, signed_in_at__isnull=False
        ).exists()
        invitation = activities.sign_in(activity=row.activity, member=member, by=by)
        # Signed in before (at the host's place, or by the office): that record stands.
        if not already and not invitation.remote:
            Invitation.objects.filter(pk=invitation.pk).update(remote=True)
            invitation.remote = True
            record(
                action="joint.venue.signed_in",
                obj=invitation,
                by=by,
                data={"venue": row.venue, "co_organiser": row.pk},
                committee_id=row.partner_id,
            )
    return invitation
