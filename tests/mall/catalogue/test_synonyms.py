"""Search that finds what people mean: the synonym groups (打印纸 finds 复印纸, 椅子 finds 办公椅, 电脑 finds
台式计算机), category names as search words, and the center's list, which the search uses once saved."""
import pytest

from mall.catalogue.operations.search import group_token, index_text, merged, parse_groups, query
from tests.conftest import error_of

pytestmark = pytest.mark.usefixtures("fast_passwords")

ITEMS = [
    # name, category, brand, model
    ("得力A4复印纸 70g", "A020501", "得力", "A4 70g"),
    ("震旦CHE-201人体工学办公椅", "A020402", "震旦", "CHE-201"),
    ("联想启天M450台式计算机", "A020101", "联想", "启天M450"),
    ("戴尔P2422H 23.8英寸", "A020105", "戴尔", "P2422H"),   # a monitor, found by its category's name
    ("惠普M404dn黑白激光打印机", "A020201", "惠普", "M404dn"),
    ("惠普CF276A原装黑色硒鼓", "A020502", "惠普", "CF276A"),
]


@pytest.fixture
def catalogue(mall):
    seller = mall.supplier("A0201", "A0202", "A0204", "A0205")
    for name, category, brand, model in ITEMS:
        mall.product(seller, name=name, category=category, brand=brand, model=model, price="100.00",
                     reference_price="120.00")
    return seller


def _names(api, q):
    response = api.get("/api/v1/mall/products", query_string={"q": q})
    assert response.status_code == 200, response.json
    return sorted(item["name"] for item in response.json["items"])


@pytest.mark.parametrize("q, expected", [
    ("打印纸", ["得力A4复印纸 70g"]),                  # 打印纸 → 复印纸
    ("复印纸", ["得力A4复印纸 70g"]),
    ("椅子", ["震旦CHE-201人体工学办公椅"]),           # 椅子 → 办公椅
    ("座椅", ["震旦CHE-201人体工学办公椅"]),
    ("电脑", ["联想启天M450台式计算机"]),              # 电脑 → 计算机, 台式机 …
    ("台式机", ["联想启天M450台式计算机"]),
    ("电脑椅", ["震旦CHE-201人体工学办公椅"]),         # the longest word first: a chair, not a computer
    ("显示器", ["戴尔P2422H 23.8英寸"]),               # the category's name
    ("惠普 粉盒", ["惠普CF276A原装黑色硒鼓"]),         # a synonym and a plain word, both required
    ("联想 打印纸", []),
])
def test_the_search_finds_what_people_mean(api, catalogue, q, expected):
    assert _names(api, q) == expected


def test_a_query_and_a_product_share_their_group_s_token():
    groups = parse_groups("# 注释\n打印纸 复印纸 A4纸\n电脑，计算机、台式机\n\n")
    assert groups == [["打印纸", "复印纸", "A4纸"], ["电脑", "计算机", "台式机"]]
    paper, computer = group_token(groups[0]), group_token(groups[1])
    assert group_token(["a4纸", "复印纸", "打印纸"]) == paper != computer  # the words, in any order or case
    # 打印纸 found in the query is searched as its group's token; what is left, a4, as a word.
    assert query("a4打印纸", groups) == [paper, "a4"]
    assert query("惠普电脑", groups) == [computer, "惠普"]
    assert query("打印机", groups) == ["打印机"]
    tokens = index_text("得力A4复印纸 70g", "复印纸", groups=groups).split()
    assert tokens.count(paper) == 3 and computer not in tokens  # the name twice, then the category
    # Groups sharing a word are one: 碳粉 finds what 粉盒 names.
    assert merged([["硒鼓", "粉盒"], ["电脑", "计算机"], ["碳粉", "硒鼓"]]) == [
        ["电脑", "计算机"], ["硒鼓", "粉盒", "碳粉"]]


def test_the_center_keeps_the_synonym_list(api, make, catalogue, login):
    admin = make.admin()
    assert _names(api, "碳粉") == []
    current = api.get("/api/v1/mall/synonyms").json
    assert ["打印纸", "复印纸", "打印用纸", "复印用纸"] in current["groups"] and current["updated_at"] is None
    bad = api.put("/api/v1/mall/synonyms", admin, json={"text": current["text"] + "碳粉\n"})
    assert error_of(bad) == (422, "validation_failed") and "碳粉" in bad.json["error"]["fields"]["text"][0]
    assert api.put("/api/v1/mall/synonyms", make.bidder(), json={"text": "碳粉 硒鼓\n"}).status_code == 403
    saved = api.put("/api/v1/mall/synonyms", admin, json={"text": current["text"] + "碳粉 硒鼓\n"})
    assert saved.status_code == 200 and saved.json["updated_at"]
    assert _names(api, "碳粉") == ["惠普CF276A原装黑色硒鼓"]
    # The page: the list in its form, a refusal shown on it, and the center's dashboard links to it.
    client = login(admin)
    page = client.get("/admin/mall/synonyms").get_data(as_text=True)
    assert "碳粉 硒鼓" in page and "搜索同义词" in page
    refused = client.post("/admin/mall/synonyms", data={"text": "只有一个词"})
    assert refused.status_code == 422 and "至少两个词" in refused.get_data(as_text=True)
    assert client.post("/admin/mall/synonyms", data={"text": "碳粉 墨粉 硒鼓"}).status_code == 302
    assert _names(api, "墨粉") == ["惠普CF276A原装黑色硒鼓"] and _names(api, "打印纸") == []
    assert "/admin/mall/synonyms" in client.get("/admin").get_data(as_text=True)
