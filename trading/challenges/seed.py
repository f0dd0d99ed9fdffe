"""`flask seed-demo`, challenges and complaints: a challenge on the documents of a published project, answered by
the purchasing unit; a challenge on the process of the project opened three days ago, answered the next day, and the
complaint that followed, awaiting the supervisor's decision."""
from datetime import timedelta

from sqlalchemy import select

from core import clock
from core.extensions import db
from core.models import User
from core.seed import local_time
from core.timeutil import to_local
from trading.challenges import operations as challenges
from trading.challenges.models import Challenge
from trading.challenges.operations import complaints
from trading.contracts.seed import demo_pdf
from trading.tender.models import Project, Signup

DOCUMENTS = {
    "project": "县人民医院信息化系统（HIS）升级改造项目",
    "text": "招标文件第三章技术参数第12项要求“须与现有PACS系统同一品牌”，具有明显倾向性，限制了潜在供应商的公平竞争，"
            "请予以修改。",
    "reply": "经核查，该条款已修改为“须提供与现有PACS系统的标准接口（DICOM 3.0、HL7）”，不再限定品牌，"
             "将以变更公告形式发布。",
}
PROCESS = {
    "project": "县人民医院64排CT设备采购项目",
    "text": "开标时我公司投标文件解密用时超过规定时间，系平台网络原因所致，代理机构未予延长解密时间，程序违法。",
    "reply": "经调取开标系统日志，贵公司解密操作在规定时间内完成，解密成功，开标程序符合规定，质疑不成立。",
    "complaint": "采购人答复未附开标系统日志，我公司对答复不满意，请求监管部门调查开标过程。",
}


def seed_challenges(seeder):
    documents = _project(DOCUMENTS["project"], "published")
    if documents is not None and not _has_challenge(documents):
        _answered(seeder, documents, "documents", DOCUMENTS, documents.published_at + timedelta(days=2))
    process = _project(PROCESS["project"], "opened")
    if process is not None and not _has_challenge(process):
        challenge = _answered(seeder, process, "process", PROCESS, process.opened_at + timedelta(hours=2))
        with clock.frozen_at(challenge.replied_at + timedelta(hours=1)):
            complaints.file_complaint(challenge.challenger, challenge.id, {
                "text": PROCESS["complaint"], "documents": []})
        seeder.created["complaints awaiting a decision"] += 1


def _project(title, status):
    return db.session.scalar(select(Project).where(Project.title == title, Project.status == status))


def _has_challenge(project):
    return db.session.scalar(select(Challenge.id).where(Challenge.project_id == project.id)) is not None


def _answered(seeder, project, subject, texts, made_at):
    """A challenge made at `made_at` by the first supplier signed up, answered the next day by the owner."""
    signup = db.session.scalars(select(Signup).where(Signup.project_id == project.id)
                                .order_by(Signup.created_at)).first()
    bidder = db.session.scalars(select(User).where(User.organization_id == signup.organization_id)).first()
    with clock.frozen_at(made_at):
        challenge = challenges.file_challenge(bidder, project.id, {
            "subject": subject, "text": texts["text"],
            "documents": [{"name": "质疑函.pdf", "content": demo_pdf(f"Challenge {project.code}")}]})
    replied_on = to_local(made_at).date() + timedelta(days=1)
    with clock.frozen_at(local_time(replied_on, 15)):
        challenges.reply_challenge(project.created_by, challenge.id, {"text": texts["reply"], "documents": []})
    seeder.created["challenges answered"] += 1
    return challenge
