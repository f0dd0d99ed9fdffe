"""Helpers shared by the HTML pages: template filters and labels, form handling, button
actions with flash messages, and the translation of the English domain messages."""
import re
from urllib.parse import urlencode

from flask import flash, redirect, render_template, request
from flask_babel import get_locale, gettext, refresh
from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import StringField

from core import clock
from core.errors import DomainError
from core.extensions import db
from core.money import format_money_display
from core.schemas import MAX_PAGE, load_data
from core.timeutil import to_local

PER_PAGE = 20


def N_(message):
    """Mark a message for extraction only; it is translated where it is shown."""
    return message


# Codes shown to people (statuses, categories, roles, ...) and API field names in messages.
LABELS = {
    "draft": _("Draft"), "submitted": _("Submitted"), "published": _("Published"), "opened": _("Opened"),
    "evaluated": _("Evaluated"), "awarded": _("Awarded"), "failed": _("Failed"), "cancelled": _("Cancelled"),
    "withdrawn": _("Withdrawn"), "pending": _("Pending approval"), "approved": _("Approved"),
    "rejected": _("Rejected"),
    "construction": _("Construction"), "goods": _("Goods"), "services": _("Services"),
    "open_tender": _("Open tender"), "invited_tender": _("Invited tender"),
    "competitive_negotiation": _("Competitive negotiation"), "inquiry": _("Inquiry"),
    "admin": _("Trading center"), "purchaser": _("Purchasing unit"), "bidder": _("Bidder"),
    "expert": _("Expert"), "supervisor": _("Supervisor"), "center": _("Trading center"),
    "lowest": _("Lowest price"), "average_deviation": _("Average deviation"),
    "over_ceiling_price": _("Above the ceiling price"), "receipt_mismatch": _("Receipt does not match"),
    "undecryptable": _("Cannot be decrypted"), "insufficient_valid_bids": _("Too few valid bids"),
    "budget": _("Budget"), "ceiling_price": _("Ceiling price"), "deposit": _("Bid deposit"),
    "signup_deadline": _("Sign-up deadline"), "bid_deadline": _("Bid deadline"),
    "evaluation.weights": _("Evaluation weights"), "evaluation.technical_criteria": _("Technical criteria"),
    "evaluation.panel_size": _("Panel size"), "evaluation.k": _("k (base price factor)"),
    "evaluation.up_deduction": _("Deduction above the base"),
    "evaluation.down_deduction": _("Deduction below the base"),
    "reason": _("Reason"), "note": _("Note"), "score": _("Credit score"), "grade": _("Credit grade"),
    "username": _("Username"), "organization_id": _("Organisation"),
}


def label(code):
    """The translated label of a code, or the code itself."""
    if code is None:
        return ""
    return str(LABELS[code]) if code in LABELS else str(code)


# Domain messages that carry values, written as the code that raises them writes them.
VARIABLE_MESSAGES = (
    N_("Your organisation is blacklisted until %(date)s: %(reason)s"),
    N_("Your organisation is blacklisted until %(date)s."),
    N_("Only a draft can be edited; this project is %(status)s."),
    N_("Only a draft can be submitted; this project is %(status)s."),
    N_("Only a submitted project can be returned; this one is %(status)s."),
    N_("Only a submitted project can be published; this one is %(status)s."),
    N_("Only a published project can be opened; this one is %(status)s."),
    N_("A %(status)s project cannot be cancelled by you."),
    N_("The organisation is %(status)s, not pending."),
    N_("a %(role)s belongs to a %(kind)s organisation"),
    N_("must be one of %(choices)s"),
    N_("weights must add up to 100 (now %(now)s)"),
    N_("criteria maxima must add up to 100 (now %(now)s)"),
    N_("must be an odd number of at least %(minimum)s"),
    N_("must be at least %(days)s days after publication"),
    N_("must not exceed %(percent)s%% of the budget (%(limit)s)"),
    N_("Character(s) %(chars)s are not allowed (the letters I, O, S, V, Z are never used)."),
    N_("Length must be between %(min)s and %(max)s."),
    N_("Shorter than minimum length %(min)s."),
    N_("Longer than maximum length %(max)s."),
    N_("Must be one of: %(choices)s."),
    N_("Must be greater than or equal to %(min)s and less than or equal to %(max)s."),
    N_("Must be greater than %(min)s and less than or equal to %(max)s."),
)

# Fixed English messages of the operations, rules, schemas and HTTP errors, listed so that
# `pybabel extract` puts them into the catalogue: translate() looks them up by their text.
DOMAIN_MESSAGES = (
    # core.accounts, core.uscc, core.errors, core (error handlers)
    N_("An organisation with this USCC is already registered."), N_("already registered"),
    N_("This username is taken."), N_("taken"), N_("Organisation not found."),
    N_("give a score or a grade, not both"), N_("give a score, a grade or blacklisted_until"),
    N_("must be between 0 and 100"), N_("must be one of A, B, C, D"), N_("a note is required"),
    N_("must be greater than 0 and at most 100"), N_("a reason is required"), N_("must be in the future"),
    N_("no such organisation"), N_("name and specialties are required for an expert"),
    N_("name and at least one specialty are required"), N_("Some fields are invalid."),
    N_("A unified social credit code has 18 characters."),
    N_("The check character is wrong: the code was mistyped."),
    N_("Letters in the code must be upper case."), N_("at most two decimals"),
    N_("Not found."), N_("Your role may not do this."),
    N_("The request conflicts with a concurrent change; nothing was changed."),
    N_("An unexpected error occurred; nothing was changed."),
    # trading.operations
    N_("Project not found."), N_("Only the purchasing unit that registered the project may do this."),
    N_("The project breaks registration rules."),
    N_("Only the purchasing unit or the center may cancel this project."),
    N_("Only bidder organisations can take part."),
    N_("Your organisation has not been approved by the trading center yet."),
    N_("This project is not open for bidding."), N_("Sign-up for this project has closed."),
    N_("Your organisation has already signed up for this project."),
    N_("Sign up for the project before bidding."),
    N_("The bid deadline has passed; no bid is accepted after it."), N_("You have no bid to withdraw."),
    N_("Bids can be opened only at or after the bid deadline."),
    # trading.rules
    N_("must be greater than 0"), N_("must not exceed the budget"), N_("weights must not be negative"),
    N_("each criterion's maximum must be greater than 0"), N_("must be greater than 0 and at most 1"),
    N_("must be given and not negative"), N_("must not be after the bid deadline"),
    N_("must not be in the past"),
    # core.money, core.schemas, trading.schemas, marshmallow
    N_("not a number"), N_("more than two decimals"), N_("must not be negative"),
    N_("must be greater than zero"), N_("too large"), N_("must be an ISO 8601 date and time"),
    N_("3 to 64 letters, digits, '.', '_' or '-'"), N_("must have 8 to 128 characters"),
    N_("must be a phone number"), N_("required for average_deviation"), N_("is not valid base64"),
    N_("Missing data for required field."), N_("Field may not be null."), N_("Not a valid number."),
    N_("Not a valid integer."), N_("Not a valid string."), N_("Not a valid date."),
    N_("Not a valid boolean."), N_("Unknown field."),
    # HTTP errors (werkzeug) and CSRF (Flask-WTF)
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

_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def _pattern(template):
    """A regex matching the messages a %(name)s template produces."""
    parts, position = [], 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position:match.start()]))
        parts.append(f"(?P<{match.group(1)}>.+?)" if match.group(1) else "%")
        position = match.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts))


_VARIABLE_PATTERNS = [(_pattern(template), template) for template in VARIABLE_MESSAGES]


def translate(message):
    """Translate an English domain message, also one that carries values (VARIABLE_MESSAGES)."""
    message = str(message)
    translated = gettext(message)
    if translated != message:
        return translated
    for pattern, template in _VARIABLE_PATTERNS:
        match = pattern.fullmatch(message)
        if match and gettext(template) != template:
            return gettext(template, **{k: label(v) for k, v in match.groupdict().items()})
    return message


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
    unplaced = show_problems(form, err.fields)
    form.form_errors = [*form.form_errors, translate(err.message), *unplaced]


def handle_form(form, schema, operation):
    """On a valid POST, load form.payload() with the API's schema and return operation(data).

    Return None when nothing valid was posted or a rule refused it; the problems are then
    on the form."""
    if not form.validate_on_submit():
        return None
    try:
        return operation(load_data(schema, form.payload()))
    except DomainError as err:
        apply_domain_error(form, err)
        return None


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
    problems = "; ".join(f"{label(name)}: {translate(m)}" for name, ms in err.fields.items() for m in ms)
    flash(translate(err.message) + (f" ({problems})" if problems else ""), "danger")


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


def paginate(stmt):
    # Clamped: a huge ?page= would overflow the database's OFFSET.
    page = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    return db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)


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

    @app.template_filter("dt")
    def datetime_filter(moment):
        return "" if moment is None else to_local(moment).strftime("%Y-%m-%d %H:%M")

    app.add_template_filter(label, "label")
    app.add_template_filter(translate, "tr")
    app.add_template_global(url_with)
    app.add_template_global(get_locale)
    app.add_template_global(clock.now, "now")
    app.add_template_global(clock.today, "today")
