"""A task that changes hands reaches its new owner by mail, once per change, at the mail server."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import time_machine
from sqlalchemy.orm import Session, sessionmaker

from infra.settings import Settings
from schemas.tasks import TaskIn, TaskPatch
from services.actors import Actor
from services.notifications.delivery import Transports
from services.tasks.service import create_task, update_task
from tests.integration.notifications.conftest import deliver, run_consumers, to_addresses
from tests.support.factories import make_member, make_network, make_organisation
from tests.support.smtp_server import CapturingSmtpServer

NOW = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)  # a Wednesday morning: no quiet hours


@time_machine.travel(NOW, tick=False)
def test_the_new_owner_is_told_and_the_old_one_is_not_told_again(
    session_maker: sessionmaker[Session],
    delivery_settings: Settings,
    transports: Transports,
    smtp_server: CapturingSmtpServer,
) -> None:
    with session_maker() as session:
        network = make_network(session)
        ale = make_organisation(session, network, "Ale")
        anna, bo = make_member(session, ale, "Anna Ale"), make_member(session, ale, "Bo Ale")
        actor = Actor(kind="user", id=None, network_id=network.id, role="coordinator")
        data = TaskIn(
            title="Skicka statistik", owner_member_id=anna.id, due_date=date(2026, 12, 20)
        )
        task = create_task(session, data=data, actor=actor)
        session.commit()
        task_id, bo_id, anna_mail, bo_mail = task.id, bo.id, anna.email, bo.email
    run_consumers(session_maker)
    deliver(session_maker, transports, delivery_settings, NOW)
    assert to_addresses(smtp_server.messages) == [anna_mail]
    smtp_server.clear()
    with session_maker() as session:
        moved, renamed = TaskPatch(owner_member_id=bo_id), TaskPatch(title="Skicka statistiken")
        update_task(session, task_id=task_id, data=moved, actor=actor)
        update_task(session, task_id=task_id, data=renamed, actor=actor)  # same owner: no mail
        session.commit()
    run_consumers(session_maker)
    run_consumers(session_maker)  # a redelivered event asks for nothing twice
    deliver(session_maker, transports, delivery_settings, NOW + timedelta(minutes=1))
    assert to_addresses(smtp_server.messages) == [bo_mail]
    assert "Skicka statistiken" in smtp_server.messages[0]["Subject"] + str(
        smtp_server.messages[0].get_body(preferencelist=("plain",))
    )
