"""Rule-based extraction of attendance, agenda, decisions, actions and dates from minutes."""

from services.minutes.extraction.extractor import extract_minutes
from services.minutes.extraction.reader import (
    MinutesReadError,
    read_minutes_bytes,
    read_minutes_file,
)

__all__ = ["MinutesReadError", "extract_minutes", "read_minutes_bytes", "read_minutes_file"]
