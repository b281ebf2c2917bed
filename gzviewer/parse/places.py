"""The place an issuer's name belongs to, and titles that name it (a light module: lists use it)."""

from __future__ import annotations

import re

_ISSUER_PLACE = re.compile(r"^(?:中共|中国共产党)?(.*?)(?:人民政府|委员会|政府|委)")
# A place name's administrative parts (广州市 | 越秀区, 宁夏回族自治区); the last one is the
# government's own, and its first characters name it (越秀区 → 越秀, 云南省 → 云南).
_PLACE_PART = re.compile(r".+?(?:自治区|自治州|省|市|区|县|盟|旗)")
PLACE_STEM = 2


def issuer_place(name: str) -> str:
    """云南省人民政府 → 云南省, 中共广州市委 → 广州市; a name without an organ stays whole."""
    found = _ISSUER_PLACE.match(name)
    return found.group(1) if found and found.group(1) else name


def display_title(title: str, issuer: str | None) -> str:
    """The title, followed by its issuer when the title does not name the place.

    Many reports are titled only “2026年政府工作报告” or “政府工作报告”: in a library of several
    governments' reports the issuer tells them apart (“政府工作报告（海南省人民政府）”).
    """
    if not issuer:
        return title
    place = issuer_place(issuer)
    own = (_PLACE_PART.findall(place) or [place])[-1]
    return title if own[:PLACE_STEM] in title else f"{title}（{issuer}）"
