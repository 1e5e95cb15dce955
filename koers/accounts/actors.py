"""Who does something in Koers: the type of the ``by`` and ``user`` arguments of services
and selectors.

Staff and sex-worker members are one model, :class:`~koers.accounts.models.User`, told apart
by ``kind``, so that one login, one session and one second factor serve both. ``Actor`` names
the part the argument plays: a logged-in person (a staff member acting for an organisation,
or a member), never ``AnonymousUser`` — views pass ``request.user`` only behind
``staff_required`` or ``member_required``. Code that needs a particular kind checks
``user.kind`` or ``user.has_role(...)``, as the access decorators do.
"""

from typing import TypeAlias

from .models import User

#: A logged-in staff member or sex-worker member.
Actor: TypeAlias = User

__all__ = ["Actor"]
