"""The notifications of mall orders and competitions: each step tells the other party.

Nothing sealed is notified: quoting sends nothing; the close tells the purchasing unit the
outcome and the winner that it won, after the quotes are opened.
"""
from core.errors import N_
from core.notifications import page_link, register_kind

register_kind("order.placed", N_("New order %(code)s"),
              N_("%(purchaser)s placed order %(code)s for %(total)s: please confirm it."))
register_kind("order.confirmed", N_("Order %(code)s confirmed"),
              N_("%(supplier)s confirmed order %(code)s."))
register_kind("order.shipped", N_("Order %(code)s shipped"),
              N_("%(supplier)s shipped order %(code)s: please check the delivery and accept it."))
register_kind("order.accepted", N_("Order %(code)s accepted"),
              N_("%(purchaser)s accepted the delivery of order %(code)s."))
register_kind("order.paid", N_("Order %(code)s paid"),
              N_("%(purchaser)s paid %(amount)s for order %(code)s (invoice %(invoice)s)."))
register_kind("order.archived", N_("Order %(code)s archived"),
              N_("Order %(code)s is complete and archived."))
register_kind("order.cancelled", N_("Order %(code)s cancelled"),
              N_("Order %(code)s was cancelled by %(by)s: %(reason)s"))
register_kind("competition.awarded", N_("Competition %(code)s closed"),
              N_("Competition %(code)s “%(title)s” closed: order %(order)s was placed with the lowest valid quote."))
register_kind("competition.won", N_("You won competition %(code)s"),
              N_("Your quote won competition %(code)s “%(title)s”: order %(order)s awaits your confirmation."))
register_kind("competition.failed", N_("Competition %(code)s failed"),
              N_("Competition %(code)s “%(title)s” closed with too few valid quotes: it failed and its "
                 "reservation was released."))


def order_link(order):
    return page_link("mall_orders.order", order_id=order.id)


def competition_link(competition):
    return page_link("mall_orders.competition", competition_id=competition.id)
