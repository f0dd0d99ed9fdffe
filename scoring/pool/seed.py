"""`flask seed-demo`, the expert pool: fifty experts, some employed by a seeded purchaser or bidder
so the draw has conflicts of interest to exclude."""
from core import clock
from core.seed import BIDDERS, STAFF, bidder_uscc17, full_uscc

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


def seed_experts(seeder):
    """Create the missing expert accounts with their profiles."""
    employers = dict(OTHER_EMPLOYERS)
    employers.update({name: uscc17 for _, _, name, _, uscc17, _, _ in STAFF})
    employers.update({name: bidder_uscc17(n) for n, (name, _, _) in enumerate(BIDDERS, start=1)})
    with clock.frozen_at(seeder.setup_time):
        for number, (name, specialties, employer) in enumerate(EXPERTS, start=1):
            profile = {"name": name, "specialties": specialties.split(), "employer_name": employer,
                       "employer_uscc": full_uscc(employers[employer]) if employer else None}
            seeder.user(f"expert{number:02d}", "expert", profile=profile)
