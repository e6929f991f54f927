"""The pipeline: every application by stage, and how many are active against the target."""

from __future__ import annotations

from fastapi import Query
from starlette.requests import Request
from starlette.responses import HTMLResponse

from afterview.domain.pipeline import STAGES
from afterview.services import views
from afterview.web.context import as_of, render, web
from afterview.web.models import PipelineOut

PER_STAGE = 50
Stage = Query(None, description=f"Only this stage: {', '.join(STAGES)}.", max_length=20)
Offset = Query(0, ge=0, le=1_000_000, description="Skip this many applications of the stage.")


def pipeline_page(request: Request, stage: str | None = Stage, offset: int = Offset) -> HTMLResponse:
    """Applications by stage as a page."""
    view = views.pipeline_view(web(request).store, as_of(request), per_stage=PER_STAGE, stage_only=stage,
                               offset=offset)
    return render(request, "pipeline.html", view=view, stages=STAGES, stage=stage, offset=offset,
                  per_stage=PER_STAGE)


def pipeline_api(request: Request, stage: str | None = Stage, offset: int = Offset) -> PipelineOut:
    """Applications by stage (at most 50 listed per stage), with the active count and the target."""
    return PipelineOut.of(views.pipeline_view(web(request).store, as_of(request), per_stage=PER_STAGE,
                                              stage_only=stage, offset=offset))
