"""Admin of the care offer (structures, professionals, vacancies) and of training sites."""

from structures.admin import offer, placements

__all__ = ["offer", "placements"]
