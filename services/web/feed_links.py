"""Calendar subscriptions on the pages: the long-lived feed links (calendar apps poll them).

Links in mails expire after two weeks; a subscribed calendar keeps polling for months, so the
feeds are signed with notifications.links.feed_signer, never with the member-link signer.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from infra.settings import Settings
from services.auth.models import UserAccount
from services.notifications.links import Links, feed_signer, webcal
from services.people.models import Member
from services.people.queries import first_coordinator, member_by_email


def member_feeds(settings: Settings, member: Member) -> dict[str, str]:
    """The member's own calendar and the network's, each as https and webcal://."""
    links, signer = Links.from_settings(settings), feed_signer(settings)
    mine, network = links.member_feed(signer, member), links.network_feed(signer, member)
    return {
        "member": mine,
        "member_webcal": webcal(mine),
        "network": network,
        "network_webcal": webcal(network),
    }


def feed_member_of(session: Session, user: UserAccount) -> Member | None:
    """Feeds are signed for a member: the user's own member row (same e-mail), else the
    network's first coordinator member, whose invitations cover the network's meetings."""
    own = member_by_email(session, network_id=user.network_id, email=user.email)
    return own if own is not None else first_coordinator(session, user.network_id)


def network_feed_for(session: Session, user: UserAccount, settings: Settings) -> dict[str, str]:
    """The network feed for the coordinator's meetings page; empty when no member can sign it."""
    member = feed_member_of(session, user)
    if member is None:
        return {}
    feeds = member_feeds(settings, member)
    return {"url": feeds["network"], "webcal": feeds["network_webcal"]}
