"""Contracts of the series planner: what a coordinator asks for and what the planner proposes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from schemas.common import WHOLE


class MeetingMode(StrEnum):
    on_site = "on_site"
    digital = "digital"


class MeetingKind(StrEnum):
    network = "network"
    steering = "steering"
    preparatory = "preparatory"


class AdjacentRequest(BaseModel):
    """A steering/preparatory meeting right before or after each network meeting."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal[MeetingKind.steering, MeetingKind.preparatory] = MeetingKind.steering
    position: Literal["before", "after"] = "before"
    duration_minutes: Annotated[int, Field(ge=15, le=8 * 60), WHOLE] = 60


class BusyPeriod(BaseModel):
    """Another meeting of the same network that the proposal must not collide with."""

    model_config = ConfigDict(frozen=True)

    starts_at: AwareDatetime
    ends_at: AwareDatetime


class ProposalRequest(BaseModel):
    """Input of `propose_series`; tokens stay text so CLI, API and poll share one parser."""

    term: str = Field(examples=["VT2024", "HT 2025"])
    count: int = Field(examples=[3])
    weekdays: list[str] | None = Field(default=None, examples=[["wed-pm", "fri"]])
    modes: list[MeetingMode] | None = None
    duration_minutes: int = Field(default=180, ge=15, le=8 * 60)
    adjacent: AdjacentRequest | None = None
    region: str = "goteborg"
    busy: list[BusyPeriod] = Field(default_factory=list)


class ProposedMeeting(BaseModel):
    """One meeting of the proposal; times are aware and shown in Europe/Stockholm."""

    model_config = ConfigDict(frozen=True)

    starts_at: AwareDatetime
    ends_at: AwareDatetime
    mode: MeetingMode
    kind: MeetingKind = MeetingKind.network


class Explanation(BaseModel):
    """Why a date was chosen or skipped, for the coordinator to check the proposal."""

    model_config = ConfigDict(frozen=True)

    meeting: int = Field(description="1-based number of the network meeting it concerns")
    day: date
    action: Literal["chosen", "skipped"]
    text: str = Field(examples=["Fri 29 March skipped: Långfredagen"])


class ProposalResult(BaseModel):
    """The proposed series (network and adjacent meetings, by start) and its explanations."""

    term: str
    window_start: date
    window_end: date
    preferences: list[str]
    meetings: list[ProposedMeeting]
    explanations: list[Explanation]
