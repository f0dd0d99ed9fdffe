"""Builders for the evaluation tests: an opened project with its panel drawn and accepted."""
from dataclasses import dataclass

import pytest

from core.extensions import db
from scoring.draw import operations as draw
from scoring.sheets import operations as sheets


@dataclass
class Panel:
    project: object
    admin: object
    experts: list  # users, in draw order (E1, E2, … once evaluated)

    @property
    def codes(self):
        return sorted(sheets.evaluation_record(self.project).bid_codes)

    def submit(self, expert, values=(30, 50), submit=True):
        """The expert scores every bid with the same criterion values."""
        entries = [{"code": code, "criteria": list(values), "comment": "可行"} for code in self.codes]
        sheet = sheets.save_scores(expert, self.project.id, entries, submit)
        db.session.commit()
        return sheet

    def submit_all(self):
        for expert in self.experts:
            self.submit(expert)


@pytest.fixture
def panel(make):
    """An opened project (3 valid bids, panel of 5) with 5 drawn experts who all accepted."""
    admin = make.admin()
    project = make.project(status="opened", admin=admin, bids=["900000", "850000", "800000"])
    users = {u.expert.id: u for u in make.experts(5)}
    made = draw.draw_panel(admin, project.id, "panel-seed-1")
    experts = [users[m.expert_id] for m in made.members]
    for expert in experts:
        draw.respond(expert, project.id, accept=True)
    db.session.commit()
    return Panel(project, admin, experts)
