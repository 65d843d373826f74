"""Enumerations stored as short values and shown to people as translated labels."""
from enum import StrEnum


class LabelledEnum(StrEnum):
    """Members are declared as `NAME = "stored value", _l("Label shown to people")`."""

    def __new__(cls, value: str, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label if label is not None else value
        return member
