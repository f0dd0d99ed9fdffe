"""`flask seed-demo`, the mall catalogue: the category tree, suppliers approved for their categories,
a few hundred products generated from realistic brands, models and prices, and some price changes.
Everything goes through the real operations at back-dated times; idempotent (a supplier that has
products is left as it is)."""
import hashlib
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from core import clock
from core.extensions import db
from core.seed import local_time
from mall.catalogue import operations as ops
from mall.catalogue.models import Product
from mall.catalogue.operations.categories import install_categories
from mall.catalogue.schemas import ProductIn
from mall.suppliers import operations as suppliers

# bidder number -> categories it sells (approved), or ("pending", categories) still waiting
SUPPLIERS = {
    12: ["A0201", "A0202", "A020502"],
    13: ["A0201", "A0202", "A0203"],
    14: ["A0202", "A0205"],
    15: ["A020101", "A020102", "A020105", "A0205"],
    16: ["A0204", "A0203", "A0205"],
}
PENDING = {17: ["A0204"]}
# category: [(brand, model, name, spec, unit, reference price)]
CATALOGUE = {
    "A020101": [
        ("联想", "启天M450", "联想启天M450台式计算机", "i5-12500/16G/512G SSD/23.8英寸显示器", "台", "5299"),
        ("联想", "开天M90n", "联想开天M90n国产台式计算机", "兆芯KX-U6780A/16G/512G SSD/统信UOS", "台", "6800"),
        ("华为", "擎云B730", "华为擎云B730台式计算机", "i5-12400/16G/512G SSD/23.8英寸显示器", "台", "5999"),
        ("戴尔", "OptiPlex 7010", "戴尔OptiPlex 7010商用台式计算机", "i5-13500/16G/512G SSD", "台", "5499"),
        ("惠普", "ProDesk 400 G9", "惠普ProDesk 400 G9台式计算机", "i5-12500/8G/512G SSD", "台", "4999"),
    ],
    "A020102": [
        ("联想", "ThinkPad E14", "联想ThinkPad E14便携式计算机", "i5-1340P/16G/512G SSD/14英寸", "台", "5699"),
        ("华为", "MateBook D 14", "华为MateBook D 14笔记本电脑", "i5-12450H/16G/512G SSD/14英寸", "台", "4699"),
        ("戴尔", "Latitude 3440", "戴尔Latitude 3440笔记本电脑", "i5-1335U/16G/512G SSD/14英寸", "台", "5399"),
        ("惠普", "战66 六代", "惠普战66六代笔记本电脑", "i5-1340P/16G/1T SSD/14英寸", "台", "4999"),
    ],
    "A020103": [
        ("华为", "MatePad 11", "华为MatePad 11平板电脑", "8G/128G/11英寸", "台", "2499"),
        ("联想", "小新Pad Pro", "联想小新Pad Pro平板电脑", "8G/128G/12.7英寸", "台", "1999"),
    ],
    "A020104": [
        ("浪潮", "NF5280M6", "浪潮NF5280M6机架式服务器", "2×银牌4310/64G/2×960G SSD", "台", "38000"),
        ("华为", "2288H V6", "华为FusionServer 2288H V6服务器", "2×银牌4314/64G/2×960G SSD", "台", "42000"),
        ("联想", "SR650", "联想ThinkSystem SR650服务器", "2×银牌4210R/64G/2×1.2T SAS", "台", "36500"),
    ],
    "A020105": [
        ("戴尔", "P2422H", "戴尔P2422H 23.8英寸显示器", "IPS/1920×1080/可升降", "台", "1299"),
        ("飞利浦", "243V7Q", "飞利浦243V7Q 23.8英寸显示器", "IPS/1920×1080", "台", "799"),
        ("AOC", "24B2XH", "AOC 24B2XH 23.8英寸显示器", "IPS/1920×1080", "台", "699"),
    ],
    "A020201": [
        ("惠普", "M404dn", "惠普LaserJet Pro M404dn黑白激光打印机", "A4/38页每分钟/自动双面/网络", "台", "2399"),
        ("惠普", "M454dw", "惠普Color LaserJet Pro M454dw彩色激光打印机", "A4/27页每分钟/双面/无线", "台", "3999"),
        ("佳能", "LBP2900+", "佳能LBP2900+黑白激光打印机", "A4/14页每分钟", "台", "1199"),
        ("佳能", "LBP623Cdw", "佳能LBP623Cdw彩色激光打印机", "A4/21页每分钟/双面/无线", "台", "2899"),
        ("兄弟", "HL-L2350DW", "兄弟HL-L2350DW黑白激光打印机", "A4/30页每分钟/双面/无线", "台", "1099"),
        ("兄弟", "HL-L3230CDN", "兄弟HL-L3230CDN彩色激光打印机", "A4/18页每分钟/双面/网络", "台", "2599"),
        ("得力", "P2500DNW", "得力P2500DNW黑白激光打印机", "A4/25页每分钟/双面/无线", "台", "1299"),
        ("爱普生", "L3258", "爱普生L3258彩色喷墨打印机", "A4/墨仓式/打印复印扫描", "台", "1099"),
    ],
    "A020202": [
        ("理光", "IM C3000", "理光IM C3000彩色数码复合机", "A3/30页每分钟/双面输稿器", "台", "29800"),
        ("柯尼卡美能达", "bizhub C300i", "柯尼卡美能达bizhub C300i彩色复印机", "A3/30页每分钟", "台", "32500"),
        ("佳能", "iR-ADV DX C3826", "佳能iR-ADV DX C3826彩色复印机", "A3/26页每分钟", "台", "28900"),
        ("夏普", "BP-M3158R", "夏普BP-M3158R黑白数码复合机", "A3/31页每分钟", "台", "16800"),
    ],
    "A020203": [
        ("富士通", "fi-7160", "富士通fi-7160高速文档扫描仪", "A4/60页每分钟/双面", "台", "6980"),
        ("爱普生", "DS-1660W", "爱普生DS-1660W平板扫描仪", "A4/25页每分钟/无线", "台", "2899"),
        ("佳能", "DR-C240", "佳能DR-C240馈纸式扫描仪", "A4/45页每分钟/双面", "台", "3599"),
    ],
    "A020204": [
        ("爱普生", "CB-X06", "爱普生CB-X06商务投影仪", "3600流明/1024×768", "台", "3299"),
        ("明基", "MX560", "明基MX560投影仪", "4000流明/1024×768", "台", "2799"),
        ("索尼", "VPL-EX455", "索尼VPL-EX455投影仪", "3600流明/1024×768", "台", "6999"),
    ],
    "A020205": [
        ("得力", "9935", "得力9935碎纸机", "5级保密/单次8张/20升", "台", "699"),
        ("科密", "C-638", "科密C-638大功率碎纸机", "4级保密/单次12张/30升", "台", "1280"),
    ],
    "A020301": [
        ("格力", "KFR-35GW", "格力1.5匹一级能效壁挂式空调", "KFR-35GW/变频/冷暖", "台", "3199"),
        ("美的", "KFR-72LW", "美的3匹立柜式空调", "KFR-72LW/变频/冷暖", "台", "6499"),
        ("海尔", "KFR-50LW", "海尔2匹立柜式空调", "KFR-50LW/变频/冷暖", "台", "4599"),
    ],
    "A020302": [
        ("海尔", "BCD-216STPT", "海尔216升三门电冰箱", "BCD-216STPT", "台", "1699"),
        ("美的", "BCD-480WKPZM", "美的480升对开门电冰箱", "BCD-480WKPZM/风冷无霜", "台", "3299"),
    ],
    "A020303": [
        ("海信", "65E3H", "海信65英寸4K液晶电视机", "65E3H/4K/远场语音", "台", "3699"),
        ("小米", "L55M7-EA", "小米55英寸4K液晶电视机", "L55M7-EA/4K", "台", "1999"),
        ("TCL", "75V8E", "TCL 75英寸4K液晶电视机", "75V8E/4K/120Hz", "台", "4999"),
    ],
    "A020304": [
        ("美的", "YR1518S-X", "美的立式饮水机", "YR1518S-X/冷热型", "台", "599"),
        ("安吉尔", "Y1351LKD-C", "安吉尔立式温热饮水机", "Y1351LKD-C", "台", "899"),
    ],
    "A020401": [
        ("震旦", "AD-1600", "震旦1.6米办公桌", "1600×800×750mm/含活动柜", "张", "1280"),
        ("圣奥", "SA-ZT1400", "圣奥1.4米职员办公桌", "1400×700×750mm", "张", "980"),
    ],
    "A020402": [
        ("震旦", "CHE-201", "震旦CHE-201人体工学办公椅", "网布/可调扶手/头枕", "把", "780"),
        ("圣奥", "SA-Y001", "圣奥SA-Y001职员办公椅", "网布/固定扶手", "把", "420"),
        ("永艺", "XY-168", "永艺XY-168办公椅", "网布/可调扶手", "把", "560"),
    ],
    "A020403": [
        ("欧奇", "OQ-GT01", "欧奇钢制文件柜", "1850×900×390mm/上玻下铁", "组", "860"),
        ("震旦", "AD-FC18", "震旦钢制文件柜", "1800×900×400mm/双开门", "组", "1150"),
    ],
    "A020404": [
        ("圣奥", "SA-HY3600", "圣奥3.6米会议桌", "3600×1400×750mm/板式", "张", "4800"),
    ],
    "A020501": [
        (brand, f"A4 {gram}g", f"{brand}A4复印纸 {gram}g", f"A4/{gram}g/500张每包/5包每箱", "箱", price)
        for brand, grams in (("得力", (("70", "129"), ("80", "155"))), ("齐心", (("70", "125"), ("80", "150"))),
                             ("晨光", (("70", "119"), ("80", "145"))), ("百旺", (("70", "135"), ("80", "162"))))
        for gram, price in grams
    ] + [
        ("得力", "A3 70g", "得力A3复印纸 70g", "A3/70g/500张每包/5包每箱", "箱", "259"),
        ("齐心", "A3 80g", "齐心A3复印纸 80g", "A3/80g/500张每包/5包每箱", "箱", "299"),
    ],
    "A020502": [
        ("惠普", "CF276A", "惠普CF276A原装黑色硒鼓", "适用M404dn/约3000页", "支", "699"),
        ("佳能", "CRG-912", "佳能CRG-912原装硒鼓", "适用LBP2900+/约1500页", "支", "499"),
        ("兄弟", "TN-2425", "兄弟TN-2425原装粉盒", "适用HL-L2350DW/约3000页", "支", "389"),
        ("得力", "DBH-CF276A", "得力DBH-CF276A兼容硒鼓", "适用M404dn/约3000页", "支", "159"),
    ],
    "A020503": [
        ("爱普生", "T664", "爱普生T664原装墨水", "适用L系列/70毫升", "瓶", "49"),
        ("惠普", "803", "惠普803原装黑色墨盒", "约190页", "个", "109"),
        ("佳能", "PG-845", "佳能PG-845原装黑色墨盒", "约180页", "个", "119"),
    ],
    "A020504": [
        ("晨光", "K35", "晨光K35按动中性笔", "0.5毫米/黑色/12支每盒", "盒", "18"),
        ("得力", "0012", "得力0012订书机", "12号钉/可订20页", "个", "15"),
        ("齐心", "A1252", "齐心A4双强力夹文件夹", "A4/塑料", "个", "8"),
        ("得力", "1548", "得力1548计算器", "12位/太阳能双电源", "个", "32"),
    ],
}
CENT = Decimal("0.01")


def _fraction(*keys):
    """A stable number in [0, 1) from the keys (the same demo data on every run)."""
    digest = hashlib.sha256("|".join(map(str, keys)).encode()).hexdigest()
    return int(digest[:8], 16) / 0x100000000


def _offers(codes):
    """The leaf categories under the codes a supplier sells in."""
    leaves = []
    for code in CATALOGUE:
        if any(code.startswith(c) for c in codes):
            leaves.append(code)
    return leaves


def seed_mall(seeder):
    if install_categories():
        seeder.created["mall categories"] += 1
    start = local_time(seeder.today - timedelta(days=90), 9)
    for number, codes in SUPPLIERS.items():
        user = seeder.users.get(f"bidder{number:02d}")
        if user is None:
            continue
        org = user.organization
        supplier = suppliers.supplier_of(org)
        if supplier is None:
            with clock.frozen_at(start):
                supplier = suppliers.apply(user, codes)
            with clock.frozen_at(start + timedelta(days=1)):
                suppliers.approve(seeder.admin, supplier.id)
            seeder.created["mall suppliers"] += 1
        if supplier.status != "approved":
            continue
        if db.session.scalar(select(func.count()).select_from(Product).where(Product.supplier_id == org.id)):
            continue
        _list_products(seeder, user, number, codes, start + timedelta(days=2))
    for number, codes in PENDING.items():
        user = seeder.users.get(f"bidder{number:02d}")
        if user is not None and suppliers.supplier_of(user.organization) is None:
            with clock.frozen_at(local_time(seeder.today - timedelta(days=1), 10)):
                suppliers.apply(user, codes)
            seeder.created["mall supplier applications"] += 1


def _list_products(seeder, user, number, codes, when):
    outlier_done = False
    for index, code in enumerate(_offers(codes)):
        for brand, model, name, spec, unit, reference in CATALOGUE[code]:
            reference = Decimal(reference)
            # 85-99% of the reference price, different at each supplier
            price = (reference * Decimal(str(0.85 + 0.14 * _fraction(number, model)))).quantize(CENT, ROUND_HALF_UP)
            data = {"name": name, "category": code, "brand": brand, "model": model, "spec": spec, "unit": unit,
                    "price": str(price), "reference_price": str(reference),
                    "reference_source": "厂商官网指导价" if _fraction(model) < 0.6 else "京东自营最低价",
                    "stock": 20 + int(480 * _fraction("stock", number, model))}
            with clock.frozen_at(when + timedelta(hours=index)):
                product = ops.create_product(user, ProductIn().load(data))
            seeder.created["mall products"] += 1
            roll = _fraction("change", number, model)
            if roll < 0.12:  # a price cut a month later
                with clock.frozen_at(when + timedelta(days=30, hours=index)):
                    ops.update_product(user, product.id, {"price": (price * Decimal("0.95")).quantize(CENT)})
            elif roll < 0.18:  # the maker lowered its reference price, and the supplier followed
                new_reference = (reference * Decimal("0.92")).quantize(CENT)
                with clock.frozen_at(when + timedelta(days=45, hours=index)):
                    ops.update_product(user, product.id, {"price": min(price, new_reference),
                                                          "reference_price": new_reference})
            if number == 14 and code == "A020201" and not outlier_done:
                # a reference taken from elsewhere and a price far above the same model at the other suppliers:
                # raises mall_price_above_reference
                outlier_done = True
                with clock.frozen_at(when + timedelta(days=60)):
                    ops.update_product(user, product.id, {"reference_price": (reference * Decimal("1.5")).quantize(CENT),
                                                          "price": (reference * Decimal("1.45")).quantize(CENT)})
