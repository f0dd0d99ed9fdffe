"""The draw, panel, assignment and sheet as plain rows for the API schemas and the pages."""
from scoring.draw import names_visible, panel_is_complete, todo


def draw_row(draw):
    def row(member):
        return {"expert_id": member.expert_id, "name": member.expert.name}

    members = draw.members
    return {
        "round": draw.round, "seed": draw.seed, "seed_commitment": draw.seed_commitment,
        "eligible_ids": draw.eligible_ids,
        "panel": [row(m) for m in members if m.role == "member"],
        "reserves": [row(m) for m in members if m.role == "reserve"],
    }


def sheet_state(member):
    return member.sheet.status if member.sheet else "empty"


def panel_rows(actor, project, members, draws):
    """The panel as its viewer may see it: names and ids only where names are visible."""
    visible = names_visible(actor, project)
    rounds = {draw.id: draw.round for draw in draws}
    return {
        "project_id": project.id, "panel_size": project.evaluation.panel_size,
        "complete": panel_is_complete(project),
        "members": [{
            "id": m.id, "expert_id": m.expert_id if visible else None, "name": m.expert.name if visible else None,
            "label": m.label, "role": m.role, "status": m.status, "round": rounds[m.draw_id],
            "sheet": sheet_state(m),
        } for m in members],
        "draws": [{"round": d.round, "seed_commitment": d.seed_commitment, "seed": d.seed, "drawn_at": d.drawn_at}
                  for d in draws],
    }


def assignment_row(member, project):
    return {
        "project_id": project.id, "project_code": project.code, "title": project.title, "status": member.status,
        "sheet": sheet_state(member), "returned_reason": member.sheet.returned_reason if member.sheet else None,
        "todo": todo(member, project),
    }


def sheet_entries(sheet):
    """The sheet's values per bid code, as numbers."""
    return [{
        "code": code, "criteria": [None if v is None else float(v) for v in values],
        "comment": sheet.comments.get(code),
    } for code, values in sorted(sheet.scores.items())]
