"""Everything held about one member, as JSON and as a page a person can read (GDPR art. 15)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from infra.clock import utcnow
from services.actors import Actor
from services.audit.models import AuditEntry
from services.audit.service import record_audit
from services.lookup import get_in_network
from services.people.models import Member, Organisation
from services.privacy.tables import member_columns, plain

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
SKIPPED = {"id", "network_id"}  # the member's own ids add nothing a person can read


def _row(table: Any, row: Any) -> dict[str, Any]:
    return {c.name: plain(getattr(row, c.name)) for c in table.columns}


def member_export(session: Session, *, member_id: uuid.UUID, actor: Actor) -> dict[str, Any]:
    """The member's row and every row in any table that points at them; the export is audited
    (that it happened, not what it held)."""
    member = get_in_network(session, Member, member_id, network_id=actor.network_id, label="member")
    table = Member.__table__
    held: dict[str, list[dict[str, Any]]] = {}
    for column in member_columns():
        rows = session.execute(select(column.table).where(column == member.id)).all()
        if rows:
            key = f"{column.table.name}.{column.name}"
            held[key] = [_row(column.table, r) for r in rows]
    audits = session.scalars(
        select(AuditEntry)
        .where(
            or_(
                (AuditEntry.entity_type == "member") & (AuditEntry.entity_id == member.id),
                AuditEntry.actor == f"member:{member.id}",
            )
        )
        .order_by(AuditEntry.at)
    )
    held["audit_entry"] = [_row(AuditEntry.__table__, a) for a in audits]
    organisation = session.get(Organisation, member.organisation_id)
    record_audit(
        session,
        actor=actor,
        action="export",
        entity_type="member",
        entity_id=member.id,
        network_id=member.network_id,
    )
    return {
        "exported_at": utcnow().isoformat(),
        "member": _row(table, session.get(Member, member.id)),
        "organisation": organisation.name if organisation else None,
        "held": held,
    }


def export_page(export: dict[str, Any]) -> str:
    """The same data as a page: one table per kind of record (Swedish first, English second)."""
    template = _templates.get_template("export.html")
    return template.render(export=export, skipped=SKIPPED)
