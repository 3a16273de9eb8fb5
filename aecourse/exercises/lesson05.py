"""Lesson 05: checkers for the exercises."""

from __future__ import annotations

__all__: list[str] = []
