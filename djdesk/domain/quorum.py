"""Quorum and voting rules of meetings (R-MEET-9, R-MEET-10), stated in words for the clerk."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    valid: bool
    text: str  # 有效 / 无效, with the reason


def assembly_quorum(entitled: int, present_voting: int) -> Verdict:
    """R-MEET-9: a 党员大会 is valid when members present WITH VOTING RIGHTS are more than half of
    those entitled (预备党员 and members under 留党察看 have no vote and are not counted)."""
    if entitled <= 0:
        return Verdict(False, "无效：应到有表决权的党员人数为 0，请检查出席名单。")
    if present_voting > entitled:
        return Verdict(False,
                       f"无效：有表决权的实到人数（{present_voting}）多于应到人数（{entitled}），请检查出席名单。")
    if present_voting * 2 > entitled:
        return Verdict(True, f"有效：有表决权的党员应到 {entitled} 人，实到 {present_voting} 人，超过半数。")
    return Verdict(False,
                   f"无效：有表决权的党员应到 {entitled} 人，实到 {present_voting} 人，未超过半数，不能作出决议。")


def committee_quorum(members: int, present: int) -> Verdict:
    """R-MEET-10: a 支委会 is valid when more than half of the 委员 are present."""
    if members <= 0:
        return Verdict(False, "无效：支部委员会没有委员，请先在组织页设置班子成员。")
    if present > members:
        return Verdict(False, f"无效：实到委员（{present}）多于委员总数（{members}），请检查出席名单。")
    if present * 2 > members:
        return Verdict(True, f"有效：支部委员 {members} 人，到会 {present} 人，超过半数。")
    return Verdict(False, f"无效：支部委员 {members} 人，到会 {present} 人，未超过半数。")


@dataclass(frozen=True)
class Ballot:
    yes: int
    no: int
    abstain: int
    written_yes: int = 0  # written opinions of members unable to attend are counted (R-MEET-9)
    written_no: int = 0
    written_abstain: int = 0

    @property
    def total_yes(self) -> int:
        return self.yes + self.written_yes

    @property
    def cast_in_room(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def written(self) -> int:
        return self.written_yes + self.written_no + self.written_abstain


# R-MEET-9: an assembly without a quorum cannot decide anything, so its motions are not voted on.
NO_QUORUM_VOTE = "未表决：到会有表决权的党员未超过应到人数的半数，会议不能作出决定"


def ballot_refusal(entitled: int, present_voting: int, ballot: Ballot) -> str | None:
    """Why these counts cannot be right, or None: negative counts, more ballots cast in the room than voters
    present, more written opinions than entitled members who were absent."""
    counts = (ballot.yes, ballot.no, ballot.abstain, ballot.written_yes, ballot.written_no, ballot.written_abstain)
    if any(c < 0 for c in counts):
        return "票数不能为负数，请检查。"
    if ballot.cast_in_room > present_voting:
        return f"表决票数（{ballot.cast_in_room}）多于有表决权的实到人数（{present_voting}），请检查。"
    if ballot.written > max(entitled - present_voting, 0):
        return f"书面意见（{ballot.written} 份）多于未到会的有表决权党员人数，请检查。"
    return None


def motion_result(entitled: int, present_voting: int, ballot: Ballot) -> Verdict:
    """R-MEET-9: a motion passes when yes-votes exceed half of those ENTITLED (not of those present).

    Ballots cast in the room cannot exceed the voters present, and written opinions cannot exceed
    the entitled members who were absent (:func:`ballot_refusal`). The quorum is not looked at: for a
    党员大会 use :func:`assembly_motion_result`."""
    refusal = ballot_refusal(entitled, present_voting, ballot)
    if refusal is not None:
        return Verdict(False, refusal)
    against, abstain = ballot.no + ballot.written_no, ballot.abstain + ballot.written_abstain
    summary = f"赞成 {ballot.total_yes} 票、反对 {against} 票、弃权 {abstain} 票"
    if ballot.written:
        summary += f"（含书面意见 {ballot.written} 份）"
    if ballot.total_yes * 2 > entitled:
        return Verdict(True, f"通过：{summary}，赞成票超过应到有表决权党员（{entitled} 人）的半数。")
    return Verdict(False, f"未通过：{summary}，赞成票未超过应到有表决权党员（{entitled} 人）的半数。")


def assembly_motion_result(entitled: int, present_voting: int, ballot: Ballot) -> Verdict:
    """R-MEET-9 for a motion at a 党员大会 (or a meeting held as one): counts that cannot be right are refused
    first; then, without a quorum (:func:`assembly_quorum`), no vote is taken and the motion never passes, whatever
    the ballots recorded; with one, :func:`motion_result` decides."""
    refusal = ballot_refusal(entitled, present_voting, ballot)
    if refusal is not None:
        return Verdict(False, refusal)
    if assembly_quorum(entitled, present_voting).valid:
        return motion_result(entitled, present_voting, ballot)
    if ballot.cast_in_room + ballot.written == 0:
        return Verdict(False, f"{NO_QUORUM_VOTE}。")
    against, abstain = ballot.no + ballot.written_no, ballot.abstain + ballot.written_abstain
    counts = f"赞成 {ballot.total_yes} 票、反对 {against} 票、弃权 {abstain} 票"
    if ballot.written:
        counts += f"，其中书面意见 {ballot.written} 份"
    return Verdict(False, f"{NO_QUORUM_VOTE}；登记的票数（{counts}）不作数。")
