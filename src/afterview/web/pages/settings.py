"""Settings: the profile, the playbook's numbers, mail, the calendar feed and the templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from afterview.domain.model import Cadence, Profile
from afterview.drafting.templates import TEMPLATE_KINDS
from afterview.services import drafts, settings
from afterview.services.settings import CADENCE_FIELDS, InvalidSetting
from afterview.web.context import render, see_other, web
from afterview.web.errors import FormProblem
from afterview.web.forms import Form, parse_settings, settings_values
from afterview.web.models import CadenceIO, SettingsIO
from afterview.web.pages import mail
from afterview.web.pages.digest import HOURS, digest_form_of

# What each number means, shown next to its input.
CADENCE_HELP = {
    "thank_you_business_days": "Business days to send each thank-you note",
    "check_in_calendar_days": "Days after the interview to check in, when no date was given",
    "after_decision_business_days": "Business days after their decision date to check in",
    "final_nudge_business_days": "Business days after the check-in for one last nudge",
    "move_on_business_days": "Business days after the nudge to move on",
    "status_gap_business_days": "Business days between two status contacts to one company",
    "max_status_contacts": "Status contacts per round while they stay silent",
    "offer_decision_business_days": "Business days to decide on an offer",
    "reapply_months": "Months after a rejection before reapplying",
    "keep_in_touch_months": "Months between keep-in-touch notes",
}


@dataclass(frozen=True)
class TemplateFile:
    kind: str
    path: Path
    yours: bool


def template_files() -> list[TemplateFile]:
    """Each kind of note and the template file it is written from now."""
    kept = drafts.templates()
    return [TemplateFile(kind, kept.path_of(kind), kept.is_overridden(kind)) for kind in TEMPLATE_KINDS]


def settings_page_with(request: Request, *, status: int = 200, form: Form | None = None,
                       mail_forms: dict[str, Form] | None = None, feed: str | None = None,
                       notice: str | None = None, digest_form: Form | None = None) -> HTMLResponse:
    """The whole Settings page; a form sent back with its problems replaces the one filled from the store."""
    store = web(request).store
    if form is None:
        form = Form(settings_values(settings.read_settings(store)))
    shown_mail = mail.forms_of(store)
    shown_mail.update(mail_forms or {})
    return render(request, "settings.html", status, form=form, cadence_fields=CADENCE_FIELDS,
                  cadence_help=CADENCE_HELP, defaults=Cadence(), mail=shown_mail, smtp_security=mail.SMTP_SECURITY,
                  imap_security=mail.IMAP_SECURITY, security_labels=mail.SECURITY_LABELS,
                  security_hints=mail.SECURITY_HINTS,
                  templates=template_files(), feed=feed, notice=notice,
                  digest=digest_form_of(store, digest_form), digest_hours=HOURS)


def settings_page(request: Request) -> HTMLResponse:
    """Your profile, the playbook's numbers, mail, the calendar feed and the templates, as a page."""
    return settings_page_with(request)


async def settings_form(request: Request) -> Response:
    form = Form.of(await request.form())
    store = web(request).store
    current = await run_in_threadpool(settings.read_settings, store)
    profile = parse_settings(form, current)
    if form.ok:
        try:
            await run_in_threadpool(settings.update_settings, store, profile)
        except InvalidSetting as problem:
            form.fail(problem.field, problem.detail[:1].upper() + problem.detail[1:] + ".")
        else:
            return see_other("/settings", "Settings saved; your plan follows them.", request)
    return await run_in_threadpool(lambda: settings_page_with(request, status=422, form=form))


def _out(p: Profile) -> SettingsIO:
    return SettingsIO(name=p.name, email=p.email, phone=p.phone, country=p.country, subdivision=p.subdivision,
                      timezone=p.timezone, strengths=list(p.strengths), pipeline_target=p.pipeline_target,
                      send_cards=p.send_cards, cadence=CadenceIO(**{n: getattr(p.cadence, n) for n in CADENCE_FIELDS}))


def settings_api(request: Request) -> SettingsIO:
    """Your profile and the playbook's numbers."""
    return _out(settings.read_settings(web(request).store))


def settings_put_api(request: Request, body: SettingsIO) -> SettingsIO:
    """Replace the profile and numbers; plans are re-derived when they depend on what changed."""
    profile = Profile(name=body.name, email=body.email, phone=body.phone, country=body.country,
                      subdivision=body.subdivision, timezone=body.timezone, strengths=tuple(body.strengths),
                      pipeline_target=body.pipeline_target, send_cards=body.send_cards,
                      cadence=Cadence(**body.cadence.model_dump()))
    try:
        return _out(settings.update_settings(web(request).store, profile))
    except InvalidSetting as problem:
        raise FormProblem({problem.field: problem.detail}) from None
