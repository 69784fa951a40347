"""Numbers from query strings and forms, read the same way by every page and API view.

``str.isdigit()`` accepts characters such as "²" that ``int()`` refuses, and ``int()``
refuses more than 4,300 digits: a view that trusted either answered 500. These accept only
ASCII digits, and only numbers a database id column can hold.
"""

import re

MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """The positive database id ``value`` spells in ASCII digits, or None."""
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values) -> set[int]:
    """The ids among ``values``; anything else is left out."""
    return {number for value in values if (number := parse_id(value)) is not None}


def parse_count(value, *, default: int, maximum: int) -> int:
    """A small whole number from 0 to ``maximum``, or ``default`` when ``value`` is none."""
    number = int(value) if isinstance(value, str) and re.fullmatch(r"[0-9]{1,6}", value) else None
    return default if number is None else min(number, maximum)
