"""Pure rules and value types: no Qt, no SQLAlchemy.

Glossary (Chinese term → code name):

- 机关党委 → ``Organization`` with ``kind=OrgKind.ORGAN_COMMITTEE``
- 党委 → ``OrgKind.COMMITTEE``; 党总支 → ``OrgKind.GENERAL_BRANCH``
- 党支部 → ``OrgKind.BRANCH``; 联合党支部 → ``OrgKind.JOINT_BRANCH``; 党小组 → ``OrgKind.GROUP``
- 班子成员 → ``CommitteeSeat`` (role ``CommitteeRole``); 换届记录 → ``Election``
- 届次 → ``term_number``; 任期届满 → ``term_end``
- 党员 → ``Member``; 正式党员/预备党员 → ``MemberCategory.FULL/PROBATIONARY``
- 党籍状态 → ``PartyStanding``; 失联党员 → ``Member.lost_contact``; 流动党员 → ``Member.floating``
- 历史党员 (left the roster) → ``Member.roster_status != RosterStatus.ACTIVE``
- 留党察看/恢复党员权利 → ``MemberEvent`` with ``MemberEventKind.PARTY_PROBATION_ONE/TWO`` and
  ``PARTY_RIGHTS_RESTORED`` (``discipline.under_party_probation``)
- 组织关系转接 → ``MemberTransfer``; 介绍信 → ``letter_number``
- 三会一课, 主题党日, 组织生活会 … → ``Meeting`` with ``MeetingKind``
- 出席/请假/缺席 → ``Attendance.status`` (``AttendanceStatus``); 列席 → ``Attendance.observer``
- 议题 → ``AgendaItem``; 表决 → ``Motion``; 决议 → ``Resolution``
- 谈心谈话 → ``Talk`` (``TalkKind``)
- 民主评议党员 → ``Evaluation`` (``EvalGrade``); 组织处置 → ``Disposal`` (``DisposalKind``)
- 书记抓党建述职评议考核 → ``SecretaryReview``
- 支部年度考核 → ``OrgAssessment`` with ``AssessmentItem`` / ``AssessmentScore``
- 评先评优 → ``Commendation``
- 操作日志 → ``AuditEntry``; 回收站 → rows with ``deleted_at`` set
"""
