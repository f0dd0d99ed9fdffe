"""Builders of the mall tests: the category tree, approved suppliers and their products."""
import pytest

from core.auth import SYSTEM
from core.extensions import db
from mall.catalogue import operations as ops
from mall.catalogue.operations.categories import install_categories
from mall.catalogue.schemas import ProductIn
from mall.suppliers import operations as suppliers


class Mall:
    def __init__(self, make):
        self.make = make

    def supplier(self, categories=("A0202", "A0205"), name=None):
        """A bidder whose organisation is an approved supplier of the categories."""
        user = self.make.bidder(name=name)
        supplier = suppliers.apply(user, list(categories))
        suppliers.approve(SYSTEM, supplier.id)
        db.session.commit()
        return user

    def product(self, user, **fields):
        data = {"name": "惠普LaserJet Pro M404dn黑白激光打印机", "category": "A020201", "brand": "惠普",
                "model": "M404dn", "unit": "台", "price": "2299.00", "reference_price": "2399.00", "stock": 10}
        data.update(fields)
        product = ops.create_product(user, ProductIn().load(data))
        db.session.commit()
        return product


@pytest.fixture
def mall(app, make):
    install_categories()
    db.session.commit()
    return Mall(make)
