"""What one condition is evaluated against: the ticket now, the ticket before the update, the
update, the account, the time and the acting user.

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from helpctl.rules.directory import Directory
from helpctl.rules.model import Ticket, Update, User

__all__ = ["BLANK", "Check", "Context"]

#: The "previous" state of a created ticket: every field empty, so every set field changed.
BLANK = Ticket(status="", requester=User(id=0))
BLANK.requester.id = -1


@dataclass(slots=True)
class Context:
    """``previous`` is set for triggers only (``BLANK`` on a create); ``update`` likewise."""

    ticket: Ticket
    directory: Directory
    now: datetime
    current_user: User | None = None
    update: Update | None = None
    previous: Ticket | None = None
    _before: Context | None = None

    def before(self) -> Context | None:
        """The same context over the previous ticket (None outside an update)."""
        if self.previous is None:
            return None
        if self._before is None:
            self._before = Context(
                self.previous, self.directory, self.now, self.current_user, self.update
            )
        return self._before


#: A compiled condition.
Check = Callable[[Context], bool]
