"""A Word annex table of 27 tasks with merged cells, and its PDF, give the tasks a clerk tracks.

The plan of :mod:`annex_fixture` assigns its 27 tasks in a landscape "PHỤ LỤC" table (group
rows merged across, a lead merged down over four rows, partners over two, header row repeated
on every page). Scored against the tasks it was built from, with ``nqparse.evaluate.tasks``,
on the .docx and on the PDF LibreOffice prints from it.
"""
from __future__ import annotations

import pytest

import nqparse
from annex_fixture import annex_plan_pdf, build_annex_plan
from nqparse.evaluate.tasks import score

TASK_F1 = LEAD_ACCURACY = 0.9


@pytest.fixture(scope="module")
def plan():
    return build_annex_plan()


@pytest.fixture(scope="module", params=["docx", "pdf"])
def parsed(request, plan):
    data = plan.docx if request.param == "docx" else annex_plan_pdf()
    return request.param, nqparse.parse(data, filename=f"kh-215-ubnd-phu-tho.{request.param}")


def test_the_27_annex_tasks_are_found_with_their_leads(plan, parsed):
    fmt, resolution = parsed
    scores = {s.field: s for s in score(plan.gold(f"kh-215-ubnd-phu-tho.{fmt}"), resolution)}
    tasks, lead = scores["tasks"], scores["lead"]
    assert tasks.f1 is not None and tasks.f1 >= TASK_F1, (fmt, tasks.tp, tasks.fp, tasks.fn, tasks.misses[:10])
    assert lead.accuracy is not None and lead.accuracy >= LEAD_ACCURACY, (fmt, lead.misses[:10])
