"""The browser tests' eyes: a page showing a machine word, English in a Chinese page, a table wider than a
phone or a table whose columns a phone squeezes to a character or two a line fails."""
import pytest

from tests.browser.looks import page_problems


def test_a_raw_event_code_a_python_value_and_a_utc_time_are_problems():
    text = "项目时间线 project.created 状态：[{'bid_id': 3, 'valid': True}] 2026-12-08T09:08:21.537901+00:00"
    problems = page_problems(text)
    assert "a machine code: 'project.created'" in problems
    assert "a Python value: \"{'\"" in problems
    assert "a Python value: 'True'" in problems
    assert "a UTC ISO time: '2026-12-08T09:08'" in problems


def test_file_names_and_the_names_a_portal_writes_in_latin_letters_are_not():
    assert page_problems("技术方案.pdf · 开放数据（OCDS） · API 文档 · OpenAPI JSON · 结果.xlsx") == []


def test_english_words_on_a_chinese_page_are_problems_but_not_on_an_english_one():
    assert page_problems("状态：draft") == ["English on a Chinese page: draft"]
    assert page_problems("Status: Draft", chinese=False) == []


def test_a_page_showing_a_raw_event_code_fails_in_the_browser(visit):
    page, looks = visit()
    page.goto("/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<p>order.placed</p>')")
    with pytest.raises(AssertionError, match="a machine code: 'order.placed'"):
        looks("home-with-a-code")


def test_a_page_wider_than_a_phone_fails(visit):
    page, looks = visit()
    page.goto("/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                  "'<table><tr><td class=\"text-nowrap\">' + '很长的表格内容'.repeat(40) + '</td></tr></table>')")
    with pytest.raises(AssertionError, match="390 px: .* px wider than the screen"):
        looks("home-too-wide")


def test_a_table_squeezed_on_a_phone_fails_and_the_platform_s_tables_are_not(visit):
    page, looks = visit()
    page.goto("/")
    row = "".join(f"<td>{text}</td>" for text in ["公开招标", "福建闽兴建设工程有限公司", "县人民医院", "¥1,000,000.00",
                                                   "2026-12-26 09:30", "已发布", "采购方式", "交易笔数"])
    page.evaluate(f"document.querySelector('main').insertAdjacentHTML('beforeend', '<table><tr>{row}</tr></table>')")
    with pytest.raises(AssertionError, match="390 px: table columns squeezed .*'公开招标'"):
        looks("home-squeezed-table")
    page.goto("/")
    page.evaluate(f"document.querySelector('main').insertAdjacentHTML('beforeend', "
                  f"'<table class=\"table\"><tr>{row}</tr></table>')")
    looks("home-table-scrolls-in-its-box")
