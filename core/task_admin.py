"""The failed tasks: the center's page (/admin/tasks) and API, and running a task again."""
from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

from core import register_blueprints, tasks
from core.auth import api_roles, api_user, page_roles, page_user
from core.openapi import doc
from core.schemas import LocalDateTime, PageArgs, load_args, load_filters, paginate
from core.web import paginate as paginate_page
from core.web import run_action

web = Blueprint("task_admin", __name__)
api = Blueprint("task_admin_api", __name__, url_prefix="/api/v1")
STATUSES = ("failed", "rerun")


def init_app(app):
    register_blueprints(app, web=[web], api=[api])


class TaskQuery(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))


class TaskFailureOut(Schema):
    id = fields.Integer(required=True)
    task = fields.String(required=True)
    args = fields.List(fields.Raw(), required=True)
    kwargs = fields.Dict(required=True)
    error = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": list(STATUSES)})
    failed_at = LocalDateTime(required=True)
    rerun_at = LocalDateTime(allow_none=True, required=True)


@web.get("/admin/tasks")
@page_roles("admin")
def task_list():
    filters = load_filters(TaskQuery())
    page = paginate_page(tasks.failures(page_user(), filters["status"]))
    return render_template("core/tasks.html", page=page, filters=filters, statuses=STATUSES)


@web.post("/admin/tasks/<int:failure_id>/rerun")
@page_roles("admin")
def rerun_task(failure_id):
    return run_action(lambda: tasks.rerun(page_user(), failure_id), _("The task will run again."),
                      url_for("task_admin.task_list"))


@api.get("/admin/tasks")
@api_roles("admin")
@doc("Failed background tasks, newest first (?status=failed|rerun), with their error", response=TaskFailureOut,
     query=TaskQuery, paginated=True)
def list_tasks():
    args = load_args(TaskQuery())
    return paginate(tasks.failures(api_user(), args["status"]), args, TaskFailureOut().dump)


@api.post("/admin/tasks/<int:failure_id>/rerun")
@api_roles("admin")
@doc("Run a failed task again with the same arguments (once this request commits); a new failure is listed anew",
     response=TaskFailureOut)
def rerun(failure_id):
    return TaskFailureOut().dump(tasks.rerun(api_user(), failure_id))
