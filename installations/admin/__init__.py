"""Admin of the cases app, one module per job."""

from installations.admin import cases, desk_settings, follow_up, referents

__all__ = ["cases", "desk_settings", "follow_up", "referents"]
