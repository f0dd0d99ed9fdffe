"""`flask seed-demo`: a county trading center with every role; the modules add their own steps
(experts, projects in every state, ...), registered with `registry.add_seed_step`.

Idempotent: organisations are found by USCC, accounts by username, and each module finds its
own objects the same way; only what is missing is created. Everything goes through the real
operations, so the trail records it; past steps run with the clock moved back.
"""
from collections import Counter
from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import cached_property

from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from core import accounts, clock, trail
from core.auth import SYSTEM
from core.extensions import db
from core.models import Organization, User
from core.plugins import registry_of
from core.timeutil import as_aware
from core.uscc import check_character

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


def bidder_uscc17(number):
    return f"91350121MA{number:07d}"


def full_uscc(first17):
    return first17 + check_character(first17)


def local_time(day, hour, minute=0):
    """The center's local time on `day`, as an aware datetime."""
    return as_aware(datetime.combine(day, time(hour, minute)))


class Seeder:
    """Create what is missing, counting what was created."""

    def __init__(self):
        self.created = Counter()
        self.today = clock.today()
        # The legal 20 days even where a demo deployment lowers MIN_BID_DAYS.
        self.min_bid_days = max(current_app.config.get("MIN_BID_DAYS", 20), 20)
        # Accounts exist well before the first project was published.
        self.setup_time = local_time(self.today - timedelta(days=self.min_bid_days + 40), 9)
        self.admin = SYSTEM
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

    def user(self, username, role, org=None, display_name=None, profile=None):
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = accounts.create_user(
                self.admin, username, DEMO_PASSWORD, role, org.id if org else None, profile=profile,
                display_name=display_name, password_hash=self.password_hash,
            )
            self.created["users"] += 1
        self.users[username] = user
        return user

    def staff(self):
        for username, role, name, kind, uscc17, contact, phone in STAFF:
            org = self.organization(name, full_uscc(uscc17), kind, contact, phone)
            user = self.user(username, role, org, contact)
            if username == "center":
                self.admin = user

    def bidders(self):
        for number, (name, contact, credit) in enumerate(BIDDERS, start=1):
            username, uscc = f"bidder{number:02d}", full_uscc(bidder_uscc17(number))
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
        with clock.frozen_at(local_time(self.today - timedelta(days=2), 15)):
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

    def summary(self):
        if not self.created:
            return "Demo data already present: nothing created."
        counts = ", ".join(f"{count} {what}" for what, count in self.created.items())
        return f"Demo data created: {counts}. Password for every account: {DEMO_PASSWORD}."


def seed_core(seeder):
    """The center, the supervisor, the purchasing units and the bidders with their credit."""
    with clock.frozen_at(seeder.setup_time):
        seeder.staff()
        seeder.bidders()


def seed_demo():
    """Create whatever part of the demo data is missing; flush, never commit. Return a summary."""
    seeder = Seeder()
    steps = [(0, seed_core)] + registry_of(current_app).seed_steps
    for _order, step in sorted(steps, key=lambda item: item[0]):
        step(seeder)
    if seeder.created:
        trail.create_anchor()
    return seeder.summary()
