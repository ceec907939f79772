"""Who does what in duty records. Activity staff (办公厅/专委会) keep the ledger, review reports
and record attendance; leaders read everything; members read their own record."""

from __future__ import annotations

from zhengxie.org.roles import Role

# May write: review reports, record attendance, reverse entries, edit rules and settings.
DUTY_STAFF = frozenset({Role.ACTIVITY_STAFF})
# May read the committee's rankings, ledgers, reports and lists.
DUTY_READERS = frozenset({Role.ACTIVITY_STAFF, Role.LEADER})
