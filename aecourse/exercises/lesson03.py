"""Lesson 03: checkers for the exercises."""

from __future__ import annotations

__all__: list[str] = []
