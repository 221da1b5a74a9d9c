"""All mapped classes, imported together so the metadata is complete."""

from djdesk.store.base import Base
from djdesk.store.models_eval import (
    AssessmentItem,
    AssessmentScore,
    AuditEntry,
    Commendation,
    Disposal,
    Evaluation,
    OrgAssessment,
    SecretaryReview,
    Setting,
)
from djdesk.store.models_meeting import (
    AgendaItem,
    Attendance,
    Meeting,
    Motion,
    ResearchTopic,
    Resolution,
    Talk,
    TalkParticipant,
)
from djdesk.store.models_member import Member, MemberEvent, MemberTransfer
from djdesk.store.models_org import CommitteeSeat, Election, ElectionVote, Organization

__all__ = [
    "AgendaItem",
    "AssessmentItem",
    "AssessmentScore",
    "Attendance",
    "AuditEntry",
    "Base",
    "Commendation",
    "CommitteeSeat",
    "Disposal",
    "Election",
    "ElectionVote",
    "Evaluation",
    "Meeting",
    "Member",
    "MemberEvent",
    "MemberTransfer",
    "Motion",
    "OrgAssessment",
    "Organization",
    "ResearchTopic",
    "Resolution",
    "SecretaryReview",
    "Setting",
    "Talk",
    "TalkParticipant",
]
