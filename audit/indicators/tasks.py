"""The indicators on the platform's own data, computed every night on `celery beat` for the supervisor's desk."""
from audit.indicators import operations as indicators
from core.tasks import celery


@celery.task(name="audit.indicators")
def run_indicators():
    """Compute the indicators over the platform's compiled releases (run twice, it keeps two equal runs; the desk
    reads the latest)."""
    return indicators.run().id
