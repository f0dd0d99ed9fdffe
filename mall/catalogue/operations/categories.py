"""The category tree of the mall: government-purchase categories with codes (after the national
procurement catalogue, 政府采购品目分类目录), installed idempotently."""
from sqlalchemy import select
from sqlalchemy.orm import aliased

from core.errors import ValidationFailed, message
from core.extensions import db
from mall.catalogue.models import Category

# (code, Chinese name, English name, children)
CATEGORY_TREE = [
    ("A0201", "计算机设备", "Computers", [
        ("A020101", "台式计算机", "Desktop computers"),
        ("A020102", "便携式计算机", "Laptop computers"),
        ("A020103", "平板式计算机", "Tablet computers"),
        ("A020104", "服务器", "Servers"),
        ("A020105", "显示器", "Monitors"),
    ]),
    ("A0202", "办公设备", "Office equipment", [
        ("A020201", "打印机", "Printers"),
        ("A020202", "复印机", "Copiers"),
        ("A020203", "扫描仪", "Scanners"),
        ("A020204", "投影仪", "Projectors"),
        ("A020205", "碎纸机", "Paper shredders"),
    ]),
    ("A0203", "电器设备", "Electrical appliances", [
        ("A020301", "空调机", "Air conditioners"),
        ("A020302", "电冰箱", "Refrigerators"),
        ("A020303", "电视机", "Televisions"),
        ("A020304", "饮水机", "Water dispensers"),
    ]),
    ("A0204", "办公家具", "Office furniture", [
        ("A020401", "办公桌", "Desks"),
        ("A020402", "办公椅", "Office chairs"),
        ("A020403", "文件柜", "Filing cabinets"),
        ("A020404", "会议桌", "Conference tables"),
    ]),
    ("A0205", "办公耗材", "Office consumables", [
        ("A020501", "复印纸", "Copy paper"),
        ("A020502", "硒鼓", "Toner cartridges"),
        ("A020503", "墨盒", "Ink cartridges"),
        ("A020504", "文具", "Stationery"),
    ]),
]


def install_categories():
    """Create the categories that are missing; return how many were added."""
    existing = set(db.session.scalars(select(Category.code)))
    added = 0
    for position, (code, name, name_en, children) in enumerate(CATEGORY_TREE, start=1):
        if code not in existing:
            db.session.add(Category(code=code, name=name, name_en=name_en, parent_code=None, position=position))
            added += 1
        for child_position, (child_code, child_name, child_en) in enumerate(children, start=1):
            if child_code not in existing:
                db.session.add(Category(code=child_code, name=child_name, name_en=child_en, parent_code=code,
                                        position=child_position))
                added += 1
    db.session.flush()
    return added


def all_categories():
    return list(db.session.scalars(select(Category).order_by(Category.position, Category.code)))


def category_tree():
    """[{code, name, name_en, children: [...]}] from the roots down, in position order."""
    categories = all_categories()
    nodes = {c.code: {"code": c.code, "name": c.name, "name_en": c.name_en, "children": []} for c in categories}
    roots = []
    for c in categories:
        (nodes[c.parent_code]["children"] if c.parent_code in nodes else roots).append(nodes[c.code])
    return roots


def get_category(code, field="category"):
    category = db.session.get(Category, code) if code else None
    if category is None:
        raise ValidationFailed({field: [message("unknown category %(code)s", code=code)]})
    return category


def with_descendants(code):
    """The code and every code below it in the tree."""
    parents = dict(db.session.execute(select(Category.code, Category.parent_code)).all())
    found = {code}
    changed = True
    while changed:
        changed = False
        for child, parent in parents.items():
            if parent in found and child not in found:
                found.add(child)
                changed = True
    return sorted(found)


def ancestors_cte(code):
    """A recursive CTE of the code and every code above it (a supplier approved for a parent sells in
    its children), read by the database in the statement that uses it (UNION: a cycle ends)."""
    chain = select(Category.code, Category.parent_code).where(Category.code == code).cte("ancestors", recursive=True)
    parent = aliased(Category)
    return chain.union(select(parent.code, parent.parent_code).where(parent.code == chain.c.parent_code))


def category_name(category):
    """The category's name in the page's language."""
    from flask_babel import get_locale

    locale = get_locale()
    return category.name_en if locale is not None and locale.language == "en" else category.name


def category_label(code, with_code=False):
    """A category code as people read it, its name in the page's language: "硒鼓" (the code when unknown);
    `with_code` adds the code, for messages that a purchaser may quote to the center: "硒鼓 (A020502)"."""
    category = db.session.get(Category, code) if code else None
    if category is None:
        return code or ""
    return f"{category_name(category)} ({code})" if with_code else category_name(category)
