"""Cohesion: measure, monitor and strengthen community cohesion."""

__version__ = "0.1.0"
