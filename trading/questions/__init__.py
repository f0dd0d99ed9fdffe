"""Questions and answers (答疑): approved bidders ask before the bid deadline, the asker sealed."""


def register(app, registry):
    from core import register_blueprints
    from trading.questions import api, views
    from trading.questions import operations as questions

    register_blueprints(app, web=[views.web], api=[api.api])
    app.add_template_global(questions.visible_questions)
    app.add_template_global(questions.may_answer)
