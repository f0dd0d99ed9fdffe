"""A notification channel for the worker's integration tests: it writes each delivery to a file, and fails while
a `gateway-down` file exists (both in the folder TEST_CHANNEL_DIR names)."""
import os
from pathlib import Path


def deliver(notification, title, body):
    folder = Path(os.environ["TEST_CHANNEL_DIR"])
    if (folder / "gateway-down").exists():
        raise ConnectionError("gateway down")
    with open(folder / "delivered.txt", "a", encoding="utf-8") as out:
        out.write(f"{notification.user_id}\t{title}\t{body}\n")
