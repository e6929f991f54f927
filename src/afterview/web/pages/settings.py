"""Settings: the profile and the playbook's numbers."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from afterview.domain.model import Cadence, Profile
from afterview.services import settings
from afterview.services.settings import CADENCE_FIELDS, InvalidSetting
from afterview.web.context import render, see_other, web
from afterview.web.errors import FormProblem
from afterview.web.forms import Form, parse_settings, settings_values
from afterview.web.models import CadenceIO, SettingsIO

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


def _page(request: Request, form: Form, status: int = 200) -> HTMLResponse:
    return render(request, "settings.html", status, form=form, cadence_fields=CADENCE_FIELDS,
                  cadence_help=CADENCE_HELP, defaults=Cadence())


def settings_page(request: Request) -> HTMLResponse:
    """Your profile and the playbook's numbers, as a form."""
    return _page(request, Form(settings_values(settings.read_settings(web(request).store))))


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
    return _page(request, form, 422)


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
