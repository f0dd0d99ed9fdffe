"""The expert pool: the center manages experts, their status, conflicts, and imports them from files."""
import base64
import csv
import io
import re

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.models import Event, User
from scoring.pool.models import Expert, ExpertConflict
from tests.builders.core import make_uscc

pytestmark = pytest.mark.usefixtures("fast_passwords")


def expert(make, name="陈建华", specialties=("A01",), employer=None):
    user = make.user("expert", profile={"name": name, "specialties": list(specialties), "employer_uscc": employer,
                                       "employer_name": "福州大学" if employer else None})
    return user.expert


def events(expert_row, action):
    return db.session.scalars(select(Event).where(Event.object_type == "expert", Event.object_id == expert_row.id,
                                                  Event.action == action).order_by(Event.seq)).all()


def error(response, status, code):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.json["error"]["code"] == code
    return response.json["error"]


# -- API ------------------------------------------------------------------------------------------

def test_list_filters_by_specialty_status_and_text(api, make):
    admin = make.admin()
    a = expert(make, "陈建华", ["A01", "B02"], make_uscc(901))
    b = expert(make, "林志强", ["A02"])
    c = expert(make, "黄丽萍", ["A01"])
    api.post(f"/api/v1/experts/{c.id}/suspend", admin, json={"reason": "多次无故缺席"})

    def ids(query=""):
        r = api.get(f"/api/v1/experts{query}", admin)
        assert r.status_code == 200, r.json
        return [item["id"] for item in r.json["items"]], r.json["total"]

    assert ids() == ([a.id, b.id, c.id], 3)
    assert ids("?specialty=A01") == ([a.id, c.id], 2)
    assert ids("?status=active") == ([a.id, b.id], 2)
    assert ids("?status=suspended&specialty=A01") == ([c.id], 1)
    assert ids("?q=林志") == ([b.id], 1)
    assert ids("?q=福州大学") == ([a.id], 1)
    assert ids("?q=%25") == ([], 0)  # a literal %, not a wildcard
    error(api.get("/api/v1/experts?status=retired", admin), 422, "validation_failed")


def test_detail_shows_profile_status_record_and_conflicts(api, make):
    admin = make.admin()
    e = expert(make, employer=make_uscc(901))
    body = api.get(f"/api/v1/experts/{e.id}", admin).json
    assert body == {"id": e.id, "user_id": e.user_id, "username": e.user.username, "name": "陈建华",
                    "specialties": ["A01"], "employer_uscc": make_uscc(901), "employer_name": "福州大学",
                    "status": "active", "suspension_reason": None, "panels_served": 0, "declines": 0,
                    "deviation_warnings": 0, "conflicts": []}
    error(api.get("/api/v1/experts/999999", admin), 404, "not_found")


def test_patch_changes_only_the_given_fields_and_records_them(api, make):
    admin = make.admin()
    e = expert(make, specialties=["A01"])
    r = api.patch(f"/api/v1/experts/{e.id}", admin, json={"specialties": ["B01", "A01", "B01"],
                                                           "employer_uscc": make_uscc(7), "employer_name": "县人民医院"})
    assert r.status_code == 200, r.json
    assert (r.json["name"], r.json["specialties"], r.json["employer_uscc"]) == ("陈建华", ["A01", "B01"], make_uscc(7))
    [event] = events(e, "expert.updated")
    assert event.before == {"specialties": ["A01"], "employer_uscc": None, "employer_name": None}
    assert event.after == {"specialties": ["A01", "B01"], "employer_uscc": make_uscc(7), "employer_name": "县人民医院"}


def test_patch_refuses_a_bad_employer_uscc_and_changes_nothing(api, make):
    admin = make.admin()
    e = expert(make)
    bad = make_uscc(7)[:17] + ("0" if make_uscc(7)[17] != "0" else "1")
    err = error(api.patch(f"/api/v1/experts/{e.id}", admin, json={"name": "新名字", "employer_uscc": bad}),
                422, "invalid_uscc")
    assert set(err["fields"]) == {"employer_uscc"}
    assert db.session.get(Expert, e.id).name == "陈建华"
    error(api.patch(f"/api/v1/experts/{e.id}", admin, json={"specialties": []}), 422, "validation_failed")


def test_suspend_and_activate_follow_the_lifecycle_with_trail_events(api, make):
    admin = make.admin()
    e = expert(make)
    error(api.post(f"/api/v1/experts/{e.id}/activate", admin), 409, "wrong_status")
    error(api.post(f"/api/v1/experts/{e.id}/suspend", admin, json={"reason": "  "}), 422, "validation_failed")
    r = api.post(f"/api/v1/experts/{e.id}/suspend", admin, json={"reason": "回避不实"})
    assert (r.status_code, r.json["status"], r.json["suspension_reason"]) == (200, "suspended", "回避不实")
    assert db.session.get(Expert, e.id).active is False
    error(api.post(f"/api/v1/experts/{e.id}/suspend", admin, json={"reason": "again"}), 409, "wrong_status")
    r = api.post(f"/api/v1/experts/{e.id}/activate", admin)
    assert (r.status_code, r.json["status"], r.json["suspension_reason"]) == (200, "active", None)
    assert db.session.get(Expert, e.id).active is True
    [suspended] = events(e, "expert.suspended")
    [activated] = events(e, "expert.activated")
    assert (suspended.before, suspended.after) == ({"status": "active"}, {"status": "suspended", "reason": "回避不实"})
    assert (activated.before, activated.after) == ({"status": "suspended", "suspension_reason": "回避不实"},
                                                   {"status": "active"})


def test_conflicts_are_declared_with_a_valid_uscc_and_removed(api, make):
    admin = make.admin()
    e = expert(make)
    r = api.post(f"/api/v1/experts/{e.id}/conflicts", admin, json={"uscc": make_uscc(55), "note": "配偶任职"})
    assert r.status_code == 201, r.json
    [conflict] = r.json["conflicts"]
    assert (conflict["uscc"], conflict["note"]) == (make_uscc(55), "配偶任职")
    error(api.post(f"/api/v1/experts/{e.id}/conflicts", admin, json={"uscc": make_uscc(55)}), 409, "duplicate_conflict")
    err = error(api.post(f"/api/v1/experts/{e.id}/conflicts", admin, json={"uscc": "91350100MA2YQ0K1X"}),
                422, "invalid_uscc")
    assert set(err["fields"]) == {"uscc"}
    error(api.post(f"/api/v1/experts/{e.id}/conflicts", admin, json={}), 422, "validation_failed")
    error(api.delete(f"/api/v1/experts/{e.id}/conflicts/999999", admin), 404, "not_found")
    other = expert(make, "林志强")
    error(api.delete(f"/api/v1/experts/{other.id}/conflicts/{conflict['id']}", admin), 404, "not_found")
    r = api.delete(f"/api/v1/experts/{e.id}/conflicts/{conflict['id']}", admin)
    assert (r.status_code, r.json["conflicts"]) == (200, [])
    assert db.session.scalar(select(func.count()).select_from(ExpertConflict)) == 0
    [added] = events(e, "expert.conflict_added")
    [removed] = events(e, "expert.conflict_removed")
    assert added.after["uscc"] == removed.before["uscc"] == make_uscc(55)


@pytest.mark.parametrize("role", ["purchaser", "bidder", "expert"])
def test_other_roles_cannot_see_or_change_the_pool(api, make, role):
    e = expert(make)
    caller = make.user(role) if role != "expert" else e.user
    for method, path, body in [("GET", "/api/v1/experts", None), ("GET", f"/api/v1/experts/{e.id}", None),
                               ("PATCH", f"/api/v1/experts/{e.id}", {"name": "x"}),
                               ("POST", f"/api/v1/experts/{e.id}/suspend", {"reason": "x"}),
                               ("POST", f"/api/v1/experts/{e.id}/conflicts", {"uscc": make_uscc(3)}),
                               ("POST", "/api/v1/experts/import", {"filename": "a.csv", "content_base64": "eA=="})]:
        assert api.call(method, path, caller, json=body).status_code == 403, (method, path)


def test_supervisor_reads_but_cannot_change(api, make):
    supervisor = make.supervisor()
    e = expert(make)
    assert api.get("/api/v1/experts", supervisor).json["total"] == 1
    assert api.get(f"/api/v1/experts/{e.id}", supervisor).status_code == 200
    error(api.patch(f"/api/v1/experts/{e.id}", supervisor, json={"name": "x"}), 403, "forbidden")
    error(api.post(f"/api/v1/experts/{e.id}/suspend", supervisor, json={"reason": "x"}), 403, "forbidden")
    error(api.post(f"/api/v1/experts/{e.id}/activate", supervisor), 403, "forbidden")
    error(api.post(f"/api/v1/experts/{e.id}/conflicts", supervisor, json={"uscc": make_uscc(3)}), 403, "forbidden")
    error(api.delete(f"/api/v1/experts/{e.id}/conflicts/1", supervisor), 403, "forbidden")
    assert api.get("/api/v1/experts", None).status_code == 401


# -- Import ---------------------------------------------------------------------------------------

def _csv(make):
    make.org("bidder")  # an organisation on the platform; conflicts may name any valid USCC
    return (
        "username,name,specialties,employer_uscc,employer_name,conflicts\n"
        f"expert01,陈建华,A01 B02,{make_uscc(901)},福州大学,{make_uscc(55)} {make_uscc(56)}\n"   # row 2: good
        "expert02,,A01,,,\n"                                                                  # row 3: no name
        f"bad name!,林志强,A02,,,\n"                                                            # row 4: username
        f"expert04,黄丽萍,A01,{make_uscc(901)[:17]}Z,福州大学,\n"                                # row 5: bad employer
        f"expert05,张伟民,\"A01,A02\",,,{make_uscc(57)} 123\n"                                   # row 6: bad conflict
        "expert01,王秀英,A01,,,\n"                                                             # row 7: username taken
        "\n"
        "expert07,李国平,A02,,,\n"                                                             # row 9: good
    )


def _check_mixed_import(report):
    assert [(c["row"], c["username"]) for c in report["created"]] == [(2, "expert01"), (9, "expert07")]
    assert all(len(c["initial_password"]) >= 16 for c in report["created"])
    assert [(r["row"], r["field"]) for r in report["rejected"]] == [
        (3, "name"), (4, "username"), (5, "employer_uscc"), (6, "conflicts.1"), (7, "username")]
    experts = db.session.scalars(select(Expert).order_by(Expert.id)).all()
    assert [(e.user.username, e.specialty_codes) for e in experts] == [("expert01", ["A01", "B02"]),
                                                                       ("expert07", ["A02"])]
    assert [c.uscc for c in experts[0].conflicts] == [make_uscc(55), make_uscc(56)]
    # Nothing of a refused row is left: not its account, not the conflicts it declared before failing.
    assert db.session.scalar(select(User.id).where(User.username == "expert05")) is None
    assert db.session.scalar(select(func.count()).select_from(ExpertConflict)) == 2


def test_import_csv_creates_the_good_rows_and_reports_the_bad_ones(api, make):
    admin = make.admin()
    content = _csv(make).encode()
    r = api.post("/api/v1/experts/import", admin,
                 data={"file": (io.BytesIO(content), "experts.csv")}, content_type="multipart/form-data")
    assert r.status_code == 200, r.json
    _check_mixed_import(r.json)
    created = r.json["created"][0]
    token = api.client.post("/api/v1/auth/tokens", json={"username": "expert01",
                                                         "password": created["initial_password"]})
    assert token.status_code == 201, token.json


def test_import_xlsx_as_json_base64(api, make):
    from openpyxl import Workbook

    admin = make.admin()
    book = Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(_csv(make))):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    r = api.post("/api/v1/experts/import", admin, json={
        "filename": "experts.xlsx", "content_base64": base64.b64encode(buffer.getvalue()).decode()})
    assert r.status_code == 200, r.json
    _check_mixed_import(r.json)


def test_import_with_a_password_column_uses_it(api, make):
    admin = make.admin()
    content = "username,name,specialties,password\nexpert01,陈建华,A01,Copper-Kettle-Morning-77\nexpert02,林志强,A02,short\n"
    r = api.post("/api/v1/experts/import", admin, json={
        "filename": "e.csv", "content_base64": base64.b64encode(content.encode()).decode()})
    assert [c["initial_password"] for c in r.json["created"]] == [None]
    assert [(x["row"], x["field"]) for x in r.json["rejected"]] == [(3, "password")]
    assert db.session.scalar(select(User).where(User.username == "expert01")).check_password("Copper-Kettle-Morning-77")


@pytest.mark.parametrize("content, problem", [
    (b"", "is empty"),
    (b"name,specialties\nx,A01\n", "needs the columns username, name and specialties"),
    (b"PK\x03\x04garbage", "is not a readable .xlsx workbook"),
])
def test_import_refuses_an_unreadable_file(api, make, content, problem):
    admin = make.admin()
    r = api.post("/api/v1/experts/import", admin,
                 data={"file": (io.BytesIO(content), "x.csv")}, content_type="multipart/form-data")
    assert error(r, 422, "invalid_import_file")["fields"] == {"file": [problem]}
    error(api.post("/api/v1/experts/import", admin, json={"filename": "x.csv", "content_base64": "%%%"}),
          422, "validation_failed")


# -- Pages ----------------------------------------------------------------------------------------

def test_pages_list_detail_and_actions(make, login):
    admin = make.admin()
    e = expert(make, employer=make_uscc(901))
    client = login(admin)
    page = client.get("/admin/experts?specialty=A01")
    assert page.status_code == 200 and "陈建华" in page.get_data(as_text=True)
    assert "专家库" in page.get_data(as_text=True)  # the nav entry, in Chinese
    assert "陈建华" not in client.get("/admin/experts?specialty=B09").get_data(as_text=True)
    detail = client.get(f"/admin/experts/{e.id}").get_data(as_text=True)
    assert make_uscc(901) in detail and "确认暂停" in detail

    r = client.post(f"/admin/experts/{e.id}", data={"name": "陈建华", "specialties": "A01, B01", "employer_uscc": "",
                                                    "employer_name": ""})
    assert r.status_code == 302
    assert db.session.get(Expert, e.id).specialty_codes == ["A01", "B01"]
    r = client.post(f"/admin/experts/{e.id}", data={"name": "陈建华", "specialties": "A01", "employer_uscc": "123"})
    assert r.status_code == 422
    r = client.post(f"/admin/experts/{e.id}/conflicts", data={"uscc": "bad", "note": ""})
    assert r.status_code == 422
    assert client.post(f"/admin/experts/{e.id}/conflicts", data={"uscc": make_uscc(55).lower(), "note": "亲属"}).status_code == 302
    db.session.expire_all()
    [conflict] = db.session.get(Expert, e.id).conflicts
    assert conflict.uscc == make_uscc(55)
    assert make_uscc(55) in client.get(f"/admin/experts/{e.id}").get_data(as_text=True)
    assert client.post(f"/admin/experts/{e.id}/conflicts/{conflict.id}/delete").status_code == 302
    assert client.post(f"/admin/experts/{e.id}/suspend", data={"reason": "违规"}).status_code == 302
    db.session.expire_all()
    assert (db.session.get(Expert, e.id).status, db.session.get(Expert, e.id).conflicts) == ("suspended", [])
    assert "确认启用" in client.get(f"/admin/experts/{e.id}").get_data(as_text=True)
    client.post(f"/admin/experts/{e.id}/activate")
    db.session.expire_all()
    assert db.session.get(Expert, e.id).status == "active"


def test_import_page_shows_the_report(make, login):
    admin = make.admin()
    client = login(admin)
    assert client.get("/admin/experts/import").status_code == 200
    r = client.post("/admin/experts/import", data={"file": (io.BytesIO(_csv(make).encode()), "experts.csv")},
                    content_type="multipart/form-data")
    text = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "expert07" in text and re.search(r"<code>[A-Za-z0-9_\-]{16}</code>", text)
    assert "employer_uscc" in text and "conflicts.1" in text
    r = client.post("/admin/experts/import", data={"file": (io.BytesIO(b"a,b\n"), "x.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 422


def test_page_access(make, login):
    e = expert(make)
    supervisor = login(make.supervisor())
    page = supervisor.get(f"/admin/experts/{e.id}").get_data(as_text=True)
    assert "陈建华" in page and "确认暂停" not in page
    assert supervisor.get("/admin/experts").status_code == 200
    assert supervisor.post(f"/admin/experts/{e.id}/suspend", data={"reason": "x"}).status_code == 403
    assert supervisor.get("/admin/experts/import").status_code == 403
    for role in ("purchaser", "bidder"):
        client = login(make.user(role))
        assert client.get("/admin/experts").status_code == 403
        assert client.get(f"/admin/experts/{e.id}").status_code == 403
    client = login(e.user)
    assert client.get("/admin/experts").status_code == 403
    assert client.post(f"/admin/experts/{e.id}/activate").status_code == 403


def test_import_declares_a_repeated_conflict_once(api, make):
    admin = make.admin()
    content = f"username,name,specialties,conflicts\nexpert01,陈建华,A01,{make_uscc(55)} {make_uscc(55)}\n"
    r = api.post("/api/v1/experts/import", admin, json={
        "filename": "e.csv", "content_base64": base64.b64encode(content.encode("gb18030")).decode()})
    assert (len(r.json["created"]), r.json["rejected"]) == (1, [])
    assert [c.uscc for c in db.session.scalar(select(Expert)).conflicts] == [make_uscc(55)]
