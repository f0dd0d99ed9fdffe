"""A bidder's way from registration to a sealed bid, and the center's from the opening to the award, in
Chromium, page by page, each looked at in Chinese and, at the end, in English."""
from datetime import timedelta

from core.extensions import db
from tests.conftest import make_uscc


def pdf(name, text="施工组织设计"):
    """A small file the browser uploads as a bid document."""
    return {"name": name, "mimeType": "application/pdf",
            "buffer": b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"}


def test_a_bidder_registers_is_approved_signs_up_and_seals_its_bid(app, make, visit):
    admin = make.admin()
    project = make.project(title="县城区道路照明改造工程", admin=admin)

    page, looks = visit()
    page.goto("/register")
    looks("register")
    page.click("main button[type=submit]")
    looks("register-every-problem-at-once")
    assert page.locator(".invalid-feedback:visible").count() >= 4  # all the missing fields, not one at a time
    page.fill("input[name=username]", "minxing")
    page.fill("input[name=password]", "Jiaoyi-Zhongxin-2026")
    page.fill("input[name=organization_name]", "福建闽兴照明工程有限公司")
    page.fill("input[name=organization_uscc]", make_uscc(901))
    page.fill("input[name=organization_contact_name]", "林建国")
    page.fill("input[name=organization_contact_phone]", "13905910001")
    page.click("main button[type=submit]")
    looks("registered-log-in")
    page.fill("input[name=username]", "minxing")
    page.fill("input[name=password]", "Jiaoyi-Zhongxin-2026")
    page.click("main button[type=submit]")
    looks.prefix = "minxing"  # the screenshots from here on are the new bidder's
    looks("awaiting-approval")
    page.goto(f"/projects/{project.id}")
    looks("project-before-approval")
    assert page.get_by_role("button", name="报名").is_disabled()
    assert page.locator("#question-text").count() == 0  # nothing offered that it cannot use yet
    assert page.locator("summary", has_text="交易业务").count() == 0  # nor the menus of what it cannot do yet

    center, center_looks = visit(admin)
    center_looks("dashboard")
    applicant = center.locator("main div.border-bottom", has_text="福建闽兴照明工程有限公司")
    applicant.get_by_role("button", name="审核通过").click()
    center_looks("approved")

    page.goto(f"/projects/{project.id}")
    page.get_by_role("button", name="报名").click()
    looks("signed-up")
    page.get_by_role("link", name="递交投标").click()
    looks("bid-form")
    page.fill("input[name=price]", "912345.60")
    page.fill("textarea[name=technical_proposal]", "施工组织设计：分三段施工，夜间作业，确保交通不中断。")
    page.set_input_files("input[name=technical_documents]", [pdf("施工组织设计.pdf")])
    page.set_input_files("input[name=commercial_documents]", [pdf("投标函.pdf", "投标函")])
    page.set_input_files("input[name=qualification_documents]", [pdf("营业执照.pdf", "营业执照")])
    page.get_by_role("button", name="加密并递交").click()
    looks("bid-sealed-with-its-receipt")
    receipt = page.locator("main code.text-break").first.inner_text()
    assert len(receipt) == 64
    page.goto(f"/projects/{project.id}?lang=en")
    looks("project-in-english")
    assert receipt in page.inner_text("main")


def test_the_center_opens_draws_evaluates_and_awards_each_after_its_confirmation(app, make, visit, clock):
    from scoring.draw import operations as draw
    from scoring.sheets.operations import evaluation_record
    from tests.builders.scoring import Panel

    admin = make.admin()
    project = make.project(title="县第一中学教学楼抗震加固工程", admin=admin,
                           bids=("900000.00", "850000.00", "800000.00"))
    make.experts(project.evaluation.panel_size + 2, project.evaluation.expert_specialty)
    clock.set(project.bid_deadline)

    page, looks = visit(admin)
    page.goto(f"/projects/{project.id}/hall")
    looks("hall-at-the-deadline")
    page.get_by_role("button", name="开标").click()
    looks("hall-opened")
    assert len(looks.dialogs) == 1  # asked before opening
    make.confirm_deposits(project, admin)

    page.goto(f"/projects/{project.id}/evaluation")
    looks("evaluation-before-the-draw")
    page.get_by_role("button", name="抽取专家").click()
    looks("draw-without-time-and-place")  # the form says what is missing, and nothing is drawn
    assert page.locator(".invalid-feedback:visible").count() >= 1 and len(looks.dialogs) == 2
    page.fill("input[name=evaluation_at]", "2026-12-28T09:00")
    page.fill("input[name=evaluation_place]", "县公共资源交易中心三楼第二评标室")
    page.get_by_role("button", name="抽取专家").click()
    looks("panel-drawn")
    assert len(looks.dialogs) == 3

    db.session.expire_all()
    members = [m.expert.user for m in draw.serving_members(project)]
    for expert in members:
        draw.respond(expert, project.id, accept=True)
    db.session.commit()
    page.goto(f"/projects/{project.id}/evaluation")
    looks("waiting-for-the-objection-window")
    assert page.get_by_role("button", name="汇总评分（评分表已全部提交）").count() == 0
    clock.advance(minutes=31)
    Panel(project, admin, members).submit_all()
    page.reload()
    page.get_by_role("button", name="汇总评分（评分表已全部提交）").click()
    looks("evaluated-candidates-in-publicity")
    assert len(looks.dialogs) == 4
    assert page.get_by_role("button", name="定标").is_disabled()  # the page says until when
    clock.set(evaluation_record(project).publicity_ends_at + timedelta(minutes=1))
    page.reload()
    page.get_by_role("button", name="定标").click()
    looks("awarded")
    assert len(looks.dialogs) == 5 and "定标" in looks.dialogs[-1]
    page.goto(f"/projects/{project.id}")
    looks("project-awarded-with-its-timeline")
    page.goto(f"/projects/{project.id}/evaluation?lang=en")
    looks("evaluation-in-english")


def test_an_expert_accepts_enters_a_bad_score_reads_why_and_submits(app, make, visit):
    from scoring.draw import operations as draw

    admin = make.admin()
    project = make.project(title="县人民医院64排CT设备采购项目", status="opened", admin=admin,
                           bids=("900000.00", "850000.00", "800000.00"))
    make.confirm_deposits(project, admin)
    make.experts(project.evaluation.panel_size + 2, project.evaluation.expert_specialty)
    drawn = draw.draw_panel(admin, project.id, "browser-seed")
    expert = next(member.expert.user for member in drawn.members if member.is_member)

    page, looks = visit(expert)
    assert page.url.endswith("/expert/assignments")  # the expert lands on its panels
    looks("my-panels")
    page.locator("main table a", has_text="答复邀请").first.click()  # the red to-do leads to the invitation
    looks("invitation")
    page.get_by_role("button", name="接受").click()
    looks("accepted")
    first = page.locator("main input.score-input").first
    first.fill("99")  # above the criterion's maximum (施工方案: 40)
    page.get_by_role("button", name="保存草稿").click()
    looks("a-score-above-its-maximum")
    assert page.locator(".invalid-feedback:visible").count() >= 1
    for n, field in enumerate(page.locator("main input.score-input").all()):
        field.fill("30" if n % 2 == 0 else "50")
    page.get_by_role("button", name="提交评分表（提交后不可修改）").click()
    looks("sheet-submitted")
    assert looks.dialogs and "不可" in looks.dialogs[-1]
    page.goto("/expert/assignments?lang=en")
    looks("my-panels-in-english")
