"""The accessibility statement (tillgänglighetsredogörelse) that the law asks every public body
to publish, following DIGG's model; public, since members and visitors must be able to read it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from services.api.deps import AppSettings, Db, session_user
from services.auth.queries import coordinator_addresses
from services.people import queries as people_queries
from services.web import i18n
from services.web.pages import PageRoute, render

router = APIRouter(route_class=PageRoute)

# When the pages were last assessed against the statement, and when it was last changed.
ASSESSED_ON = date(2026, 12, 2)
UPDATED_ON = date(2026, 12, 2)
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"
MAX_NETWORKS = 20


@dataclass(frozen=True)
class Contact:
    """Who to write to about a network's pages: its organiser mailbox, else its coordinators."""

    network: str
    organisation: str | None
    addresses: list[str]


def contacts(session: Session, network_id: uuid.UUID | None) -> list[Contact]:
    """The signed-in coordinator's network, or every network here (usually one), in 3 queries."""
    networks = people_queries.networks(session, network_id=network_id, limit=MAX_NETWORKS)
    org_ids = [n.coordinator_organisation_id for n in networks if n.coordinator_organisation_id]
    orgs = people_queries.organisation_names(session, org_ids)
    coordinators = coordinator_addresses(session, [n.id for n in networks])
    return [
        Contact(
            network=n.name,
            organisation=(
                orgs.get(n.coordinator_organisation_id) if n.coordinator_organisation_id else None
            ),
            addresses=[n.organiser_mailbox] if n.organiser_mailbox else coordinators.get(n.id, []),
        )
        for n in networks
    ]


@router.get("/tillganglighet", response_class=HTMLResponse)
def statement(request: Request, db: Db, settings: AppSettings) -> HTMLResponse:
    """Open to everyone; a signed-in coordinator sees their own network's contact only."""
    user = session_user(request, db)
    signed_in = user if user is not None and user.active else None
    lang = i18n.lang_of(request)
    context = {
        "user": signed_in,
        "contacts": contacts(db, signed_in.network_id if signed_in else None),
        "assessed_on": ASSESSED_ON,
        "updated_on": UPDATED_ON,
        "digg_url": DIGG_REPORT_URL,
        "session_idle": i18n.fmt_duration(settings.session_max_age_s, lang),
        "link_life": i18n.fmt_duration(settings.member_link_max_age_s, lang),
    }
    return render(request, "accessibility.html", context)
