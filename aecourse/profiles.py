"""Every lesson's sizes per profile, with what each one means; the set-up cell prints them.

Kept out of the notebooks so that a learner's first screen is the lesson, not a table of numbers. The profile
changes sizes only, never the code path: ``smoke`` runs exactly the code that ``standard`` runs.
:func:`aecourse.setup` reads :data:`SETTINGS` for its ``lesson``; ``overrides`` there changes single values. The
sizes themselves live in each lesson's file in :mod:`aecourse.course`.
Used by every lesson and by the worked solutions.
"""

from __future__ import annotations

from typing import Any

from . import course

PROFILES = ("smoke", "standard", "full")

#: ``SETTINGS[lesson][profile]``: the sizes a lesson reads as ``run.<name>``, read from its file in
#: :mod:`aecourse.course` (one :class:`aecourse.course.Setting` per size: its meaning and a value per profile).
SETTINGS: dict[str, dict[str, dict[str, Any]]] = {
    stem: {profile: {name: getattr(s, profile) for name, s in module.SIZES.items()} for profile in PROFILES}
    for stem, module in course.MODULES.items()
}

#: ``MEANING[lesson][name]``: one line on each setting, printed beside its value.
MEANING: dict[str, dict[str, str]] = {
    stem: {name: s.meaning for name, s in module.SIZES.items()} for stem, module in course.MODULES.items()
}


def lesson_settings(lesson: str, profile: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The sizes of ``lesson`` in ``profile``, with ``overrides`` applied (each must name an existing setting)."""
    if lesson not in SETTINGS:
        raise ValueError(f"no settings for lesson {lesson!r}; known lessons: {', '.join(sorted(SETTINGS))}")
    chosen = dict(SETTINGS[lesson][profile])
    unknown = sorted(set(overrides or {}) - set(chosen))
    if unknown:
        raise ValueError(
            f"overrides name settings that lesson {lesson} does not have: {', '.join(unknown)}; "
            f"it has: {', '.join(chosen)}"
        )
    chosen.update(overrides or {})
    return chosen


def settings_table(lesson: str, settings: dict[str, Any]) -> str:
    """``settings`` as a compact text table: one line per setting with its name, value and meaning."""
    meaning = MEANING.get(lesson, {})
    name_w = max(map(len, settings), default=0)
    values = {k: repr(v) if isinstance(v, str) else str(v) for k, v in settings.items()}
    value_w = min(max(map(len, values.values()), default=0), 40)
    rows = []
    for name, value in values.items():
        rows.append(f"  {name:<{name_w}}  {value:<{value_w}}  {meaning.get(name, '')}".rstrip())
    return "\n".join(rows)
