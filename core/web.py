"""Helpers shared by the HTML pages: template filters and labels, form handling, button
actions with flash messages, and the translation of domain messages (core.errors.Message)."""
import base64
from urllib.parse import urlencode

from flask import current_app, flash, has_app_context, redirect, render_template, request
from flask_babel import get_locale, gettext, refresh
from flask_sqlalchemy.pagination import SelectPagination
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.orm import lazyload
from wtforms import StringField

from core import clock
from core.errors import N_, Amount, Code, DomainError, Message
from core.extensions import db
from core.money import format_money_display
from core.plugins import registry_of
from core.refusals import keep_refusals
from core.schemas import MAX_PAGE, load_data
from core.timeutil import local_minute

PER_PAGE = 20


# Texts of werkzeug's HTTP errors and Flask-WTF's CSRF errors, which the error pages translate.
HTTP_DESCRIPTIONS = (
    N_("The browser (or proxy) sent a request that this server could not understand."),
    N_("You don't have the permission to access the requested resource. "
       "It is either read-protected or not readable by the server."),
    N_("The requested URL was not found on the server. "
       "If you entered the URL manually please check your spelling and try again."),
    N_("The method is not allowed for the requested URL."),
    N_("The data value transmitted exceeds the capacity limit."),
    N_("The server encountered an internal error and was unable to complete your request. "
       "Either the server is overloaded or there is an error in the application."),
    N_("The CSRF token is missing."), N_("The CSRF session token is missing."),
    N_("The CSRF token is invalid."), N_("The CSRF token has expired."), N_("The CSRF tokens do not match."),
)


def label(code):
    """The translated label of a code (modules register theirs), or the code itself."""
    if code is None:
        return ""
    labels = current_app.extensions["platform"].labels if has_app_context() else {}
    return str(labels[code]) if code in labels else str(code)


def format_value(value):
    """A message parameter as people read it: codes as labels, money as ¥1,234.00."""
    if isinstance(value, Code):
        return label(value)
    if isinstance(value, Amount):
        return format_money_display(value)
    if isinstance(value, (list, tuple)):
        separator = ", " if str(get_locale()) == "en" else "、"
        return separator.join(format_value(v) for v in value)
    return str(value)


def translate(message):
    """A domain message (template and parameters, or fixed text) in the page's language."""
    if isinstance(message, Message):
        return message.render(gettext, format_value)
    return gettext(str(message))


# -- Forms ------------------------------------------------------------------------------------


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PageForm(FlaskForm):
    """Base of the page forms: text inputs are stripped; problems of a group of fields
    (e.g. "evaluation.weights") are kept in group_errors for the names in error_groups."""

    error_groups = ()

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if unbound_field.field_class is StringField:
                options["filters"] = [_strip, *options.get("filters", ())]
            return super().bind_field(form, unbound_field, options)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_errors = {}

    def values(self, *names):
        """{name: data} for the named fields, blank text as None (the API's "not given")."""
        return {name: (self[name].data if self[name].data != "" else None) for name in names}

    @property
    def has_problems(self):
        return bool(self.errors or self.group_errors)


def _target(form, name):
    """The form field for an API field name ("evaluation.k" -> evaluation_k), trying shorter
    prefixes ("evaluation.technical_criteria.0.max" -> evaluation_technical_criteria);
    or the name of an error group; or None."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        key = "_".join(parts[:end])
        if key in form:
            return form[key]
        if key in getattr(form, "error_groups", ()):
            return key
    return None


def show_problems(form, problems):
    """Put {api_field: [messages]} on the form's fields; return the lines that fit no field."""
    unplaced = []
    for name, messages in (problems or {}).items():
        texts = [translate(m) for m in messages]
        target = _target(form, name)
        if isinstance(target, str):
            form.group_errors.setdefault(target, []).extend(texts)
        elif target is not None:
            target.errors = [*target.errors, *texts]
        else:
            unplaced.extend(f"{label(name)}: {text}" for text in texts)
    return unplaced


def apply_domain_error(form, err):
    """Roll back the failed operation and show its problems on the form's fields."""
    db.session.rollback()
    keep_refusals()
    unplaced = show_problems(form, err.fields)
    form.form_errors = [*form.form_errors, translate(err.message), *unplaced]


def handle_form(form, schema, operation):
    """On a valid POST, load form.payload() with the API's schema and return operation(data).

    Return None when nothing valid was posted or a rule refused it; the problems are then
    on the form: the form's own and the schema's together, so that a person sees every
    problem of what they typed at once (the operation's rules come once both pass)."""
    if not form.is_submitted():
        return None
    valid = form.validate()
    try:
        data = load_data(schema, form.payload())
    except DomainError as err:
        if valid:
            apply_domain_error(form, err)
        else:  # the schema's problems of the fields the form found nothing wrong with
            show_problems(form, {name: messages for name, messages in (err.fields or {}).items()
                                 if not getattr(_target(form, name), "errors", None)})
        return None
    except (TypeError, ValueError, AttributeError):
        if valid:
            raise
        return None  # a payload() that needs its fields valid first
    if not valid:
        return None
    try:
        return operation(data)
    except DomainError as err:
        apply_domain_error(form, err)
        return None


def upload_page(template, run_import, max_bytes, **context):
    """The upload page of a row-by-row import (core.imports): the form, then the report of the rows created
    and refused (`run_import(filename, content)`); templates extend _import.html."""
    from core.forms import ImportForm

    form = ImportForm()
    report = None
    if form.validate_on_submit():
        upload = form.file.data
        if not upload:
            form.file.errors = [gettext("Choose a file.")]
        else:
            try:
                report = run_import(upload.filename, upload.read(max_bytes + 1))
            except DomainError as err:
                apply_domain_error(form, err)
    return render_form(template, form, report=report, **context)


def render_form(template, form, **context):
    """Render a page with a form: 422 when the posted form has problems."""
    status = 422 if request.method == "POST" and form.has_problems else 200
    return render_template(template, form=form, **context), status


# -- Buttons, redirects, lists ----------------------------------------------------------------


def safe_next(url):
    """A local path to go back to, or None (never another site)."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url and url.isprintable():
        return url
    return None


def flash_domain_error(err):
    """Roll back the refused operation and flash its message with its field problems."""
    db.session.rollback()
    keep_refusals()
    problems = "; ".join(f"{label(name)}: {translate(m)}" for name, ms in err.fields.items() for m in ms)
    flash(translate(err.message) + (f" ({problems})" if problems else ""), "danger")


def file_size(size):
    """A file's size as people read it: 980 B, 12.5 KB, 2.0 MB."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def run_action(operation, success, fallback_url):
    """A button's POST: run the operation, flash the outcome (`success` is a message or a
    function of the result), then go back to the page the button was on."""
    try:
        result = operation()
    except DomainError as err:
        flash_domain_error(err)
    else:
        flash(success(result) if callable(success) else success, "success")
    return redirect(safe_next(request.form.get("next")) or fallback_url)


class _CappedPagination(SelectPagination):
    """A page of a select whose total is counted up to `cap` rows only: counting every row of a large
    table (a million products) cost more than the page itself."""

    def _query_count(self):
        rows = self._query_args["select"].options(lazyload("*")).order_by(None).limit(self._query_args["cap"])
        return self._query_args["session"].execute(select(func.count()).select_from(rows.subquery())).scalar()


def paginate(stmt, count_cap=None):
    """The request's page of `stmt` (PER_PAGE rows). With `count_cap` the total is counted up to it, and
    `page.capped` says that the total reached it (the pager then reads "1000 or more")."""
    # Clamped: a huge ?page= would overflow the database's OFFSET.
    page = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    if count_cap is None:
        return db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)
    pagination = _CappedPagination(select=stmt, session=db.session(), page=page, per_page=PER_PAGE,
                                   error_out=False, cap=count_cap)
    pagination.capped = pagination.total >= count_cap
    return pagination


def url_with(**params):
    """The current page's URL with some query parameters replaced (None removes one)."""
    args = request.args.to_dict()
    args.update(params)
    query = urlencode({k: v for k, v in args.items() if v not in (None, "")})
    return request.path + (f"?{query}" if query else "")


def register_template_helpers(app):
    """Template filters and globals, and the per-request language choice."""

    @app.before_request
    def choose_language_afresh():
        # An enclosing app context (tests, CLI) outlives one request: never reuse its language.
        refresh()

    @app.template_filter("money")
    def money_filter(amount):
        return format_money_display(amount)

    app.add_template_filter(local_minute, "dt")

    app.add_template_global(lambda user: registry_of(app).nav_for(user), "navigation")
    app.add_template_global(lambda slot, obj, user: registry_of(app).links_for(slot, obj, user), "module_links")
    app.add_template_filter(label, "label")
    app.add_template_filter(file_size, "filesize")
    app.add_template_filter(translate, "tr")
    app.add_template_global(url_with)
    app.add_template_global(get_locale)
    app.add_template_global(clock.now, "now")
    app.add_template_global(clock.today, "today")


def file_payload(storage):
    """An uploaded file as the API takes it: {name, content_base64}."""
    return {"name": storage.filename, "content_base64": base64.b64encode(storage.read()).decode("ascii")}
