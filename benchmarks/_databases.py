"""The benchmarks' database: DATABASE_URL when it is set, else a throwaway PostgreSQL database."""
import os
import uuid

from sqlalchemy import create_engine, text

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


def benchmark_database(prefix):
    """(url, drop): DATABASE_URL (kept) when it is set, else a new database `<prefix>_<random>` on the local
    PostgreSQL server (127.0.0.1:5432), which `drop()` removes."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url, lambda: None
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"{SERVER}/{name}", drop
