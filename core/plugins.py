"""How domain modules plug into core: core never imports them, they declare themselves.

A module (trading, scoring, mall, audit) exposes `plugin = Plugin("name", setup)`. The app factory
imports the modules named in the `PLATFORM_MODULES` setting and calls each `setup(registry)`,
where the module registers its blueprints, navigation entries, dashboard panels, labels, role
start pages, seed steps and integrity hooks. Core reads only the registry.
"""
import importlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation for some roles (None: every visitor)."""

    endpoint: str
    label: object
    roles: tuple = None
    order: int = 50


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


@dataclass
class Registry:
    """Everything the modules contributed, kept on app.extensions["platform"]."""

    modules: list = field(default_factory=list)
    nav: list = field(default_factory=list)
    panels: list = field(default_factory=list)
    home_panels: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)
    start_pages: dict = field(default_factory=dict)
    seed_steps: list = field(default_factory=list)
    user_profiles: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)

    def add_labels(self, labels):
        self.labels.update(labels)

    def add_nav(self, endpoint, label, roles=None, order=50):
        self.nav.append(NavEntry(endpoint, label, tuple(roles) if roles else None, order))

    def add_panel(self, template, context, roles=("admin",), order=50):
        self.panels.append(Panel(template, context, tuple(roles), order))

    def add_home_panel(self, template, context, order=50):
        self.home_panels.append(Panel(template, context, None, order))

    def add_seed_step(self, step, order=50):
        """`step(seeder)` creates the module's demo data; steps run by `order`."""
        self.seed_steps.append((order, step))

    def add_user_profile(self, role, create):
        """`create(user, data)` builds the role's profile when an account of that role is made."""
        self.user_profiles[role] = create

    def add_link(self, slot, endpoint, label, show, values):
        self.links.setdefault(slot, []).append(Link(endpoint, label, show, values))

    def links_for(self, slot, obj, user):
        return [link for link in self.links.get(slot, ()) if link.show(obj, user)]

    def nav_for(self, role):
        return sorted((e for e in self.nav if e.roles is None or role in e.roles), key=lambda e: e.order)

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
