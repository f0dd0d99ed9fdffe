"""`flask seed-demo`, the evaluations: on the opened demo projects, one panel still scoring (one
expert declined, two sheets outstanding) and one project evaluated and awarded."""
from datetime import datetime, time, timedelta

from sqlalchemy import select

from core import clock
from core.extensions import db
from core.hashing import sha256_hex
from core.timeutil import local_zone, to_local
from scoring.draw import operations as draw
from scoring.draw.models import Draw
from scoring.evaluation import operations as award
from scoring.sheets import operations as sheets
from trading.calendar.operations import working_day_after
from trading.tender.models import Project

SCORING = "县人民医院64排CT设备采购项目"  # panel drawn, one decline, 3 of 5 sheets submitted
AWARDED = "县第一中学教学楼抗震加固工程"  # evaluated, publicity over, awarded
EVALUATION_PLACE = "县公共资源交易中心三楼第二评标室"


def _values(project, expert, code):
    """Demo scores: 60%–95% of each criterion's maximum, fixed by project, expert and bid."""
    values = []
    for number, criterion in enumerate(project.evaluation.technical_criteria):
        digest = int(sha256_hex(f"{project.code}:{expert.id}:{code}:{number}")[:8], 16)
        share = 60 + digest % 36
        values.append(float(round(criterion.max * share / 100)))
    return values


def _score(project, member, submit):
    codes = sorted(sheets.evaluation_record(project).bid_codes)
    entries = [{"code": code, "criteria": _values(project, member.expert, code), "comment": "响应招标文件要求，方案可行。"}
               for code in codes]
    sheets.save_scores(member.expert.user, project.id, entries, submit)


def _draw_and_score(seeder, project, submitted, decline=False):
    """Draw an hour after opening for an evaluation the next working day at 09:00; members accept (the first
    declines when asked) and score."""
    moment = project.opened_at + timedelta(hours=1)
    evaluation_at = datetime.combine(working_day_after(to_local(moment).date(), 1), time(9), tzinfo=local_zone())
    with clock.frozen_at(moment):
        draw.draw_panel(seeder.admin, project.id, f"demo-{project.code}", evaluation_at, EVALUATION_PLACE)
        if decline:
            first = draw.serving_members(project)[0]
            draw.respond(first.expert.user, project.id, accept=False, reason="当日另有评标任务，申请回避。")
        for number, member in enumerate(draw.serving_members(project)):
            draw.respond(member.expert.user, project.id, accept=True)
            _score(project, member, submit=number < submitted)


def seed_evaluations(seeder):
    for title, awarded in ((SCORING, False), (AWARDED, True)):
        project = db.session.scalar(select(Project).where(Project.title == title))
        if project is None or project.status != "opened" or db.session.scalar(
                select(Draw.id).where(Draw.project_id == project.id)):
            continue
        if not awarded:
            _draw_and_score(seeder, project, submitted=3, decline=True)
            seeder.created["panels scoring"] += 1
            continue
        _draw_and_score(seeder, project, submitted=project.evaluation.panel_size)
        with clock.frozen_at(project.opened_at + timedelta(days=1)):
            record = award.evaluate(seeder.admin, project.id)
        with clock.frozen_at(record.publicity_ends_at + timedelta(hours=1)):
            award.award(seeder.admin, project.id)
        seeder.created["projects awarded"] += 1
