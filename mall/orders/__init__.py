"""Direct orders (直购) from the cart under the single-order limit and the split-order rule, through
confirmation, shipping, acceptance (验收), payment and archiving."""
from flask_babel import lazy_gettext as _

# Labels of the codes of budgets, orders and competitions: statuses, channels, reasons, field names.
LABELS = {
    "placed": _("Placed"), "confirmed": _("Confirmed"), "shipped": _("Shipped"), "accepted": _("Accepted"),
    "paid": _("Paid"), "archived": _("Archived"), "cancelled": _("Cancelled"), "open": _("Open for quotes"),
    "awarded": _("Awarded"), "failed": _("Failed"), "order": _("order"), "competition": _("competition"),
    "direct": _("Direct purchase"), "over_cap": _("Above the price cap"),
    "receipt_mismatch": _("Receipt does not match"), "supplier_may_not_sell": _("Supplier may not sell"),
    "insufficient_valid_quotes": _("Too few valid quotes"),
    "budget_id": _("Budget line"), "items": _("Items"), "amount": _("Amount"), "year": _("Year"),
    "code": _("Code"), "quantity": _("Quantity"), "spec": _("Specification"), "budget_amount": _("Budget amount"),
    "closes_at": _("Closes at"), "unit_price": _("Unit price"), "product_id": _("Product"),
    "acceptance_date": _("Acceptance date"), "payment_date": _("Payment date"),
    "invoice_number": _("Invoice number"), "payment_reference": _("Payment reference"), "rating": _("Rating"),
    "category": _("Category"), "title": _("Title"),
}


def register(app, registry):
    from core import CONCURRENT_CHANGE, register_blueprints
    from core.plugins import decimal_setting, int_setting
    from mall.orders import api, views
    from mall.orders.models import Order
    from mall.orders.operations import NOTIFICATION_KINDS, has_orders_to_confirm
    from mall.orders.seed import seed_orders
    from mall.orders.tasks import (
        ACCEPTANCE_NOTE,
        ORDER_FILE,
        render_acceptance_note,
        render_order_file,
        store_order_file,
    )

    # Order codes come from a sequence; one order per closed competition.
    registry.add_unique_constraint("uq_mall_order_code", "conflict", CONCURRENT_CHANGE)
    registry.add_unique_constraint("uq_mall_order_competition_id", "conflict", CONCURRENT_CHANGE)
    # The single-order limit of a direct order, and the window of the split-order rule.
    registry.add_settings(app, MALL_DIRECT_LIMIT=decimal_setting("100000"), MALL_SPLIT_WINDOW_DAYS=int_setting(30))
    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_object_page("mall_order", "mall_orders.order", "order_id")
    registry.add_notification_kinds(NOTIFICATION_KINDS)
    registry.add_unique_constraint("uq_mall_cart_item_user_product", "conflict", CONCURRENT_CHANGE)
    # A supplier with orders to confirm starts on its console, where they wait.
    registry.add_start_rule("bidder", has_orders_to_confirm, "mall_suppliers.supplier_console")
    registry.watch(Order, Order.WATCHED_FIELDS)
    registry.add_labels(LABELS | {ORDER_FILE: _("Order file"), ACCEPTANCE_NOTE: _("Acceptance note (验收单)")})
    registry.add_document(ORDER_FILE, render_order_file, "application/pdf")
    registry.add_document(ACCEPTANCE_NOTE, render_acceptance_note, "application/pdf")
    registry.on_event("order.archived", store_order_file)
    registry.add_nav("mall_orders.cart", _("Cart"), roles=("purchaser",), order=42, group="mall")
    registry.add_nav("mall_orders.order_list", _("Mall orders"), roles=("purchaser", "bidder", "admin", "supervisor"),
                     order=43, group="mall")
    registry.add_seed_step(seed_orders, order=75)
