"""store the length of every current term (R-ORG-5, R-ORG-6)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Up to 0001 a term's end was counted with the length 设置 gave its kind at the time of reading, so a
change of 设置 moved the end of every term already running. From 0002 the length is stored with the
term when it is elected (``organizations.term_years``). This data migration stores, for every
organisation with a recorded election and no stored length, the length its kind has in 设置 now (or
the default of that release when 设置 has none, or a damaged one). The schema does not change.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# The defaults of release 0001 (djdesk/domain/config.py then), frozen here: a later change of the
# program's defaults must not change what this migration wrote.
DEFAULT_YEARS = {"BRANCH": 3, "JOINT_BRANCH": 3, "GENERAL_BRANCH": 3, "ORGAN_COMMITTEE": 5, "COMMITTEE": 5}
MAX_YEARS = 10  # the 设置 dialog's limit


def _years(stored: str | None, default: int) -> int:
    if stored is None:
        return default
    try:
        value = json.loads(stored)
    except ValueError:
        return default
    if isinstance(value, bool) or not isinstance(value, int | str):
        return default
    try:
        years = int(value)
    except ValueError:
        return default
    return years if 1 <= years <= MAX_YEARS else default


def upgrade() -> None:
    conn = op.get_bind()
    stored = {str(key): str(value) for key, value in conn.execute(
        sa.text("SELECT key, value FROM settings WHERE key LIKE 'term.years.%'"))}
    for kind, default in DEFAULT_YEARS.items():
        conn.execute(
            sa.text("UPDATE organizations SET term_years = :years "
                    "WHERE kind = :kind AND term_elected_on IS NOT NULL AND term_years IS NULL"),
            {"years": _years(stored.get(f"term.years.{kind}"), default), "kind": kind},
        )


def downgrade() -> None:
    # 0001 reads a stored length as an override of 设置, so the stored lengths can stay.
    pass
