"""`flask seed-demo`: a county trading center with every role and projects in every state.

Idempotent: organisations are found by USCC, accounts by username and projects by title, and
only what is missing is created. Everything goes through the real operations, so the trail
records it; past steps (publication, bids, opening) run with the clock moved back.
"""
from collections import Counter
from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import cached_property

from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from core import accounts, clock, trail
from core.extensions import db
from core.models import Organization, User
from core.timeutil import as_aware
from core.uscc import check_character
from trading import operations as ops
from trading.models import Project
from trading.schemas import ProjectIn

DEMO_PASSWORD = "Demo-Jiaoyi-2026"

# username, role, organisation, organisation kind, USCC without its check character, contact, phone
STAFF = [
    ("center", "admin", "某县公共资源交易中心", "center", "12350121488300010", "王敏", "0591-22860001"),
    ("audit", "supervisor", "县财政局", "supervisor", "11350121003560010", "郑晓红", "0591-22860002"),
    ("hospital", "purchaser", "县人民医院", "purchaser", "12350121488300029", "李娜", "0591-22860101"),
    ("school", "purchaser", "县第一中学", "purchaser", "12350121488300037", "周建国", "0591-22860102"),
    ("transport", "purchaser", "县交通运输局", "purchaser", "11350121003560053", "吴海峰", "0591-22860103"),
    ("water", "purchaser", "县自来水公司", "purchaser", "91350121158200012", "陈立新", "0591-22860104"),
]

# bidderNN: name, contact, credit. Credit: grade or score (none = the default 80), bad-conduct
# records (deduction, reason, expiry in days from today; a negative expiry has already lapsed),
# a blacklisting (days from today, reason), or pending (registered online, not yet approved).
BIDDERS = [
    ("福建闽兴建设工程有限公司", "张建平", {"grade": "A"}),
    ("福州鼎盛建筑工程有限公司", "林海波", {"grade": "B"}),
    ("福州宏达市政工程有限公司", "陈志勇", {"score": 88}),
    ("福建安筑建设集团有限公司", "黄明亮", {}),
    ("福建中闽路桥工程有限公司", "刘光辉", {"grade": "A"}),
    ("福建源泰水务工程有限公司", "吴晓峰", {"grade": "B", "records": [
        ("5.00", "在县自来水公司采购项目中提供虚假业绩材料（县财政局处理决定）", 300)]}),
    ("福建康华医疗器械有限公司", "郑丽君", {"grade": "A"}),
    ("福州瑞康医疗设备有限公司", "王志华", {"score": 92}),
    ("福建仁和医疗科技有限公司", "李思远", {"grade": "B"}),
    ("福建恒康医疗科技有限公司", "杨雪芳", {"grade": "C"}),
    ("福州百信医疗器械有限公司", "赵国强", {"grade": "B", "records": [
        ("3.00", "无正当理由放弃中标资格", 200),
        ("4.00", "合同履约验收不合格", -10)]}),
    ("福建数智信息技术有限公司", "周文杰", {"grade": "A"}),
    ("福州云帆软件有限公司", "徐晓燕", {"score": 85}),
    ("福建启明网络科技有限公司", "孙浩然", {}),
    ("福建博远信息科技有限公司", "朱立群", {"grade": "B"}),
    ("福州安居物业管理有限公司", "胡美华", {"grade": "B"}),
    ("福建通衢公路养护有限公司", "郭建明", {"grade": "A"}),
    ("福州路通养护工程有限公司", "何永福", {"grade": "C", "blacklist": (
        180, "列入失信被执行人名单（(2026)闽0121执1234号）")}),
    ("福建绿源餐饮管理有限公司", "高雅琴", {"pending": True}),
    ("福州新锐办公设备有限公司", "罗志明", {"pending": True}),
]


def _bidder_uscc17(number):
    return f"91350121MA{number:07d}"


# Employers that are not organisations on the platform.
OTHER_EMPLOYERS = {
    "福建工程学院": "12350000488000015",
    "福州大学": "12350000488000023",
    "福建省建筑设计研究院有限公司": "91350000158143001",
    "县住房和城乡建设局": "11350121003560029",
    "县卫生健康局": "11350121003560037",
    "县教育局": "11350121003560045",
    "市第二医院": "12350100488100017",
}

# Specialty codes: A01 房屋建筑工程, A02 市政公用工程, B01 医疗设备, B02 信息技术,
# B03 车辆及通用设备, C01 物业及养护服务, C02 餐饮及食材配送.
# expertNN: name, specialties, employer (None: retired). Some work for a seeded purchaser or
# bidder, so the draw has conflicts of interest to exclude.
EXPERTS = [
    ("陈建华", "A01", "福建工程学院"),
    ("林志强", "A01 A02", "福州大学"),
    ("黄丽萍", "A01", "福建省建筑设计研究院有限公司"),
    ("张伟民", "A01", "县住房和城乡建设局"),
    ("王秀英", "A01", None),
    ("李国平", "A01", "福建闽兴建设工程有限公司"),
    ("刘海燕", "A01", "福州鼎盛建筑工程有限公司"),
    ("吴振宇", "A01", "县第一中学"),
    ("郑文斌", "A01 A02", "福建工程学院"),
    ("杨晓东", "A01", None),
    ("赵立军", "A02", "福州大学"),
    ("周明辉", "A02", "县住房和城乡建设局"),
    ("徐春梅", "A02", "福建省建筑设计研究院有限公司"),
    ("孙志刚", "A02", "县自来水公司"),
    ("朱红霞", "A02", "福州宏达市政工程有限公司"),
    ("胡建新", "A02 A01", None),
    ("郭永康", "A02", "福建工程学院"),
    ("何雪梅", "A02", None),
    ("高志远", "B01", "市第二医院"),
    ("罗俊杰", "B01", "县卫生健康局"),
    ("梁淑芬", "B01", "县人民医院"),
    ("宋宏伟", "B01", "福建康华医疗器械有限公司"),
    ("谢玉兰", "B01", "市第二医院"),
    ("韩冬青", "B01", None),
    ("唐志成", "B01", "福州大学"),
    ("冯丽华", "B01 B02", "县卫生健康局"),
    ("董建军", "B01", None),
    ("萧国栋", "B02", "福州大学"),
    ("程美玲", "B02", "福建工程学院"),
    ("曹晓峰", "B02", "福建数智信息技术有限公司"),
    ("袁德胜", "B02", "县人民医院"),
    ("邓文静", "B02", "县教育局"),
    ("许振华", "B02 B03", None),
    ("傅宇航", "B02", "福州大学"),
    ("沈佳怡", "B02 B01", "市第二医院"),
    ("曾庆林", "B03", "县交通运输局"),
    ("彭立伟", "B03", "福建工程学院"),
    ("吕春华", "B03", None),
    ("苏明哲", "B03", "县教育局"),
    ("卢海涛", "B03", None),
    ("蒋秀兰", "C01", "县住房和城乡建设局"),
    ("蔡志华", "C01", "福建通衢公路养护有限公司"),
    ("贾晓明", "C01", "县交通运输局"),
    ("丁文涛", "C01 C02", None),
    ("魏建平", "C01", "福建工程学院"),
    ("薛红梅", "C01", "县卫生健康局"),
    ("叶晨阳", "C02", "县教育局"),
    ("余国华", "C02", None),
    ("潘慧敏", "C02 C01", "市第二医院"),
    ("杜振国", "C02", "县第一中学"),
]

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
     "bids": [(7, "3420000.00"), (8, "3385000.00"), (9, "3498000.00"), (10, "3650000.00"), (11, "2650000.00")]},
    {"title": "县第一中学教学楼抗震加固工程", "purchaser": "school", "status": "opened",
     "category": "construction", "method": "open_tender", "specialty": "A01", "deadline_in": -5,
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


def _uscc(first17):
    return first17 + check_character(first17)


def _at(day, hour, minute=0):
    """The center's local time on `day`, as an aware datetime."""
    return as_aware(datetime.combine(day, time(hour, minute)))


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


class _Seeder:
    """Create what is missing, counting what was created."""

    def __init__(self):
        self.created = Counter()
        self.today = clock.today()
        # The legal 20 days even where a demo deployment lowers MIN_BID_DAYS.
        self.min_bid_days = max(current_app.config["MIN_BID_DAYS"], 20)
        # Accounts exist well before the first project was published.
        self.setup_time = _at(self.today - timedelta(days=self.min_bid_days + 40), 9)
        self.admin = None
        self.users = {}

    @cached_property
    def password_hash(self):
        # scrypt takes ~0.1 s: hash the demo password once and store that hash on every account.
        return generate_password_hash(DEMO_PASSWORD)

    def find_org(self, uscc):
        return db.session.scalar(select(Organization).where(Organization.uscc == uscc))

    def organization(self, name, uscc, kind, contact_name, contact_phone):
        org = self.find_org(uscc)
        if org is None:
            org = accounts.create_organization(self.admin, name, uscc, kind, contact_name, contact_phone)
            self.created["organisations"] += 1
        return org

    def user(self, username, role, org=None, display_name=None, expert=None):
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = accounts.create_user(
                self.admin, username, DEMO_PASSWORD, role, org.id if org else None, expert=expert,
                display_name=display_name, password_hash=self.password_hash,
            )
            self.created["users"] += 1
        self.users[username] = user
        return user

    def staff(self):
        for username, role, name, kind, uscc17, contact, phone in STAFF:
            org = self.organization(name, _uscc(uscc17), kind, contact, phone)
            user = self.user(username, role, org, contact)
            if username == "center":
                self.admin = user

    def bidders(self):
        for number, (name, contact, credit) in enumerate(BIDDERS, start=1):
            username, uscc = f"bidder{number:02d}", _uscc(_bidder_uscc17(number))
            phone = f"138{number:08d}"
            if credit.get("pending"):
                self.registration(username, name, uscc, contact, phone)
                continue
            org = self.find_org(uscc)
            if org is None:
                org = self.organization(name, uscc, "bidder", contact, phone)
                self.credit(org, credit)
            self.user(username, "bidder", org, contact)

    def registration(self, username, name, uscc, contact, phone):
        """Registered online two days ago and still waiting for the center's approval."""
        if self.find_org(uscc) is not None:
            return
        with clock.frozen_at(_at(self.today - timedelta(days=2), 15)):
            user, _ = accounts.register_bidder(username, DEMO_PASSWORD, name, uscc, contact, phone)
        self.users[username] = user
        self.created["organisations"] += 1
        self.created["users"] += 1

    def credit(self, org, credit):
        if "grade" in credit or "score" in credit:
            accounts.set_credit(self.admin, org.id, "年度信用评价", credit.get("score"), credit.get("grade"))
        for deduction, reason, expires_in in credit.get("records", ()):
            accounts.add_credit_record(
                self.admin, org.id, Decimal(deduction), reason, self.today + timedelta(days=expires_in)
            )
        if "blacklist" in credit:
            days, reason = credit["blacklist"]
            accounts.set_credit(self.admin, org.id, reason, blacklisted_until=self.today + timedelta(days=days))

    def experts(self):
        employers = dict(OTHER_EMPLOYERS)
        employers.update({name: uscc17 for _, _, name, _, uscc17, _, _ in STAFF})
        employers.update({name: _bidder_uscc17(n) for n, (name, _, _) in enumerate(BIDDERS, start=1)})
        for number, (name, specialties, employer) in enumerate(EXPERTS, start=1):
            profile = {"name": name, "specialties": specialties.split(), "employer_name": employer,
                       "employer_uscc": _uscc(employers[employer]) if employer else None}
            self.user(f"expert{number:02d}", "expert", expert=profile)

    def project(self, spec):
        if db.session.scalar(select(Project.id).where(Project.title == spec["title"])):
            return
        purchaser = self.users[spec["purchaser"]]
        deadline_day = self.today + timedelta(days=spec["deadline_in"])
        published_day = deadline_day - timedelta(days=self.min_bid_days + 2)
        data = ProjectIn().load({
            "title": spec["title"], "category": spec["category"], "method": spec["method"],
            "budget": spec["budget"], "ceiling_price": spec["ceiling_price"], "deposit": spec["deposit"],
            "signup_deadline": _at(deadline_day - timedelta(days=3), 17).isoformat(),
            "bid_deadline": _at(deadline_day, 9, 30).isoformat(),
            "evaluation": _evaluation(spec), "responsible_person": purchaser.label,
            "responsible_phone": purchaser.organization.contact_phone,
        })
        status = spec["status"]
        if status in ("draft", "submitted"):
            with clock.frozen_at(_at(self.today - timedelta(days=2), 10)):
                project = ops.create_project(purchaser, data)
            if status == "submitted":
                with clock.frozen_at(_at(self.today - timedelta(days=1), 15)):
                    ops.submit_project(purchaser, project.id)
        else:
            with clock.frozen_at(_at(published_day - timedelta(days=3), 10)):
                project = ops.create_project(purchaser, data)
            with clock.frozen_at(_at(published_day - timedelta(days=2), 15)):
                ops.submit_project(purchaser, project.id)
            with clock.frozen_at(_at(published_day, 10)):
                ops.publish_project(self.admin, project.id)
            self.bids(project, spec["bids"], published_day)
            if status == "cancelled":
                with clock.frozen_at(_at(self.today - timedelta(days=1), 10)):
                    ops.cancel_project(self.admin, project.id, spec["cancel_reason"])
            if status in ("opened", "failed"):
                with clock.frozen_at(project.bid_deadline):
                    ops.open_bids(self.admin, project.id)
        self.created[f"projects {project.status}"] += 1

    def bids(self, project, bids, published_day):
        for order, (number, *prices) in enumerate(bids):
            bidder = self.users[f"bidder{number:02d}"]
            day = published_day + timedelta(days=2 + order % 4)
            with clock.frozen_at(_at(day, 9 + order)):
                ops.sign_up(bidder, project.id)
            for replaced, price in enumerate(p for p in prices if p is not None):
                with clock.frozen_at(_at(day + timedelta(days=replaced), 14 + order)):
                    ops.submit_bid(bidder, project.id, Decimal(price), self.proposal(project, bidder),
                                   [{"name": "投标函.txt", "content": self.tender_letter(project, bidder, price)}])

    @staticmethod
    def proposal(project, bidder):
        return f"{bidder.organization.name}关于“{project.title}”的技术方案：人员、进度、质量与售后服务承诺。"

    @staticmethod
    def tender_letter(project, bidder, price):
        return f"致{project.purchaser.name}：\n我方{bidder.organization.name}愿以人民币{price}元承担“{project.title}”。\n".encode()

    def summary(self):
        if not self.created:
            return "Demo data already present: nothing created."
        projects = ", ".join(f"{k.split()[1]} {v}" for k, v in self.created.items() if k.startswith("projects"))
        return (
            f"Demo data created: {self.created['organisations']} organisations, {self.created['users']} users, "
            f"projects: {projects or 'none'}. Password for every account: {DEMO_PASSWORD}."
        )


def seed_demo():
    """Create whatever part of the demo data is missing; flush, never commit. Return a summary."""
    seeder = _Seeder()
    with clock.frozen_at(seeder.setup_time):
        seeder.staff()
        seeder.bidders()
        seeder.experts()
    for spec in PROJECTS:
        seeder.project(spec)
    if seeder.created:
        trail.create_anchor()
    return seeder.summary()
