"""Absolute, signed links in mails and feeds (one place, so paths and scopes stay consistent)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from infra.settings import Settings
from schemas.notifications import RsvpLinks
from services.people.links import LinkSigner
from services.people.models import Member

# Paths of services/api/member_links.py (mounted at the root) and of the member page (web).
RSVP_PATH = "/rsvp/{token}"
SURVEY_PATH = "/survey/{token}"
SURVEY_CLICK_PATH = "/survey/{token}/go"
UNSUBSCRIBE_PATH = "/unsubscribe/{token}"
MEMBER_FEED_PATH = "/feed/member/{token}.ics"
NETWORK_FEED_PATH = "/feed/network/{token}.ics"
MEMBER_PAGE_PATH = "/m/{token}"
FRESH_LINK_PATH = "/link/fresh"
# Pages of services/web/series_links.py: GET shows a confirmation, only its POST records.
CONSENT_PATH = "/serie/svar/{token}"
POLL_PATH = "/serie/enkat/{token}"
CONSENT_WORKS, CONSENT_OBJECTS = "passar", "passar-inte"


def member_signer(settings: Settings) -> LinkSigner:
    """Links in mails: they expire after settings.member_link_max_age_s."""
    return LinkSigner(
        settings.secret_key.get_secret_value(), max_age_s=settings.member_link_max_age_s
    )


def feed_signer(settings: Settings) -> LinkSigner:
    """Feed links live long: calendar apps poll them for months."""
    return LinkSigner(
        settings.secret_key.get_secret_value(), max_age_s=settings.feed_link_max_age_s
    )


@dataclass(frozen=True)
class Links:
    """Builds the links of one mail; `base_url` is the public URL of the service."""

    signer: LinkSigner
    base_url: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Links:
        return cls(member_signer(settings), settings.base_url.rstrip("/"))

    def _url(self, path: str, token: str) -> str:
        return self.base_url + path.format(token=token)

    def member_page(self, member: Member) -> str:
        return self._url(MEMBER_PAGE_PATH, self.signer.sign(member, scope="member"))

    def unsubscribe(self, member: Member) -> str:
        return self._url(UNSUBSCRIBE_PATH, self.signer.sign(member, scope="unsubscribe"))

    def rsvp(self, member: Member, meeting_id: uuid.UUID) -> RsvpLinks:
        url = self._url(RSVP_PATH, self.signer.sign(member, scope="rsvp", subject_id=meeting_id))
        return RsvpLinks(
            accept=f"{url}?answer=accepted",
            tentative=f"{url}?answer=tentative",
            decline=f"{url}?answer=declined",
        )

    def consent(self, member: Member, meeting_id: uuid.UUID) -> tuple[str, str]:
        """'Passar' / 'Passar inte' for one proposed date (rsvp scope, as POST /api/consent)."""
        token = self.signer.sign(member, scope="rsvp", subject_id=meeting_id)
        url = self._url(CONSENT_PATH, token)
        return f"{url}?svar={CONSENT_WORKS}", f"{url}?svar={CONSENT_OBJECTS}"

    def poll_vote(self, member: Member, poll_id: uuid.UUID, slot: str) -> str:
        """One option of a preference poll (the poll scope POST /api/poll/vote takes)."""
        token = self.signer.sign(member, scope="poll", subject_id=poll_id)
        return f"{self._url(POLL_PATH, token)}?slot={slot}"

    def survey(self, member: Member, survey_id: uuid.UUID, *, external: bool) -> str:
        """External surveys go through the click-tracking redirect; ours to the answer form."""
        token = self.signer.sign(member, scope="survey", subject_id=survey_id)
        return self._url(SURVEY_CLICK_PATH if external else SURVEY_PATH, token)

    def member_feed(self, feed: LinkSigner, member: Member) -> str:
        return self._url(MEMBER_FEED_PATH, feed.sign(member, scope="feed"))

    def network_feed(self, feed: LinkSigner, member: Member) -> str:
        token = feed.sign(member, scope="feed", subject_id=member.network_id)
        return self._url(NETWORK_FEED_PATH, token)


def webcal(url: str) -> str:
    """The same feed as a webcal:// link, which calendar apps subscribe to on a click."""
    return "webcal://" + url.split("://", 1)[-1]
