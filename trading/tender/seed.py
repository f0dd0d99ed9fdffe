"""`flask seed-demo`, the tender projects: a county's projects in every state, with sign-ups,
sealed bids and openings made through the real operations at back-dated times."""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from core import clock
from core.extensions import db
from core.seed import local_time
from core.timeutil import to_local
from trading.hall import seed as hall_seed
from trading.tender import operations as ops
from trading.tender.models import Project
from trading.tender.schemas import ProjectIn

WEIGHTS = {
    "construction": {"credit": 10, "technical": 30, "commercial": 60},
    "goods": {"credit": 10, "technical": 50, "commercial": 40},
    "services": {"credit": 10, "technical": 60, "commercial": 30},
}
# The bid deadline lies `deadline_in` days from today; published projects were published
# MIN_BID_DAYS (at least 20) + 2 days before it. Bids: (bidder number, price); a second price
# replaces the first a day later; None signs up without bidding.
PROJECTS = [
    {"title": "县人民医院64排CT设备采购项目", "purchaser": "hospital", "status": "opened",
     "category": "goods", "method": "open_tender", "specialty": "B01", "deadline_in": -3,
     "budget": "3800000.00", "ceiling_price": "3600000.00", "deposit": "50000.00",
     "criteria": [("技术参数响应", 40), ("售后服务方案", 30), ("培训方案", 15), ("供货及安装方案", 15)],
     # bidder 10 is over the ceiling, bidder 11 abnormally low
     "bids": [(7, "3420000.00"), (8, "3385000.00"), (9, "3498000.00"), (10, "3650000.00"), (11, "2650000.00")],
     # the opening hall: check-ins, confirmations and an objection the center answered
     "hall": {"check_in": [7, 8, 9, 11], "confirm": [7, 8, 11],
              "objection": (10, "我公司报价3,650,000.00元被判为超过最高限价，请核实唱标价格与投标文件是否一致。",
                            "经核对投标文件解密内容，贵公司报价为¥3,650,000.00，高于最高限价¥3,600,000.00，"
                            "依据招标文件规定为无效投标，异议不成立。")}},
    # Its bid deadline is the moment `flask seed-demo` first runs: the center can open it at once.
    {"title": "县城区主干道路灯节能改造工程", "purchaser": "transport", "status": "published", "deadline_now": True,
     "category": "construction", "method": "open_tender", "specialty": "A01", "deadline_in": 0,
     "budget": "1680000.00", "ceiling_price": "1620000.00", "deposit": "30000.00",
     "criteria": [("施工方案", 40), ("节能效果保证", 30), ("工期与安全措施", 30)],
     "bids": [(1, "1585000.00"), (3, "1562000.00"), (4, "1598000.00"), (5, "1571500.00")],
     "hall": {"check_in": [1, 3, 5]}},
    {"title": "县第一中学教学楼抗震加固工程", "purchaser": "school", "status": "opened",
     "category": "construction", "method": "open_tender", "specialty": "A01", "deadline_in": -30,
     "budget": "6800000.00", "ceiling_price": "6500000.00", "deposit": "120000.00",
     "criteria": [("施工方案与技术措施", 40), ("质量保证措施", 20), ("安全文明施工", 20), ("工期保证", 20)],
     "bids": [(1, "6238000.00"), (2, "6315000.00"), (4, "6180500.00"), (5, "6276000.00"), (6, "6350000.00")]},
    {"title": "县交通运输局农村公路日常养护服务项目", "purchaser": "transport", "status": "failed",
     "category": "services", "method": "open_tender", "specialty": "C01", "deadline_in": -8,
     "budget": "1200000.00", "ceiling_price": "1150000.00", "deposit": "20000.00",
     "criteria": [("养护方案", 50), ("人员及机械配置", 30), ("应急保障", 20)],
     # two valid bids: fewer than MIN_VALID_BIDS (3), so the tender fails (流标)
     "bids": [(16, "1096000.00"), (17, "1128000.00"), (5, "1168000.00")]},
    {"title": "县人民医院信息化系统（HIS）升级改造项目", "purchaser": "hospital", "status": "published",
     "category": "goods", "method": "open_tender", "specialty": "B02", "deadline_in": 12,
     "budget": "2400000.00", "ceiling_price": "2300000.00", "deposit": "40000.00",
     "criteria": [("系统功能响应", 45), ("实施方案", 25), ("数据迁移与安全", 20), ("运维服务", 10)],
     "bids": [(12, "2280000.00", "2195000.00"), (13, "2236000.00"), (15, "2248000.00"), (14, None)]},
    {"title": "县自来水公司城区供水管网改造工程", "purchaser": "water", "status": "published",
     "category": "construction", "method": "open_tender", "specialty": "A02", "deadline_in": 14,
     "budget": "4500000.00", "ceiling_price": "4380000.00", "deposit": "80000.00",
     "criteria": [("施工组织设计", 50), ("管网碰口与停水方案", 30), ("质量安全措施", 20)],
     "bids": [(3, "4256000.00"), (6, None)]},
    {"title": "县人民医院物业管理服务采购项目", "purchaser": "hospital", "status": "cancelled",
     "category": "services", "method": "open_tender", "specialty": "C01", "deadline_in": 10,
     "budget": "1500000.00", "ceiling_price": "1450000.00", "deposit": "30000.00",
     "criteria": [("服务方案", 50), ("人员配置", 30), ("应急预案", 20)],
     "bids": [(16, None), (17, None)],
     "cancel_reason": "采购需求调整，经采购人申请终止本次采购，调整后重新组织。"},
    {"title": "县第一中学食堂食材配送服务项目", "purchaser": "school", "status": "submitted",
     "category": "services", "method": "competitive_negotiation", "specialty": "C02", "deadline_in": 30,
     "budget": "600000.00", "ceiling_price": "580000.00", "deposit": "0.00",
     "criteria": [("配送方案", 40), ("食品安全保障", 40), ("应急保障", 20)], "bids": []},
    {"title": "县交通运输局执法执勤车辆采购项目", "purchaser": "transport", "status": "draft",
     "category": "goods", "method": "inquiry", "specialty": "B03", "deadline_in": 35,
     "budget": "850000.00", "ceiling_price": "820000.00", "deposit": "0.00",
     "criteria": [("车辆配置响应", 60), ("售后服务", 40)], "bids": []},
]


def _evaluation(spec):
    data = {
        "weights": WEIGHTS[spec["category"]],
        "price_method": "average_deviation" if spec["category"] == "construction" else "lowest",
        "trim": True,
        "technical_criteria": [{"name": name, "max": top} for name, top in spec["criteria"]],
        "panel_size": 5 if spec["method"] in ("open_tender", "invited_tender") else 3,
        "expert_specialty": spec["specialty"],
    }
    if data["price_method"] == "average_deviation":
        data |= {"k": "0.97", "up_deduction": 1.0, "down_deduction": 0.5}
    return data


def seed_projects(seeder):
    """Create the missing demo projects, each brought to its state."""
    for spec in PROJECTS:
        seed_project(seeder, spec)


def seed_project(seeder, spec):
    """One demo project, found by its title or created and brought to its state."""
    if db.session.scalar(select(Project.id).where(Project.title == spec["title"])):
        return
    purchaser = seeder.users[spec["purchaser"]]
    deadline_day = seeder.today + timedelta(days=spec["deadline_in"])
    published_day = deadline_day - timedelta(days=seeder.min_bid_days + 2)
    bid_deadline = local_time(deadline_day, 9, 30)
    if spec.get("deadline_now"):
        bid_deadline = clock.now().replace(second=0, microsecond=0)
        deadline_day = to_local(bid_deadline).date()
        published_day = deadline_day - timedelta(days=seeder.min_bid_days + 2)
    data = ProjectIn().load({
        "title": spec["title"], "category": spec["category"], "method": spec["method"],
        "budget": spec["budget"], "ceiling_price": spec["ceiling_price"], "deposit": spec["deposit"],
        "signup_deadline": local_time(deadline_day - timedelta(days=3), 17).isoformat(),
        "bid_deadline": bid_deadline.isoformat(),
        "evaluation": _evaluation(spec), "responsible_person": purchaser.label,
        "responsible_phone": purchaser.organization.contact_phone,
    })
    status = spec["status"]
    if status in ("draft", "submitted"):
        with clock.frozen_at(local_time(seeder.today - timedelta(days=2), 10)):
            project = ops.create_project(purchaser, data)
        if status == "submitted":
            with clock.frozen_at(local_time(seeder.today - timedelta(days=1), 15)):
                ops.submit_project(purchaser, project.id)
    else:
        with clock.frozen_at(local_time(published_day - timedelta(days=3), 10)):
            project = ops.create_project(purchaser, data)
        with clock.frozen_at(local_time(published_day - timedelta(days=2), 15)):
            ops.submit_project(purchaser, project.id)
        with clock.frozen_at(local_time(published_day, 10)):
            ops.publish_project(seeder.admin, project.id)
        _bids(seeder, project, spec["bids"], published_day)
        if status == "cancelled":
            with clock.frozen_at(local_time(seeder.today - timedelta(days=1), 10)):
                ops.cancel_project(seeder.admin, project.id, spec["cancel_reason"])
        hall_seed.check_ins(seeder, project, spec)
        if status in ("opened", "failed"):
            with clock.frozen_at(project.bid_deadline):
                ops.open_bids(seeder.admin, project.id)
            hall_seed.responses(seeder, project, spec)
    seeder.created[f"projects {project.status}"] += 1


def _bids(seeder, project, bids, published_day):
    for order, (number, *prices) in enumerate(bids):
        bidder = seeder.users[f"bidder{number:02d}"]
        day = published_day + timedelta(days=2 + order % 4)
        with clock.frozen_at(local_time(day, 9 + order)):
            ops.sign_up(bidder, project.id)
        for replaced, price in enumerate(p for p in prices if p is not None):
            with clock.frozen_at(local_time(day + timedelta(days=replaced), 14 + order)):
                ops.submit_bid(bidder, project.id, Decimal(price), _proposal(project, order), [
                    {"name": "技术方案说明.txt", "part": "technical", "content": _technical_note(project, order)},
                    {"name": "投标函.txt", "part": "commercial", "content": _tender_letter(project, bidder, price)},
                ], deposit=_deposit(project, bidder, day))


def _deposit(project, bidder, day):
    """The demo bidders give the deposit asked by bank transfer to the center's deposit account."""
    if project.deposit <= 0:
        return None
    reference = f"BZJ{day:%Y%m%d}{bidder.organization_id:04d}"
    return {"method": "transfer", "amount": project.deposit, "reference": reference, "issuer": "县农村商业银行"}


# The technical part is blind (暗标): the demo proposals name no company, no credit code and no price.
APPROACHES = ("分区分段、流水作业", "集中调度、错峰实施", "标准化作业、样板先行", "模块化预制、现场装配")
STAFFING = ("项目负责人1名、技术负责人1名、专职质量员2名", "项目负责人1名、专职安全员2名、技术骨干4名",
            "项目负责人1名、驻场工程师3名")


def _proposal(project, order):
    approach = APPROACHES[order % len(APPROACHES)]
    staffing = STAFFING[order % len(STAFFING)]
    return (f"关于“{project.title}”的技术方案：采用{approach}的组织方式；人员配置为{staffing}；"
            "进度计划按关键线路控制，质量目标一次验收合格，售后服务响应不超过2小时。")


def _technical_note(project, order):
    return (f"技术方案说明（{project.title}）\n一、总体思路：{APPROACHES[(order + 1) % len(APPROACHES)]}。\n"
            "二、质量保证措施：三检制、隐蔽工程旁站。\n三、安全文明措施：封闭管理、夜间警示。\n").encode()


def _tender_letter(project, bidder, price):
    return f"致{project.purchaser.name}：\n我方{bidder.organization.name}愿以人民币{price}元承担“{project.title}”。\n".encode()
