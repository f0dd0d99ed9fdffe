"""Builders of core: organisations and accounts of every role."""
from core import clock
from core.auth import SYSTEM
from core.extensions import db
from core.uscc import check_character

# The password of every test account: it passes the password rules (core.passwords).
TEST_PASSWORD = "Lantern-Harbor-2026"


def make_uscc(n):
    """A valid USCC for the number n."""
    first17 = "913501" + f"{n:011d}"
    return first17 + check_character(first17)


class CoreBuilder:
    def __init__(self, app):
        self.app = app
        self.counter = 0

    def _next(self):
        self.counter += 1
        return self.counter

    def org(self, kind="bidder", name=None, status="approved", **fields):
        from core.models import Organization

        n = self._next()
        org = Organization(name=name or f"测试{kind}单位{n}", uscc=make_uscc(n), kind=kind, status=status,
                           created_at=clock.now(), **fields)
        db.session.add(org)
        db.session.commit()
        return org

    def user(self, role, org=None, username=None, password=TEST_PASSWORD, **kwargs):
        from core.accounts import create_user

        if org is None and role in ("purchaser", "bidder"):
            org = self.org(role)
        user = create_user(SYSTEM, username or f"{role}{self._next()}", password, role,
                           org.id if org else None, **kwargs)
        db.session.commit()
        return user

    def admin(self):
        return self.user("admin")

    def supervisor(self):
        return self.user("supervisor")

    def purchaser(self, org=None):
        return self.user("purchaser", org)

    def bidder(self, name=None, **org_fields):
        return self.user("bidder", self.org("bidder", name=name, **org_fields))

    def expert(self, specialty="A01", employer_uscc=None, name=None):
        """An expert account of the pool (returns the user; its profile is `user.expert`)."""
        n = self._next()
        return self.user("expert", profile={"name": name or f"专家{n}", "specialties": [specialty],
                                           "employer_uscc": employer_uscc})

    def experts(self, count, specialty="A01"):
        return [self.expert(specialty) for _ in range(count)]
