"""Which mails a member may turn off (reminders, digest; never invites), and unsubscribing."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.actors import Actor
from services.audit.service import record_audit
from services.errors import NotFound
from services.people.links import LinkInvalid, MemberLink, is_current
from services.people.models import Member

# The switches a member has (True/missing = wanted); each mail kind names its own (or none:
# invites, cancellations and login links always go).
OPTIONAL_PREFERENCES = (
    "meeting_reminder",
    "task_reminder",
    "deadline_reminder",
    "survey_reminder",
    "weekly_digest",
)


def wants(member: Member, preference: str | None) -> bool:
    """False only when the member turned this switch off."""
    if preference is None:
        return True
    return bool((member.notification_preferences or {}).get(preference, True))


def link_member(session: Session, link: MemberLink) -> Member:
    """The member a verified link names; gone or moved members are 'not found'."""
    member = session.get(Member, link.member_id)
    if member is None or member.network_id != link.network_id:
        raise NotFound("people.unknown_member")
    if not is_current(member, link):
        raise LinkInvalid("links.invalid")
    return member


def unsubscribe(session: Session, *, link: MemberLink) -> Member:
    """One-click unsubscribe: every optional kind off (invites and cancellations still come)."""
    member = link_member(session, link)
    prefs = dict(member.notification_preferences or {})
    prefs.update({key: False for key in OPTIONAL_PREFERENCES})
    member.notification_preferences = prefs
    session.flush()
    record_audit(
        session,
        actor=Actor(kind="member", id=member.id, network_id=member.network_id),
        action="unsubscribe",
        entity_type="member",
        entity_id=member.id,
        network_id=member.network_id,
    )
    return member
