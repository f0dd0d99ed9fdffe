"""The catalogue's scheduled duty: delisting the stale products (every night on `celery beat`)."""
from core.auth import SYSTEM
from core.tasks import celery
from mall.catalogue import operations as catalogue


@celery.task(name="mall.delist_stale")
def delist_stale():
    """Take off the shelf the products unsold and unchanged for more than MALL_STALE_DAYS days."""
    return catalogue.delist_stale(SYSTEM)
