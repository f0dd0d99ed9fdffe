"""Labels of the codes of budgets, orders and competitions: statuses, channels, reasons, field names."""
from flask_babel import lazy_gettext as _

ORDER_LABELS = {
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
