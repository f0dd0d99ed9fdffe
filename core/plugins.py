"""How domain modules plug into core: core never imports them, they declare themselves.

A module (trading, scoring, mall, audit) exposes `plugin = Plugin("name", setup)`. The app factory
imports the modules named in the `PLATFORM_MODULES` setting and calls each `setup(registry)`,
where the module registers its blueprints, navigation entries, dashboard panels, labels, role
start pages, seed steps, settings, trail watches and sealed scopes, and the unique constraints a race can
hit. Core reads only the registry.
"""
import importlib
import os
from collections import namedtuple
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation for some roles (None: every visitor), alone or in a menu (`group`).
    An account whose organisation is not approved yet sees only the links for everyone and those marked
    `applicants`: it can do nothing else until the center approves it."""

    endpoint: str
    label: object
    roles: tuple = None
    order: int = 50
    group: str = None
    applicants: bool = False


@dataclass(frozen=True)
class NavGroup:
    """A menu of the main navigation: its entries for one user (shown as one link when it has one)."""

    key: str
    label: object
    order: int
    entries: tuple

    @property
    def endpoints(self):
        return {entry.endpoint for entry in self.entries}


class Navigation(namedtuple("Navigation", "items account")):
    """What `Registry.nav_for` gives a page: `items`, the main bar's NavEntry links and NavGroup menus in order;
    `account`, the entries of the user's own menu."""

    __slots__ = ()


@dataclass(frozen=True)
class Panel:
    """A block on a role's dashboard: a template included with context(user)."""

    template: str
    context: object
    roles: tuple = ("admin",)
    order: int = 50


@dataclass(frozen=True)
class Link:
    """A link another module adds to a page of a module (a "slot" such as "project"): shown when
    `show(obj, user)` is true, to `endpoint` built with `values(obj)`."""

    endpoint: str
    label: object
    show: object
    values: object


Kind = namedtuple("Kind", "title body")
DocumentKind = namedtuple("DocumentKind", "render mimetype")


@dataclass(frozen=True)
class UserProfile:
    """A role's profile (the expert's): `create(user, data)` builds it when an account of the role is made;
    the account form adds `fields` (name -> WTForms field), `payload(form)` reads them back, and `template`
    (a partial) shows them."""

    create: object
    fields: dict = field(default_factory=dict)
    payload: object = None
    template: str = None


@dataclass(frozen=True)
class Setting:
    """A module's setting: read from the environment variable of its name, else `default`, by `parse`."""

    default: object
    parse: object = str

    def value(self, name):
        raw = os.environ.get(name)
        return self.default if raw is None else self.parse(raw)


def int_setting(default):
    return Setting(default, int)


def decimal_setting(default):
    return Setting(Decimal(default), Decimal)


@dataclass
class Registry:
    """Everything the modules contributed, kept on app.extensions["platform"]."""

    modules: list = field(default_factory=list)
    nav: list = field(default_factory=list)
    nav_groups: dict = field(default_factory=dict)
    panels: list = field(default_factory=list)
    home_panels: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)
    start_pages: dict = field(default_factory=dict)
    start_rules: list = field(default_factory=list)
    seed_steps: list = field(default_factory=list)
    user_profiles: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    watched: dict = field(default_factory=dict)
    sealed_scopes: dict = field(default_factory=dict)
    unique_constraints: dict = field(default_factory=dict)
    trail_scopes: dict = field(default_factory=dict)
    object_pages: dict = field(default_factory=dict)
    schedules: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    trail_readers: dict = field(default_factory=dict)
    trail_scope_lookups: dict = field(default_factory=dict)
    notification_kinds: dict = field(default_factory=dict)
    event_handlers: dict = field(default_factory=dict)
    refusal_handlers: dict = field(default_factory=dict)

    def add_settings(self, app, **settings):
        """Declare settings (name=Setting(...)) with their defaults; the app's configuration keeps a value
        it already has (an override), else takes the environment's or the default."""
        for name, setting in settings.items():
            self.settings[name] = setting
            if name not in app.config:
                app.config[name] = setting.value(name)

    def watch(self, model, fields):
        """Trail verification compares these columns of every `model` row with the last state its chain
        recorded (the `after` of its events folded in order; only the fields recorded are compared)."""
        self.watched[model.__tablename__] = (model, tuple(fields))

    def add_sealed_scope(self, kind, revealed_ids):
        """Events recorded with sealed_scope="<kind>:<id>" count as public once <id> is revealed;
        `revealed_ids()` returns a select of one id column, e.g.
        `lambda: select(Project.id).where(Project.opened_at.is_not(None))`."""
        if not kind or ":" in kind:
            raise ValueError(f"invalid sealed scope kind {kind!r}")
        self.sealed_scopes[kind] = revealed_ids

    def add_notification_kinds(self, kinds):
        """The notifications a feature sends: {kind: (title, body)}, English templates wrapped in N_() for
        extraction (core.notifications renders them in the reader's language)."""
        self.notification_kinds.update({kind: Kind(*templates) for kind, templates in kinds.items()})

    def on_event(self, action, handler):
        """React to another feature's state change without editing it: `handler(obj, event)` runs in the same
        transaction right after the trail records `action` on `obj` (e.g. the audit's red flags)."""
        self.event_handlers.setdefault(action, []).append(handler)

    def on_refusal(self, kind, handler):
        """Keep a trace of a refusal (core.refusals): `handler(facts)` runs after the refused request rolled
        back, in a transaction of its own."""
        self.refusal_handlers.setdefault(kind, []).append(handler)

    def add_trail_scope(self, kind, label, find_id=None):
        """The trail browser's filter `?<kind>=<id>`: the events of the object's own chain, of its sealed scope
        and of the objects recording `<kind>_id` = id in their `after` (e.g. a project's sign-ups and bids);
        `label` names the filter on the trail page; `find_id(text)` turns what people type instead of an id
        (a project's code) into the id, or None."""
        self.trail_scopes[kind] = label
        if find_id is not None:
            self.trail_scope_lookups[kind] = find_id

    def add_object_page(self, object_type, endpoint, id_arg):
        """The page of a trail object: the trail's readers follow `object_type:<id>` to
        url_for(endpoint, <id_arg>=<id>)."""
        self.object_pages[object_type] = (endpoint, id_arg)

    def restrict_trail(self, object_type, may_read):
        """Events on objects of `object_type` appear in a scope's timeline (a project's page) only to the users
        `may_read(user)` accepts (e.g. red flags, for the center and the supervisor)."""
        self.trail_readers[object_type] = may_read

    def add_schedule(self, name, task, schedule):
        """A scheduled duty: `celery beat` sends `task` (a core.tasks task) every `schedule` (seconds, a timedelta
        or a celery.schedules.crontab); its command runs the same task once."""
        self.schedules[name] = (task.name, schedule)

    def add_document(self, kind, render, mimetype):
        """A kind of stored document (core.documents): `render(document, progress)` returns its bytes."""
        self.documents[kind] = DocumentKind(render, mimetype)

    def add_unique_constraint(self, name, code, message):
        """A unique constraint a concurrent request can hit at commit: the loser answers 409 `code`."""
        from core.constraints import UniqueRule

        self.unique_constraints[name] = UniqueRule(name, code, message)

    def add_labels(self, labels):
        self.labels.update(labels)

    def add_nav(self, endpoint, label, roles=None, order=50, group=None, applicants=False):
        self.nav.append(NavEntry(endpoint, label, tuple(roles) if roles else None, order, group, applicants))

    def add_nav_group(self, key, label, order):
        """A menu of the main navigation, placed by `order` among the links; "account" is the user's menu."""
        self.nav_groups[key] = (label, order)

    def add_panel(self, template, context, roles=("admin",), order=50):
        self.panels.append(Panel(template, context, tuple(roles), order))

    def add_home_panel(self, template, context, order=50):
        self.home_panels.append(Panel(template, context, None, order))

    def add_start_rule(self, role, applies, endpoint):
        """After login, a user of `role` for whom `applies(user)` lands on `endpoint` rather than the role's start
        page (e.g. a supplier with orders to confirm, on its console)."""
        self.start_rules.append((role, applies, endpoint))

    def start_page(self, user):
        """The endpoint a user lands on after login."""
        for role, applies, endpoint in self.start_rules:
            if user.role == role and applies(user):
                return endpoint
        return self.start_pages.get(user.role, "core.home")

    def add_seed_step(self, step, order=50):
        """`step(seeder)` creates the module's demo data; steps run by `order`."""
        self.seed_steps.append((order, step))

    def add_user_profile(self, role, create, fields=None, payload=None, template=None):
        """A role's profile: `create(user, data)` builds it when an account of that role is made; the
        account page's form gets `fields`, read by `payload(form)` and shown by the partial `template`."""
        self.user_profiles[role] = UserProfile(create, dict(fields or {}), payload, template)

    def add_link(self, slot, endpoint, label, show, values):
        self.links.setdefault(slot, []).append(Link(endpoint, label, show, values))

    def links_for(self, slot, obj, user):
        return [link for link in self.links.get(slot, ()) if link.show(obj, user)]

    def nav_for(self, user):
        """The navigation of `user` (None: a visitor): the main bar's links and menus in order, and the entries
        of the user's own menu."""
        role = user.role if user is not None else None
        applicant = user is not None and user.organization is not None and not user.organization.is_approved
        entries = sorted((e for e in self.nav if (e.roles is None or role in e.roles)
                          and not (applicant and e.roles is not None and not e.applicants)), key=lambda e: e.order)
        items, menus = [], {}
        for entry in entries:
            if entry.group is None or entry.group not in self.nav_groups:
                items.append((entry.order, entry))
            elif entry.group != "account":
                menus.setdefault(entry.group, []).append(entry)
        for key, members in menus.items():
            label, order = self.nav_groups[key]
            items.append((order, members[0] if len(members) == 1 else NavGroup(key, label, order, tuple(members))))
        return Navigation([item for _, item in sorted(items, key=lambda pair: pair[0])],
                          [e for e in entries if e.group == "account"])

    def panels_for(self, role):
        return sorted((p for p in self.panels if role in p.roles), key=lambda p: p.order)


@dataclass(frozen=True)
class Plugin:
    """A module's entry point: `setup(app, registry)` registers what the module brings."""

    name: str
    setup: object


def load_modules(app, registry, names):
    """Import each named module and let its plugin register itself."""
    for name in names:
        plugin = importlib.import_module(name).plugin
        plugin.setup(app, registry)
        registry.modules.append(plugin.name)


def registry_of(app):
    return app.extensions["platform"]
