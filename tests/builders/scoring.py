"""Builders of scoring: a drawn and accepted panel with its sheets, the evaluation and the award."""
from dataclasses import dataclass

from core import clock
from core.extensions import db


@dataclass
class Panel:
    project: object
    admin: object
    experts: list  # users, in draw order (E1, E2, … once evaluated)

    @property
    def codes(self):
        from scoring.sheets import operations as sheets

        return sorted(sheets.evaluation_record(self.project).bid_codes)

    def submit(self, expert, values=(30, 50), submit=True):
        """The expert scores every bid with the same criterion values."""
        from scoring.sheets import operations as sheets

        entries = [{"code": code, "criteria": list(values), "comment": "可行"} for code in self.codes]
        sheet = sheets.save_scores(expert, self.project.id, entries, submit)
        db.session.commit()
        return sheet

    def submit_all(self):
        for expert in self.experts:
            self.submit(expert)


class ScoringBuilder:
    def panel(self, project, admin, seed="panel-seed-1"):
        """The project's panel, drawn once new experts of its specialty are added, every member having accepted."""
        from scoring.draw import operations as draw

        self.experts(project.evaluation.panel_size, project.evaluation.expert_specialty)
        made = draw.draw_panel(admin, project.id, seed)
        # Drawn from the whole pool: experts made for earlier panels may sit on this one.
        experts = [member.expert.user for member in made.members if member.is_member]
        for expert in experts:
            draw.respond(expert, project.id, accept=True)
        db.session.commit()
        return Panel(project, admin, experts)

    def evaluate(self, project, admin):
        """Score the submitted sheets and publish the candidates."""
        from scoring.evaluation import operations as evaluation

        record = evaluation.evaluate(admin, project.id)
        db.session.commit()
        return record

    def award(self, project, admin, bid_id=None, reason=None):
        """Award at the end of the publicity (the clock restored), to the first candidate by default."""
        from scoring.evaluation import operations as evaluation
        from scoring.sheets.operations import evaluation_record

        with clock.frozen_at(evaluation_record(project).publicity_ends_at):
            record = evaluation.award(admin, project.id, bid_id, reason)
            db.session.commit()
        return record
