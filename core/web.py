"""Helpers shared by the HTML pages: template filters, form error handling."""
from flask_babel import gettext

from core.extensions import db
from core.money import format_money_display
from core.timeutil import to_local


def register_template_helpers(app):
    @app.template_filter("money")
    def money_filter(amount):
        return format_money_display(amount)

    @app.template_filter("dt")
    def datetime_filter(moment):
        return "" if moment is None else to_local(moment).strftime("%Y-%m-%d %H:%M")


def apply_domain_error(form, err):
    """Roll back the failed operation and show its problems on the form's fields."""
    db.session.rollback()
    unplaced = []
    for field_name, messages in (err.fields or {}).items():
        field = getattr(form, field_name.replace(".", "_"), None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + [gettext(m) for m in messages]
        else:
            unplaced.extend(f"{field_name}: {gettext(m)}" for m in messages)
    form.form_errors = list(getattr(form, "form_errors", [])) + [gettext(err.message)] + unplaced
