"""Importing this package registers every consumer and timer handler with the dispatcher."""

from workers.consumers import followups, notifications, rotation, surveys, timers

__all__ = ["followups", "notifications", "rotation", "surveys", "timers"]
