"""The main navigation: a few links and menus that fit one row, each role's own; an account whose organisation
awaits approval is offered only what it can use."""
import pytest

from core.plugins import NavGroup, registry_of

pytestmark = pytest.mark.usefixtures("fast_passwords")


def shape(app, user):
    """[endpoint, or (menu key, [endpoints])] of a user's navigation."""
    return [(item.key, [e.endpoint for e in item.entries]) if isinstance(item, NavGroup) else item.endpoint
            for item in registry_of(app).nav_for(user).items]


def test_the_center_sees_five_links_and_four_menus(app, make):
    items = shape(app, make.admin())
    links = [item for item in items if isinstance(item, str)]
    menus = dict(item for item in items if isinstance(item, tuple))
    assert links == ["core.admin_dashboard", "trading.projects", "notices.notices", "trading_schedule.calendar",
                     "mall.catalogue"]
    assert list(menus) == ["trading", "mall", "supervision", "administration"]
    assert "audit_savings.report" in menus["supervision"] and "core.users" in menus["administration"]
    assert "core.account" not in str(items)  # the account menu is apart, by the user's name


def test_a_menu_of_one_entry_is_a_plain_link(app, make):
    items = shape(app, make.expert())
    assert "draw_web.assignments" in items and not any(isinstance(item, tuple) for item in items)


def test_a_bidder_awaiting_approval_sees_only_what_it_can_use(app, make):
    pending = make.user("bidder", make.org("bidder", status="pending"))
    approved = make.bidder()
    assert shape(app, pending) == ["trading.projects", "notices.notices", "trading_schedule.calendar", "mall.catalogue"]
    assert [e.endpoint for e in registry_of(app).nav_for(pending).account] == ["core.account"]
    assert ("trading", ["trading.my_bids", "trading_deposits.deposit_list", "contracts.contract_list",
                        "challenges.challenge_list", "challenges.complaint_list"]) in shape(app, approved)


def test_the_pages_show_the_menus_and_the_current_one_active(app, make, login):
    html = login(make.admin()).get("/audit/savings").get_data(as_text=True)
    assert '<details class="nav-menu">' in html and "监督管理" in html and "系统管理" in html
    assert 'class="dropdown-item active"' in html  # the savings report, inside its menu
