"""The entry point of the background processes: `celery -A core.worker worker` runs the tasks, `celery -A
core.worker beat` sends the scheduled duties; both read the same environment as the web process."""
from core import create_app
from core.tasks import worker_app

# No ping before each use of a pooled connection (the web's guard against a connection the database dropped): a task
# that meets one fails with OperationalError and is retried, and the ping was a fifth of a delivery's round trips.
celery = worker_app(create_app({"SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False}}))
