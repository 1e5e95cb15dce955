"""What other apps hold about an account, asked through one small registry.

Accounts is a core app: it may not import the domain apps that keep data about a user (the
safety membership with its work name, channels and regions). Yet changing a password must
tell the person through their own channel, a member's download must show everything Koers
holds, and deleting an account must erase it everywhere. Each app that keeps such data
registers one ``AccountDataProvider`` (in its ``AppConfig.ready``); accounts asks them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import User


@dataclass(frozen=True)
class DataItem:
    """One thing Koers holds: ``key`` and ``value`` go into the JSON download, ``label`` and
    ``display`` (translated, in the reader's language) onto the readable page."""

    key: str
    label: Any
    value: Any
    display: Any = None

    @property
    def shown(self) -> Any:
        return self.value if self.display is None else self.display


@dataclass(frozen=True)
class DataSection:
    key: str
    title: Any
    items: list[DataItem] = field(default_factory=list)


class AccountDataProvider:
    """The questions accounts asks an app about a user. Override what applies."""

    def notice_address(self, user: User) -> tuple[str, str] | None:
        """``(channel, address)`` to tell the person about a change to their account."""
        return None

    def export(self, user: User) -> list[DataSection]:
        """Everything the app holds about ``user``, for their own download."""
        return []

    def erase(self, user: User) -> None:
        """Remove the app's personal data about ``user`` (their account is being deleted);
        keep only what cannot point to them."""


_providers: list[AccountDataProvider] = []


def register(provider: AccountDataProvider) -> AccountDataProvider:
    if all(type(existing) is not type(provider) for existing in _providers):
        _providers.append(provider)
    return provider


def providers() -> Iterator[AccountDataProvider]:
    yield from _providers
