"""Audit events in words, for the audit log page (the CSV and JSON keep the structured data)."""

from __future__ import annotations

from typing import Any

# Events whose other entries are ``[old, new]`` pairs of a field's value.
_PAIRED_EVENTS = frozenset({"added", "changed"})


def _value(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value) if value else "(none)"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items()) if value else "(none)"
    return str(value)


def describe_changes(changes: Any) -> list[str]:
    """One line per entry of an event's ``changes``: ``role: administrator → viewer``.

    ``event`` (what happened) comes first. For ``added`` and ``changed`` events
    each other entry is an ``[old, new]`` pair (see ``cohesion.audit.signals``):
    a new row shows only the new value. Any other list is joined with commas,
    ``True``/``False`` read as yes/no and a missing value as ``(none)``. A value
    that is not a dict at all (older or hand-written rows) is shown as it is.
    """
    if not changes:
        return []
    if not isinstance(changes, dict):
        return [_value(changes)]
    event = changes.get("event")
    lines = [str(event)] if event else []
    paired = event in _PAIRED_EVENTS
    for key, value in changes.items():
        if key == "event":
            continue
        if paired and isinstance(value, list | tuple) and len(value) == 2:
            old, new = value
            if event == "added" or old is None:
                lines.append(f"{key}: {_value(new)}")
            else:
                lines.append(f"{key}: {_value(old)} \u2192 {_value(new)}")
        else:
            lines.append(f"{key}: {_value(value)}")
    return lines
