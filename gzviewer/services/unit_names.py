"""Unit names as officers type them: the directory's name for an alias (市发改委 → 市发展改革委),
the same for the command line's unit options and the window's unit filter."""

from __future__ import annotations

from collections.abc import Iterable


def canonical_unit(name: str | None) -> str | None:
    """The directory's canonical name for ``name`` (aliases such as 市发改委 work); None for no name."""
    if not name or not name.strip():
        return None
    from gzviewer.parse.units import UnitDirectory  # read on first use, not at start-up

    return UnitDirectory.load().canonical(name.strip())


def aliases_of_units(names: Iterable[str]) -> dict[str, list[str]]:
    """The directory's other spellings of each of ``names`` (only names that have any)."""
    from gzviewer.parse.units import UnitDirectory

    directory = UnitDirectory.load()
    found: dict[str, list[str]] = {}
    for name in names:
        aliases = [a for a in directory.aliases_of(name) if a != name]
        if aliases:
            found[name] = aliases
    return found
