"""Worker processes freeze what start-up loaded, so a batch's full collections skip it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from celery import signals

import workers.celery_app  # noqa: F401  (connects the worker signals)


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the test process goes on collecting as usual


def test_a_starting_pool_process_freezes_what_it_loaded(unfrozen: None) -> None:
    assert gc.get_freeze_count() == 0
    signals.worker_process_init.send(sender=None)
    assert gc.get_freeze_count() > 1000  # the imported modules' objects
