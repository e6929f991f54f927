"""The facts as plain JSON values, in the shapes of the `afterview/1` document.

Used by the document exchange and by the store's JSON columns, so there is one
spelling of every field. `to_plain` leaves out empty values, which keeps exports
short and makes export -> import -> export give the same document. `from_plain`
trusts its input: validate documents first (exchange.document does).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from afterview.domain.backup import (
    Backup,
    KeptSuggestion,
    MailboxPlace,
    OutboxMessage,
    SavedDraft,
    Snooze,
    seen_message,
    without_secrets,
)
from afterview.domain.model import (
    AnswerToImprove,
    Application,
    AwayPeriod,
    Cadence,
    Debrief,
    Dismissal,
    FollowUp,
    Interaction,
    Interview,
    JobSearch,
    Outcome,
    Person,
    PersonNotes,
    Profile,
    Reference,
    Task,
)
from afterview.domain.task import task_plain as task_plain  # the `--json` form lives with the task

Plain = dict[str, Any]


def _compact(values: Mapping[str, Any]) -> Plain:
    return {k: v for k, v in values.items() if v is not None and v != [] and v != {}}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


# ---- to plain -------------------------------------------------------------

def follow_up_plain(f: FollowUp | None) -> Plain | None:
    return _compact({"on": _iso(f.on), "channel": f.channel, "person": f.person}) if f else None


def away_plain(periods: tuple[AwayPeriod, ...]) -> list[Plain]:
    return [{"from": p.start.isoformat(), "to": p.end.isoformat()} for p in periods]


def notes_plain(notes: Mapping[str, PersonNotes]) -> Plain:
    return {name: _compact({"topics": list(n.topics), "promised": list(n.promised), "files": dict(n.files),
                            "goes_by": n.goes_by}) for name, n in notes.items()}


def improve_plain(a: AnswerToImprove) -> Plain:
    return _compact({"topic": a.topic, "addition": a.addition, "asked_by": a.asked_by})


def debrief_plain(d: Debrief | None) -> Plain | None:
    if d is None:
        return None
    return _compact({"went_well": d.went_well, "fell_short": d.fell_short, "questions": list(d.questions),
                     "strong_topics": list(d.strong_topics), "improve": [improve_plain(a) for a in d.improve]})


def person_plain(p: Person) -> Plain:
    return _compact({"name": p.name, "title": p.title, "email": p.email, "phone": p.phone, "role": p.role})


def interview_plain(i: Interview) -> Plain:
    return _compact({
        "on": i.on.isoformat(), "at": i.at, "round": i.round, "format": i.format,
        "interviewers": list(i.interviewers), "decision_expected": _iso(i.decision_expected),
        "second_round_expected": _iso(i.second_round_expected), "follow_up": follow_up_plain(i.follow_up),
        "employer_away": away_plain(i.employer_away),
        "references_will_be_checked": i.references_will_be_checked or None, "chances": i.chances,
        "notes": notes_plain(i.notes), "debrief": debrief_plain(i.debrief),
    })


def interaction_plain(i: Interaction) -> Plain:
    return _compact({
        "on": i.on.isoformat(), "direction": i.direction, "kind": i.kind, "person": i.person,
        "channel": i.channel, "decision_expected": _iso(i.decision_expected), "forced": i.forced or None,
        "call": i.call, "note": i.note,
    })


def outcome_plain(o: Outcome | None) -> Plain | None:
    if o is None:
        return None
    return _compact({"kind": o.kind, "on": o.on.isoformat(), "deadline": _iso(o.deadline),
                     "offered_on": _iso(o.offered_on), "reason": o.reason})


def application_plain(a: Application) -> Plain:
    return _compact({
        "id": a.id, "company": a.company, "role": a.role, "country": a.country, "subdivision": a.subdivision,
        "applied_on": _iso(a.applied_on), "source": a.source, "interested": a.interested,
        "people": [person_plain(p) for p in a.people],
        "interviews": [interview_plain(i) for i in a.interviews],
        "interactions": [interaction_plain(i) for i in a.interactions],
        "outcome": outcome_plain(a.outcome),
        "archived": True if a.archived else None,
    })


def cadence_plain(c: Cadence) -> Plain:
    return {name: getattr(c, name) for name in Cadence.__dataclass_fields__}


def profile_plain(p: Profile) -> Plain:
    return _compact({
        "name": p.name, "email": p.email, "phone": p.phone, "country": p.country,
        "subdivision": p.subdivision, "timezone": p.timezone, "strengths": list(p.strengths),
        "pipeline_target": p.pipeline_target, "send_cards": p.send_cards, "cadence": cadence_plain(p.cadence),
    })


def reference_plain(r: Reference) -> Plain:
    return _compact({"name": r.name, "email": r.email, "phone": r.phone, "relationship": r.relationship})


def dismissal_plain(d: Dismissal) -> Plain:
    return _compact({"task": d.task, "status": d.status, "on": d.on.isoformat(), "why": d.why})


def search_plain(s: JobSearch) -> Plain:
    document: Plain = {
        "format": "afterview/1",
        "profile": profile_plain(s.profile),
        "references": [reference_plain(r) for r in s.references],
        "applications": [application_plain(a) for a in s.applications],
    }
    if s.dismissals:
        document["dismissals"] = [dismissal_plain(d) for d in s.dismissals]
    return document


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def stamp_plain(moment: datetime) -> str:
    """A moment in UTC, ISO 8601 (a store that hands back naive times kept them as UTC)."""
    return _utc(moment).isoformat()


def saved_draft_plain(d: SavedDraft) -> Plain:
    return _compact({"task": d.task, "subject": d.subject, "body": d.body,
                     "updated_at": stamp_plain(d.updated_at) if d.updated_at else None})


def outbox_plain(m: OutboxMessage) -> Plain:
    return _compact({
        "task": m.task, "message_id": m.message_id, "recipient": m.recipient, "subject": m.subject,
        "body": m.body, "state": m.state, "send_after": stamp_plain(m.send_after), "attempts": m.attempts,
        "last_error": m.last_error, "created_at": stamp_plain(m.created_at), "updated_at": stamp_plain(m.updated_at),
    })


def history_task_plain(x: Task) -> Plain:
    return _compact({
        "id": x.id, "application": x.application, "company": x.company, "kind": x.kind, "person": x.person,
        "due": x.due.isoformat(), "deadline": _iso(x.deadline), "status": x.status, "channel": x.channel,
        "reason": x.reason, "created": x.created.isoformat(), "round": x.round,
    })


def backup_plain(b: Backup) -> Plain:
    """The whole `afterview/1` document; what the user made on top of the facts only when there is some."""
    document = search_plain(b.search)
    if b.drafts:
        document["drafts"] = [saved_draft_plain(d) for d in b.drafts]
    if b.outbox:
        document["outbox"] = [outbox_plain(m) for m in b.outbox]
    if b.snoozes:
        document["snoozes"] = [{"task": s.task, "until": s.until.isoformat()} for s in b.snoozes]
    settings = {key: without_secrets(value) for key, value in sorted(b.settings.items())}
    if settings:
        document["settings"] = settings
    if b.task_history:
        document["task_history"] = [history_task_plain(x) for x in b.task_history]
    if b.mail_seen:
        document["mail_seen"] = [_compact({
            "key": m.key, "application": m.application, "received_on": _iso(m.received_on), "from": m.sender,
            "subject": m.subject, "suggestion": m.suggestion, "kind": m.kind}) for m in b.mail_seen]
    if b.mailbox_places:
        document["mailbox_places"] = [_compact({"source": p.source, "uidvalidity": p.uidvalidity,
                                                "last_uid": p.last_uid}) for p in b.mailbox_places]
    if b.suggestions:
        document["suggestions"] = [suggestion_plain(x) for x in b.suggestions]
    return document


def suggestion_plain(x: KeptSuggestion) -> Plain:
    return _compact({
        "message": x.message, "application": x.application, "kind": x.kind, "sentence": x.sentence,
        "confidence": x.confidence, "received_on": x.received_on.isoformat(), "first_day": _iso(x.first_day),
        "last_day": _iso(x.last_day), "from": x.sender, "found_at": stamp_plain(x.found_at), "state": x.state,
        "settled_on": _iso(x.settled_on),
    })


# ---- from plain -----------------------------------------------------------

def follow_up_from(v: Mapping[str, Any] | None) -> FollowUp | None:
    return FollowUp(_day(v.get("on")), v.get("channel"), v.get("person")) if v else None


def away_from(v: list[Mapping[str, Any]] | None) -> tuple[AwayPeriod, ...]:
    return tuple(AwayPeriod(date.fromisoformat(p["from"]), date.fromisoformat(p["to"])) for p in v or ())


def notes_from(v: Mapping[str, Mapping[str, Any]] | None) -> dict[str, PersonNotes]:
    return {
        name: PersonNotes(tuple(n.get("topics", ())), tuple(n.get("promised", ())),
                          tuple((n.get("files") or {}).items()), n.get("goes_by"))
        for name, n in (v or {}).items()
    }


def debrief_from(v: Mapping[str, Any] | None) -> Debrief | None:
    if not v:
        return None
    improve = tuple(AnswerToImprove(a["topic"], a.get("addition"), a.get("asked_by")) for a in v.get("improve", ()))
    return Debrief(v.get("went_well"), v.get("fell_short"), tuple(v.get("questions", ())),
                   tuple(v.get("strong_topics", ())), improve)


def person_from(v: Mapping[str, Any]) -> Person:
    return Person(name=v["name"], role=v.get("role", "interviewer"), title=v.get("title"),
                  email=v.get("email"), phone=v.get("phone"))


def interview_from(v: Mapping[str, Any]) -> Interview:
    return Interview(
        on=date.fromisoformat(v["on"]), round=v.get("round", 1), at=v.get("at"), format=v.get("format"),
        interviewers=tuple(v.get("interviewers", ())), decision_expected=_day(v.get("decision_expected")),
        second_round_expected=_day(v.get("second_round_expected")), follow_up=follow_up_from(v.get("follow_up")),
        employer_away=away_from(v.get("employer_away")),
        references_will_be_checked=bool(v.get("references_will_be_checked", False)),
        chances=v.get("chances"), notes=notes_from(v.get("notes")), debrief=debrief_from(v.get("debrief")),
    )


def interaction_from(v: Mapping[str, Any]) -> Interaction:
    return Interaction(
        on=date.fromisoformat(v["on"]), direction=v["direction"], kind=v["kind"], person=v.get("person"),
        channel=v.get("channel"), decision_expected=_day(v.get("decision_expected")),
        forced=bool(v.get("forced", False)), call=v.get("call"), note=v.get("note"),
    )


def outcome_from(v: Mapping[str, Any] | None) -> Outcome | None:
    if not v:
        return None
    return Outcome(v["kind"], date.fromisoformat(v["on"]), _day(v.get("deadline")), _day(v.get("offered_on")),
                   v.get("reason"))


def application_from(v: Mapping[str, Any]) -> Application:
    return Application(
        id=v["id"], company=v["company"], role=v.get("role"), country=v.get("country"),
        subdivision=v.get("subdivision"), applied_on=_day(v.get("applied_on")), source=v.get("source", "direct"),
        interested=bool(v.get("interested", True)),
        people=tuple(person_from(p) for p in v.get("people", ())),
        interviews=tuple(interview_from(i) for i in v.get("interviews", ())),
        interactions=tuple(interaction_from(i) for i in v.get("interactions", ())),
        outcome=outcome_from(v.get("outcome")),
        archived=bool(v.get("archived", False)),
    )


def cadence_from(v: Mapping[str, Any] | None) -> Cadence:
    return Cadence(**{k: int(x) for k, x in (v or {}).items() if k in Cadence.__dataclass_fields__})


def profile_from(v: Mapping[str, Any] | None) -> Profile:
    v = v or {}
    defaults = Profile()
    return Profile(
        name=v.get("name", defaults.name), email=v.get("email"), phone=v.get("phone"),
        country=v.get("country", defaults.country), subdivision=v.get("subdivision"),
        timezone=v.get("timezone", defaults.timezone), strengths=tuple(v.get("strengths", ())),
        pipeline_target=int(v.get("pipeline_target", defaults.pipeline_target)),
        send_cards=bool(v.get("send_cards", defaults.send_cards)), cadence=cadence_from(v.get("cadence")),
    )


def reference_from(v: Mapping[str, Any]) -> Reference:
    return Reference(v["name"], v.get("email"), v.get("phone"), v.get("relationship"))


def dismissal_from(v: Mapping[str, Any]) -> Dismissal:
    return Dismissal(v["task"], v["status"], date.fromisoformat(v["on"]), v.get("why"))


def _moment(value: Any) -> datetime | None:
    return _utc(datetime.fromisoformat(value)) if value else None


def saved_draft_from(v: Mapping[str, Any]) -> SavedDraft:
    return SavedDraft(v["task"], v["body"], v.get("subject"), _moment(v.get("updated_at")))


def outbox_from(v: Mapping[str, Any]) -> OutboxMessage:
    created = _utc(datetime.fromisoformat(v["created_at"]))
    return OutboxMessage(
        task=v["task"], message_id=v["message_id"], recipient=v["recipient"], subject=v["subject"],
        body=v["body"], state=v["state"], send_after=_moment(v.get("send_after")) or created,
        created_at=created, updated_at=_moment(v.get("updated_at")) or created,
        attempts=int(v.get("attempts", 0)), last_error=v.get("last_error"),
    )


def history_task_from(v: Mapping[str, Any]) -> Task:
    return Task(v["id"], v.get("application"), v.get("company"), v["kind"], v.get("person"),
                date.fromisoformat(v["due"]), _day(v.get("deadline")), v["status"], v.get("channel"),
                v.get("reason", ""), date.fromisoformat(v["created"]), v.get("round"))


def backup_from(v: Mapping[str, Any]) -> Backup:
    return Backup(
        search=search_from(v),
        drafts=tuple(saved_draft_from(d) for d in v.get("drafts", ())),
        outbox=tuple(outbox_from(m) for m in v.get("outbox", ())),
        snoozes=tuple(Snooze(s["task"], date.fromisoformat(s["until"])) for s in v.get("snoozes", ())),
        settings={key: without_secrets(value) for key, value in (v.get("settings") or {}).items()},
        task_history=tuple(history_task_from(x) for x in v.get("task_history", ())),
        mail_seen=tuple(seen_message(m["key"], m.get("application"), _day(m.get("received_on")), m.get("from"),
                                     m.get("subject"), m.get("suggestion"), m.get("kind"))
                        for m in v.get("mail_seen", ())),
        mailbox_places=tuple(MailboxPlace(p["source"], p.get("uidvalidity"), p.get("last_uid"))
                             for p in v.get("mailbox_places", ())),
        suggestions=tuple(suggestion_from(x) for x in v.get("suggestions", ())),
    )


def suggestion_from(v: Mapping[str, Any]) -> KeptSuggestion:
    confidence = v.get("confidence")
    return KeptSuggestion(
        message=v["message"], application=v["application"], kind=v["kind"], sentence=v["sentence"],
        received_on=date.fromisoformat(v["received_on"]), found_at=_utc(datetime.fromisoformat(v["found_at"])),
        state=v.get("state", "pending"), confidence=None if confidence is None else float(confidence),
        first_day=_day(v.get("first_day")), last_day=_day(v.get("last_day")), sender=v.get("from"),
        settled_on=_day(v.get("settled_on")),
    )


def search_from(v: Mapping[str, Any]) -> JobSearch:
    return JobSearch(
        profile=profile_from(v.get("profile")),
        references=tuple(reference_from(r) for r in v.get("references", ())),
        applications=tuple(application_from(a) for a in v.get("applications", ())),
        dismissals=tuple(dismissal_from(d) for d in v.get("dismissals", ())),
    )
