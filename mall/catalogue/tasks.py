"""The catalogue's duties: delisting the stale products (every night on `celery beat`), and indexing the catalogue
again once the search synonyms changed."""
from core.auth import SYSTEM
from core.tasks import after_commit, celery, each_in_turn
from mall.catalogue import operations as catalogue


@celery.task(name="mall.delist_stale")
def delist_stale():
    """Take off the shelf the products unsold and unchanged for more than MALL_STALE_DAYS days."""
    return catalogue.delist_stale(SYSTEM)


@celery.task(name="mall.reindex_search")
def reindex_search():
    """Index every product again with the current synonym groups, 500 at a time, each batch in its own
    transaction; run twice, it writes the same. Returns how many products were indexed."""
    return sum(each_in_turn(catalogue.reindex_batches(), catalogue.reindex))


def queue_reindex(row, event):
    """The synonyms saved (synonyms.saved): the catalogue is indexed again once they are committed."""
    after_commit(reindex_search)
