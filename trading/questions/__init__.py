"""Questions and answers (答疑): approved bidders ask before the bid deadline, the asker sealed."""


def register(app, registry):
    from sqlalchemy import false, select

    from core import register_blueprints
    from trading.questions import api, views
    from trading.questions import operations as questions
    from trading.questions.models import Question
    from trading.questions.operations import NOTIFICATION_KINDS

    register_blueprints(app, web=[views.web], api=[api.api])
    registry.add_notification_kinds(NOTIFICATION_KINDS)
    # A question's asker is known to the center only (domain.md), after the opening too: its events stay sealed.
    registry.add_sealed_scope("question", lambda: select(Question.id).where(false()))
    app.add_template_global(questions.visible_questions)
    app.add_template_global(questions.may_answer)
