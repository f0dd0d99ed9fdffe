"""The scoring module's public notices: 中标候选人公示 after evaluation, 中标结果公告 at award
(typed notices of trading.notices), written in the platform's default language."""
from core.errors import N_
from core.money import format_money, format_money_display
from core.timeutil import isoformat, to_local
from trading.notices import notice_text, publish_notice

CANDIDATES_TITLE = N_("%(title)s: candidates notice")
CANDIDATES_BODY = N_("Project code: %(code)s\nPurchasing unit: %(purchaser)s\nWinning candidates, in rank order:\n"
                     "%(candidates)s\nPublicity until: %(until)s. Objections go to the trading center within this period.")
CANDIDATE_LINE = N_("%(rank)s. %(bidder)s, bid price %(price)s, total score %(total)s")
RESULT_TITLE = N_("%(title)s: result notice")
RESULT_BODY = N_("Project code: %(code)s\nPurchasing unit: %(purchaser)s\nWinning bidder: %(winner)s\n"
                 "Award amount: %(amount)s\nEvaluation panel: %(panel)s")
RESULT_REASON = N_("Not awarded to the first candidate because: %(reason)s")


def _candidates(result):
    return [row for row in result["ranking"] if row["bid_id"] in result["candidates"]]


def publish_candidates_notice(project, record):
    rows = _candidates(record.result)
    lines = "\n".join(notice_text(CANDIDATE_LINE, rank=row["rank"], bidder=row["bidder"],
                                  price=format_money_display(row["price"]), total=f"{row['total']:.2f}")
                      for row in rows)
    until = to_local(record.publicity_ends_at).strftime("%Y-%m-%d %H:%M")
    body = notice_text(CANDIDATES_BODY, code=project.code, purchaser=project.purchaser.name, candidates=lines,
                       until=until)
    return publish_notice(project, "candidates", notice_text(CANDIDATES_TITLE, title=project.title), body, {
        "code": project.code, "publicity_ends_at": isoformat(record.publicity_ends_at),
        "candidates": [{key: row[key] for key in ("rank", "bid_id", "bidder", "price", "total")} for row in rows],
    })


def publish_result_notice(project, record):
    award = record.result["award"]
    panel = [member["name"] for member in record.result["panel"]]
    body = notice_text(RESULT_BODY, code=project.code, purchaser=project.purchaser.name, winner=award["bidder"],
                       amount=format_money_display(award["amount"]), panel="、".join(panel))
    if award["reason"]:
        body += "\n" + notice_text(RESULT_REASON, reason=award["reason"])
    return publish_notice(project, "result", notice_text(RESULT_TITLE, title=project.title), body, {
        "code": project.code, "bid_id": award["bid_id"], "winner": award["bidder"],
        "amount": format_money(record.award_amount), "savings": format_money(record.savings),
        "savings_rate": float(record.savings_rate), "panel": panel,
    })
