"""The terms that identify a bidder and where they are found (hand-written expectations)."""
import io
from decimal import Decimal

import docx
import pytest

from trading.blind.operations.text import (
    document_pages,
    identifying_terms,
    matches,
    price_forms,
    short_name,
    violations,
)

NAME = "江城市政建设股份有限公司"
USCC = "91420100MA4K12345X"


@pytest.mark.parametrize(("name", "expected"), [
    ("江城市政建设股份有限公司", "江城市政建设"),
    ("明达照明工程有限责任公司", "明达照明工程"),
    ("华信科技有限公司", "华信科技"),
    ("县第一建筑工程公司", None),
    ("有限公司", None),
])
def test_the_short_name_drops_the_longest_legal_form_suffix(name, expected):
    assert short_name(name) == expected


@pytest.mark.parametrize(("price", "expected"), [
    ("960000", ["960000.00", "960,000.00", "960000", "960,000"]),
    ("960000.5", ["960000.50", "960,000.50"]),
    ("1234567.89", ["1234567.89", "1,234,567.89"]),
    ("1000", ["1000.00", "1,000.00", "1000", "1,000"]),
    ("950", ["950.00"]),  # 950 alone is too common a number in a technical text
])
def test_a_price_is_looked_for_with_and_without_separators(price, expected):
    assert price_forms(Decimal(price)) == expected


def test_the_terms_are_the_name_its_short_form_the_uscc_and_the_price():
    assert identifying_terms(NAME, USCC, Decimal("960000.00")) == [
        ("name", NAME), ("short_name", "江城市政建设"), ("uscc", USCC),
        ("price", "960000.00"), ("price", "960,000.00"), ("price", "960000"), ("price", "960,000")]


TERMS = identifying_terms(NAME, USCC, Decimal("960000.00"))


@pytest.mark.parametrize(("text", "expected"), [
    ("本方案由江城市政建设股份有限公司编制。", [("name", NAME)]),
    ("江城市政建设承诺按期完工。", [("short_name", "江城市政建设")]),
    ("江城市政\n建设 股份有限公司", [("name", NAME)]),  # a name broken over lines, as a PDF gives it
    ("统一社会信用代码 91420100ma4k12345x", [("uscc", USCC)]),
    ("ＵＳＣＣ：９１４２０１００ＭＡ４Ｋ１２３４５Ｘ", [("uscc", USCC)]),  # full-width
    ("总价 960,000.00 元", [("price", "960,000.00")]),
    ("总价960000元", [("price", "960000")]),
    ("报价 960000.00", [("price", "960000.00")]),
    ("另有1960000.00元的类似业绩", []),
    ("9600000 流明", []),
    ("960000.50 元", []),
    ("路灯 320 盏，工期 90 日历天。", []),
])
def test_matches_find_the_terms_standing_alone(text, expected):
    assert matches(TERMS, text) == expected


def _docx(body, header=None, table=None):
    document = docx.Document()
    document.add_paragraph(body)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if table:
        document.add_table(rows=1, cols=1).rows[0].cells[0].text = table
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_text_includes_tables_and_headers():
    content = _docx("施工组织设计", header=NAME, table="项目经理：张三")
    (page, text), = document_pages("技术方案.docx", content)
    assert page is None
    assert "施工组织设计" in text and NAME in text and "项目经理：张三" in text


def test_pdf_text_is_read_page_by_page():
    from weasyprint import HTML

    pdf = HTML(string=f"<p>第一页：施工方案</p><p style='break-before: page'>第二页：{NAME}</p>").write_pdf()
    pages = document_pages("技术方案.pdf", pdf)
    assert [number for number, _ in pages] == [1, 2]
    assert matches(TERMS, pages[0][1]) == []
    assert matches(TERMS, pages[1][1]) == [("name", NAME)]


def test_plain_text_in_gb18030_is_read_too():
    (_, text), = document_pages("说明.txt", f"{NAME}技术说明".encode("gb18030"))
    assert NAME in text


@pytest.mark.parametrize(("name", "content"), [
    ("扫描件.jpg", b"\xff\xd8\xff\xe0"), ("旧格式.doc", b"\xd0\xcf\x11\xe0"), ("坏的.pdf", b"%PDF-1.4 broken"),
    ("坏的.docx", b"PK\x03\x04 not a zip"),
])
def test_a_file_that_cannot_be_read_as_text_is_reported_never_raised(name, content):
    assert document_pages(name, content) is None


def test_violations_name_the_term_and_the_place():
    documents = [
        {"name": "技术方案.docx", "content": _docx("施工组织设计", header=NAME)},
        {"name": "图纸.txt", "content": "报价960,000.00元".encode()},
        {"name": "照片.jpg", "content": b"\xff\xd8"},
        {"name": "进度计划.txt", "content": "工期 90 日历天".encode()},
    ]
    found, unreadable = violations(TERMS, "我公司江城市政建设承诺……", documents)
    assert found == [
        {"kind": "short_name", "term": "江城市政建设", "place": "technical_proposal", "page": None},
        {"kind": "name", "term": NAME, "place": "技术方案.docx", "page": None},
        {"kind": "price", "term": "960,000.00", "place": "图纸.txt", "page": None},
    ]
    assert unreadable == ["照片.jpg"]
