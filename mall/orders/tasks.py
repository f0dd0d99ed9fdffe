"""The order's documents of record: the order file (order, acceptance, payment and its trail events), stored when
the order is archived, and the acceptance note (验收单), stored the first time it is asked for after the
acceptance."""
from core import documents
from core.extensions import db
from core.pdf import pdf_bytes
from mall.orders import operations as orders
from mall.orders.models import Order

ORDER_FILE = "order_file"
ACCEPTANCE_NOTE = "acceptance_note"


def document_name(kind, order):
    return {ORDER_FILE: f"订单档案-{order.code}.pdf", ACCEPTANCE_NOTE: f"验收单-{order.code}.pdf"}[kind]


def render_order_file(document, progress):
    order = db.session.get(Order, document.object_id)
    return pdf_bytes("mall/orders/order_file.html", order=order, events=orders.order_events(order))


def render_acceptance_note(document, progress):
    return pdf_bytes("mall/orders/acceptance.html", order=db.session.get(Order, document.object_id))


def store_order_file(order, event):
    documents.prepare(ORDER_FILE, order, document_name(ORDER_FILE, order))
