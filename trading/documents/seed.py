"""`flask seed-demo`, after the projects: tender documents (a real PDF and ZIP made here), answered
and unanswered questions, and an amendment with its change notice, through the real operations."""
import io
import zipfile
from datetime import timedelta

from sqlalchemy import select

from core import clock
from core.extensions import db
from core.seed import local_time
from trading.amendments import operations as amendments
from trading.documents import operations as documents
from trading.questions import operations as questions
from trading.tender.models import Project

HIS = "县人民医院信息化系统（HIS）升级改造项目"
WATER = "县自来水公司城区供水管网改造工程"
VEHICLES = "县交通运输局执法执勤车辆采购项目"
QUESTIONS = {
    HIS: [("bidder12", "现有HIS系统的数据库类型和数据量是多少？数据迁移是否由中标人负责？",
           "现有系统为Oracle 11g，约1.2TB；数据迁移由中标人负责，采购人提供配合。"),
          ("bidder13", "是否接受国产数据库替代方案？", None)],
    WATER: [("bidder03", "停水碰口作业是否限定在夜间进行？", "碰口作业安排在22:00至次日6:00，具体以供水公司调度为准。")],
}


def tender_pdf(title):
    """A small, valid one-page PDF whose text names the project (ASCII content, built by hand)."""
    text = f"Tender documents - {title.encode('ascii', 'ignore').decode() or 'project'}"
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def drawings_zip(title):
    """A ZIP with a bill of quantities as CSV and a readme."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("工程量清单.csv", "序号,项目名称,单位,数量\n1,DN300球墨铸铁管,米,1850\n2,阀门井,座,24\n")
        archive.writestr("说明.txt", f"{title}：图纸及工程量清单。")
    return out.getvalue()


def _project(title):
    return db.session.scalar(select(Project).where(Project.title == title))


def seed_documents(seeder):
    for title in (HIS, WATER, VEHICLES):
        project = _project(title)
        if project is None or documents.project_documents(project):
            continue
        files = [{"name": f"{title}招标文件.pdf", "content": tender_pdf(project.code)}]
        if title == WATER:
            files.append({"name": "图纸及工程量清单.zip", "content": drawings_zip(title)})
        owner = seeder.users[{HIS: "hospital", WATER: "water", VEHICLES: "transport"}[title]]
        with clock.frozen_at(project.created_at + timedelta(hours=1)):
            documents.store_documents(project, owner, files)
        seeder.created["tender documents"] += len(files)
    _questions(seeder)
    _amendment(seeder)


def _questions(seeder):
    for title, items in QUESTIONS.items():
        project = _project(title)
        if project is None or project.status != "published" or db.session.scalar(
                select(questions.Question.id).where(questions.Question.project_id == project.id)):
            continue
        for order, (username, text, answer) in enumerate(items):
            asked_at = project.published_at + timedelta(days=1 + order, hours=2)
            with clock.frozen_at(asked_at):
                question = questions.ask_question(seeder.users[username], project.id, text)
            if answer:
                with clock.frozen_at(asked_at + timedelta(hours=20)):
                    questions.answer_question(seeder.admin, project.id, question.id, answer)
            seeder.created["questions"] += 1


def _amendment(seeder):
    """The water network project is amended yesterday: less than 15 days before its bid deadline, so
    the deadline is postponed; its bidder whose bid predates the amendment is asked to confirm."""
    project = _project(WATER)
    if project is None or project.status != "published" or amendments.project_amendments(project):
        return
    with clock.frozen_at(local_time(seeder.today - timedelta(days=1), 10)):
        amendments.publish_amendment(
            seeder.admin, project.id, "招标文件第五章技术要求第3.2条管材由“DN300球墨铸铁管K9级”修改为“DN300球墨铸铁管K8级”，"
            "工程量清单同步更新。",
            documents=[{"name": "工程量清单（修订）.zip", "content": drawings_zip(WATER + "（修订）")}])
    seeder.created["amendments"] += 1
