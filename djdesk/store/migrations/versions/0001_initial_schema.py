"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('assessment_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=100), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('kind', sa.Enum('NORMAL', 'BONUS', 'PENALTY', name='assessmentitemkind', native_enum=False, length=32), nullable=False),
    sa.Column('max_points', sa.Float(), nullable=False),
    sa.Column('scoring_note', sa.Text(), nullable=True),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_items'))
    )
    with op.batch_alter_table('assessment_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_items_year'), ['year'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.String(length=50), nullable=False),
    sa.Column('action', sa.Enum('CREATE', 'UPDATE', 'DELETE', 'RESTORE', 'PURGE', name='auditaction', native_enum=False, length=32), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('organizations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('ORGAN_COMMITTEE', 'COMMITTEE', 'GENERAL_BRANCH', 'BRANCH', 'JOINT_BRANCH', 'GROUP', name='orgkind', native_enum=False, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=100), nullable=True),
    sa.Column('unit_name', sa.String(length=200), nullable=True),
    sa.Column('founded_on', sa.Date(), nullable=True),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('dissolved_on', sa.Date(), nullable=True),
    sa.Column('term_number', sa.Integer(), nullable=True),
    sa.Column('term_elected_on', sa.Date(), nullable=True),
    sa.Column('term_years', sa.Integer(), nullable=True),
    sa.Column('term_adjust_months', sa.Integer(), nullable=False),
    sa.Column('term_adjust_doc', sa.String(length=200), nullable=True),
    sa.Column('term_adjust_on', sa.Date(), nullable=True),
    sa.Column('model_branch_batch', sa.Integer(), nullable=True),
    sa.Column('model_branch_year', sa.Integer(), nullable=True),
    sa.Column('is_retiree_branch', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['organizations.id'], name=op.f('fk_organizations_parent_id_organizations'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations'))
    )
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organizations_parent_id'), ['parent_id'], unique=False)

    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('elections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('term_number', sa.Integer(), nullable=False),
    sa.Column('entitled', sa.Integer(), nullable=False),
    sa.Column('present', sa.Integer(), nullable=False),
    sa.Column('approval_doc', sa.String(length=200), nullable=True),
    sa.Column('approval_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_elections_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_elections'))
    )
    with op.batch_alter_table('elections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_elections_organization_id'), ['organization_id'], unique=False)

    op.create_table('members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('name_initials', sa.String(length=100), nullable=False),
    sa.Column('name_pinyin', sa.String(length=400), nullable=False),
    sa.Column('gender', sa.Enum('MALE', 'FEMALE', name='gender', native_enum=False, length=32), nullable=True),
    sa.Column('ethnicity', sa.String(length=20), nullable=True),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('education', sa.String(length=20), nullable=True),
    sa.Column('category', sa.Enum('FULL', 'PROBATIONARY', name='membercategory', native_enum=False, length=32), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('confirmed_on', sa.Date(), nullable=True),
    sa.Column('job_post', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('standing', sa.Enum('NORMAL', 'SUSPENDED', name='partystanding', native_enum=False, length=32), nullable=False),
    sa.Column('lost_contact', sa.Boolean(), nullable=False),
    sa.Column('lost_contact_on', sa.Date(), nullable=True),
    sa.Column('floating', sa.Boolean(), nullable=False),
    sa.Column('floating_to', sa.String(length=200), nullable=True),
    sa.Column('native_place', sa.String(length=100), nullable=True),
    sa.Column('degree', sa.String(length=20), nullable=True),
    sa.Column('work_started_on', sa.Date(), nullable=True),
    sa.Column('admin_position', sa.String(length=100), nullable=True),
    sa.Column('department', sa.String(length=200), nullable=True),
    sa.Column('party_position', sa.String(length=100), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('employment', sa.Enum('IN_SERVICE', 'RETIRED', name='employment', native_enum=False, length=32), nullable=False),
    sa.Column('transferred_in_on', sa.Date(), nullable=True),
    sa.Column('community', sa.String(length=200), nullable=True),
    sa.Column('is_leading_cadre', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('roster_status', sa.Enum('ACTIVE', 'TRANSFERRED_OUT', 'LEFT_PARTY', 'DECEASED', name='rosterstatus', native_enum=False, length=32), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['organizations.id'], name=op.f('fk_members_group_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_members_organization_id_organizations'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index('ix_members_binned_id_number', ['id_number'], unique=False, sqlite_where=sa.text('deleted_at IS NOT NULL'), postgresql_where=sa.text('deleted_at IS NOT NULL'))
        batch_op.create_index('ix_members_group_id', ['group_id'], unique=False, sqlite_where=sa.text('group_id IS NOT NULL'), postgresql_where=sa.text('group_id IS NOT NULL'))
        batch_op.create_index(batch_op.f('ix_members_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index('uq_members_live_id_number', ['id_number'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))

    op.create_table('org_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('self_score', sa.Float(), nullable=True),
    sa.Column('committee_score', sa.Float(), nullable=True),
    sa.Column('bonus', sa.Float(), nullable=False),
    sa.Column('bonus_reason', sa.Text(), nullable=True),
    sa.Column('penalty', sa.Float(), nullable=False),
    sa.Column('penalty_reason', sa.Text(), nullable=True),
    sa.Column('total', sa.Float(), nullable=True),
    sa.Column('grade', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_org_assessments_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_assessments')),
    sa.UniqueConstraint('year', 'organization_id', name=op.f('uq_org_assessments_year'))
    )
    with op.batch_alter_table('org_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_assessments_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_org_assessments_year'), ['year'], unique=False)

    op.create_table('talks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('held', sa.Boolean(), nullable=False),
    sa.Column('kind', sa.Enum('SECRETARY_COMMITTEE', 'AMONG_COMMITTEE', 'COMMITTEE_MEMBER', 'AMONG_MEMBERS', name='talkkind', native_enum=False, length=32), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('follow_up', sa.Text(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_talks_organization_id_organizations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talks'))
    )
    with op.batch_alter_table('talks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talks_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_talks_held_on'), ['held_on'], unique=False)

    op.create_table('assessment_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('self_points', sa.Float(), nullable=True),
    sa.Column('committee_points', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['org_assessments.id'], name=op.f('fk_assessment_scores_assessment_id_org_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['assessment_items.id'], name=op.f('fk_assessment_scores_item_id_assessment_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_scores')),
    sa.UniqueConstraint('assessment_id', 'item_id', name=op.f('uq_assessment_scores_assessment_id'))
    )
    with op.batch_alter_table('assessment_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_scores_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_scores_item_id'), ['item_id'], unique=False)

    op.create_table('commendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('nominee_name', sa.String(length=200), nullable=False),
    sa.Column('deeds', sa.Text(), nullable=True),
    sa.Column('level', sa.String(length=100), nullable=True),
    sa.Column('status', sa.Enum('NOMINATED', 'UNDER_APPROVAL', 'AWARDED', 'REJECTED', name='commendationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('doc_number', sa.String(length=200), nullable=True),
    sa.Column('doc_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_commendations_member_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_commendations_organization_id_organizations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commendations'))
    )
    with op.batch_alter_table('commendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commendations_year'), ['year'], unique=False)

    op.create_table('committee_seats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('person_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.Enum('SECRETARY', 'DEPUTY_SECRETARY', 'ORGANIZATION', 'PROPAGANDA', 'DISCIPLINE', 'YOUTH', 'MEMBER', name='committeerole', native_enum=False, length=32), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('filing_doc', sa.String(length=200), nullable=True),
    sa.Column('filing_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_committee_seats_member_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_committee_seats_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_seats'))
    )
    with op.batch_alter_table('committee_seats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_seats_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_seats_organization_id'), ['organization_id'], unique=False)

    op.create_table('election_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('candidate_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.Enum('SECRETARY', 'DEPUTY_SECRETARY', 'ORGANIZATION', 'PROPAGANDA', 'DISCIPLINE', 'YOUTH', 'MEMBER', name='committeerole', native_enum=False, length=32), nullable=True),
    sa.Column('votes', sa.Integer(), nullable=False),
    sa.Column('elected', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['elections.id'], name=op.f('fk_election_votes_election_id_elections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_election_votes_member_id_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_election_votes'))
    )
    with op.batch_alter_table('election_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_election_votes_election_id'), ['election_id'], unique=False)

    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.Enum('EXCELLENT', 'QUALIFIED', 'BASIC', 'UNQUALIFIED', name='evalgrade', native_enum=False, length=32), nullable=False),
    sa.Column('votes_excellent', sa.Integer(), nullable=True),
    sa.Column('votes_qualified', sa.Integer(), nullable=True),
    sa.Column('votes_basic', sa.Integer(), nullable=True),
    sa.Column('votes_unqualified', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_evaluations_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_evaluations_organization_id_organizations'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations')),
    sa.UniqueConstraint('year', 'member_id', name=op.f('uq_evaluations_year'))
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluations_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluations_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluations_year'), ['year'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('GENERAL_ASSEMBLY', 'COMMITTEE_MEETING', 'GROUP_MEETING', 'PARTY_LECTURE', 'THEME_DAY', 'LIFE_MEETING', 'EVALUATION_MEETING', 'IDEOLOGY', 'CENTRAL_GROUP_STUDY', 'OTHER', name='meetingkind', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('held', sa.Boolean(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('end_time', sa.Time(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('host_member_id', sa.Integer(), nullable=True),
    sa.Column('host_name', sa.String(length=100), nullable=True),
    sa.Column('recorder_member_id', sa.Integer(), nullable=True),
    sa.Column('recorder_name', sa.String(length=100), nullable=True),
    sa.Column('speaker_member_id', sa.Integer(), nullable=True),
    sa.Column('speaker_name', sa.String(length=100), nullable=True),
    sa.Column('content', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['host_member_id'], ['members.id'], name=op.f('fk_meetings_host_member_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_meetings_organization_id_organizations'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['recorder_member_id'], ['members.id'], name=op.f('fk_meetings_recorder_member_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['speaker_member_id'], ['members.id'], name=op.f('fk_meetings_speaker_member_id_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_organization_id'), ['organization_id'], unique=False)

    op.create_table('member_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('TRANSFER_OUT', 'TRANSFER_IN', 'SUSPEND', 'RESTORE', 'LOST_CONTACT', 'REGAINED_CONTACT', 'FLOATING', 'FLOATING_END', 'LEFT_PARTY', 'DECEASED', name='membereventkind', native_enum=False, length=32), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_events_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_events'))
    )
    with op.batch_alter_table('member_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_events_member_id'), ['member_id'], unique=False)

    op.create_table('member_transfers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.Enum('IN', 'OUT', name='transferdirection', native_enum=False, length=32), nullable=False),
    sa.Column('letter_number', sa.String(length=100), nullable=True),
    sa.Column('from_org', sa.String(length=200), nullable=True),
    sa.Column('to_org', sa.String(length=200), nullable=True),
    sa.Column('dues_paid_to', sa.String(length=7), nullable=True),
    sa.Column('validity_days', sa.Integer(), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('receipt_returned', sa.Boolean(), nullable=False),
    sa.Column('receipt_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_transfers_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_transfers'))
    )
    with op.batch_alter_table('member_transfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_transfers_member_id'), ['member_id'], unique=False)

    op.create_table('research_topics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('person_name', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=50), nullable=True),
    sa.Column('result', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_research_topics_member_id_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_research_topics'))
    )
    with op.batch_alter_table('research_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_research_topics_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_research_topics_year'), ['year'], unique=False)

    op.create_table('secretary_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('secretary_name', sa.String(length=100), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('grade', sa.String(length=20), nullable=True),
    sa.Column('comments', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_secretary_reviews_member_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_secretary_reviews_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_secretary_reviews')),
    sa.UniqueConstraint('year', 'organization_id', name=op.f('uq_secretary_reviews_year'))
    )
    with op.batch_alter_table('secretary_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_secretary_reviews_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_secretary_reviews_year'), ['year'], unique=False)

    op.create_table('talk_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('talk_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('person_name', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_talk_participants_member_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['talk_id'], ['talks.id'], name=op.f('fk_talk_participants_talk_id_talks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talk_participants'))
    )
    with op.batch_alter_table('talk_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talk_participants_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_talk_participants_talk_id'), ['talk_id'], unique=False)

    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('discussion', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('disposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('CORRECT_IN_TIME', 'PERSUADE_TO_LEAVE', 'REMOVE', 'EXTEND_PROBATION', 'CANCEL_PROBATION', name='disposalkind', native_enum=False, length=32), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('decision', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_disposals_evaluation_id_evaluations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disposals'))
    )
    with op.batch_alter_table('disposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disposals_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('meeting_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('person_name', sa.String(length=100), nullable=False),
    sa.Column('status', sa.Enum('PRESENT', 'LEAVE', 'ABSENT', name='attendancestatus', native_enum=False, length=32), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('observer', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_attendance_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_meeting_attendance_member_id_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendance')),
    sa.UniqueConstraint('meeting_id', 'member_id', name=op.f('uq_meeting_attendance_meeting_id'))
    )
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendance_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_attendance_member_id'), ['member_id'], unique=False)

    op.create_table('motions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('yes', sa.Integer(), nullable=False),
    sa.Column('no', sa.Integer(), nullable=False),
    sa.Column('abstain', sa.Integer(), nullable=False),
    sa.Column('written_yes', sa.Integer(), nullable=False),
    sa.Column('written_no', sa.Integer(), nullable=False),
    sa.Column('written_abstain', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_motions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_motions'))
    )
    with op.batch_alter_table('motions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_motions_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('resolutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('owner_name', sa.String(length=100), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('progress', sa.Text(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_resolutions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resolutions'))
    )
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resolutions_meeting_id'), ['meeting_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resolutions_meeting_id'))

    op.drop_table('resolutions')
    with op.batch_alter_table('motions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_motions_meeting_id'))

    op.drop_table('motions')
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attendance_member_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_attendance_meeting_id'))

    op.drop_table('meeting_attendance')
    with op.batch_alter_table('disposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disposals_evaluation_id'))

    op.drop_table('disposals')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_meeting_id'))

    op.drop_table('agenda_items')
    with op.batch_alter_table('talk_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talk_participants_talk_id'))
        batch_op.drop_index(batch_op.f('ix_talk_participants_member_id'))

    op.drop_table('talk_participants')
    with op.batch_alter_table('secretary_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_secretary_reviews_year'))
        batch_op.drop_index(batch_op.f('ix_secretary_reviews_organization_id'))

    op.drop_table('secretary_reviews')
    with op.batch_alter_table('research_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_research_topics_year'))
        batch_op.drop_index(batch_op.f('ix_research_topics_member_id'))

    op.drop_table('research_topics')
    with op.batch_alter_table('member_transfers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_transfers_member_id'))

    op.drop_table('member_transfers')
    with op.batch_alter_table('member_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_events_member_id'))

    op.drop_table('member_events')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_organization_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_kind'))
        batch_op.drop_index(batch_op.f('ix_meetings_held_on'))
        batch_op.drop_index(batch_op.f('ix_meetings_deleted_at'))

    op.drop_table('meetings')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluations_year'))
        batch_op.drop_index(batch_op.f('ix_evaluations_organization_id'))
        batch_op.drop_index(batch_op.f('ix_evaluations_member_id'))

    op.drop_table('evaluations')
    with op.batch_alter_table('election_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_election_votes_election_id'))

    op.drop_table('election_votes')
    with op.batch_alter_table('committee_seats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_seats_organization_id'))
        batch_op.drop_index(batch_op.f('ix_committee_seats_member_id'))

    op.drop_table('committee_seats')
    with op.batch_alter_table('commendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commendations_year'))

    op.drop_table('commendations')
    with op.batch_alter_table('assessment_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_scores_item_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_scores_assessment_id'))

    op.drop_table('assessment_scores')
    with op.batch_alter_table('talks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talks_held_on'))
        batch_op.drop_index(batch_op.f('ix_talks_deleted_at'))

    op.drop_table('talks')
    with op.batch_alter_table('org_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_assessments_year'))
        batch_op.drop_index(batch_op.f('ix_org_assessments_organization_id'))

    op.drop_table('org_assessments')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index('uq_members_live_id_number', sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_members_organization_id'))
        batch_op.drop_index('ix_members_group_id', sqlite_where=sa.text('group_id IS NOT NULL'), postgresql_where=sa.text('group_id IS NOT NULL'))
        batch_op.drop_index('ix_members_binned_id_number', sqlite_where=sa.text('deleted_at IS NOT NULL'), postgresql_where=sa.text('deleted_at IS NOT NULL'))

    op.drop_table('members')
    with op.batch_alter_table('elections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_elections_organization_id'))

    op.drop_table('elections')
    op.drop_table('settings')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organizations_parent_id'))

    op.drop_table('organizations')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
    with op.batch_alter_table('assessment_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_items_year'))

    op.drop_table('assessment_items')

