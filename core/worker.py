"""The entry point of the background processes: `celery -A core.worker worker` runs the tasks, `celery -A
core.worker beat` sends the scheduled duties; both read the same environment as the web process."""
from core import create_app
from core.tasks import worker_app

celery = worker_app(create_app())
