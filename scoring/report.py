"""The evaluation report (评标报告): what the printable page, its PDF and the Excel download show."""
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from core.web import label
from scoring.draw import names_visible, serving_members
from scoring.presenters import sheet_entries


def report_context(actor, project, record):
    """The project, its panel (names where visible), every expert's sheet, the ranking and the draw."""
    visible = names_visible(actor, project)
    members = sorted((m for m in serving_members(project) if m.label), key=lambda m: int(m.label[1:]))
    panel = [{"label": m.label, "name": m.expert.name if visible else None,
              "sheet": sheet_entries(m.sheet)} for m in members]
    return {"project": project, "record": record, "result": record.result, "panel": panel,
            "criteria": project.evaluation.technical_criteria, "names_visible": visible}


def report_workbook(context):
    """The full result as an Excel workbook: ranking, every expert's sheet, warnings, the draw."""
    result, project = context["result"], context["project"]
    book = Workbook()
    ranking = book.active
    ranking.title = "ranking"
    bold = Font(bold=True)
    ranking.append([project.code, project.title])
    ranking.append(["rank", "code", "bidder", "price", "credit score at opening", "credit", "technical",
                    "commercial", "total", *[e["expert"] for e in (result["ranking"][0]["experts"] if result["ranking"] else [])]])
    for cell in ranking[2]:
        cell.font = bold
    for row in result["ranking"]:
        ranking.append([row["rank"], row["code"], row["bidder"], row["price"], row["credit_score"], row["credit"],
                        row["technical"], row["commercial"], row["total"], *[e["technical_raw"] for e in row["experts"]]])
    for row in result["invalid"]:
        ranking.append(["—", "", row["bidder"], row["price"], "", "", "", "", label(row["reason"])])
    scores = book.create_sheet("sheets")
    scores.append(["expert", "name", "bid", *[c.name for c in context["criteria"]], "comment"])
    for member in context["panel"]:
        for entry in member["sheet"]:
            scores.append([member["label"], member["name"] or "", entry["code"], *entry["criteria"], entry["comment"] or ""])
    warnings = book.create_sheet("warnings")
    warnings.append(["code", "expert", "bid", "deviation"])
    for warning in result["warnings"]:
        warnings.append([warning["code"], warning["expert"], warning["bid_code"], warning["deviation"]])
    draws = book.create_sheet("draw")
    draws.append(["round", "seed_commitment", "seed"])
    for item in result["draws"]:
        draws.append([item["round"], item["seed_commitment"], item["seed"]])
    if result.get("award"):
        award = result["award"]
        ranking.append([])
        ranking.append(["award", award["bidder"], award["amount"], "savings", award["savings"], "rate", award["savings_rate"]])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
