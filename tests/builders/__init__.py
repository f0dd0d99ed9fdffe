"""Test builders, one per module, that reach every state through the real operations and commit:
`make.project(status="awarded")`, `make.order(status="paid")`, `make.competition(status="failed")`."""
from tests.builders.core import CoreBuilder
from tests.builders.mall import MallBuilder
from tests.builders.scoring import Panel, ScoringBuilder
from tests.builders.trading import TradingBuilder


class Make(CoreBuilder, TradingBuilder, ScoringBuilder):
    """The `make` fixture: accounts and organisations, projects at every status, panels and evaluations;
    `make.mall` the mall's suppliers, products, budget lines, orders and competitions."""

    def __init__(self, app):
        super().__init__(app)
        self.mall = MallBuilder(self)

    def order(self, status="placed", **kwargs):
        return self.mall.order(status, **kwargs)

    def competition(self, status="open", **kwargs):
        return self.mall.competition(status, **kwargs)


__all__ = ["Make", "Panel"]
