"""Alembic environment: migrates the auditor's models on the configured database."""

from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from auditor.db import make_engine
from auditor.models import Base, UTCDateTime
from auditor.settings import load_settings

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write the UTC wrapper type as the plain SQL type it stores, so migrations import nothing."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


OPTIONS: dict[str, Any] = {"target_metadata": target_metadata, "render_as_batch": True,
                           "render_item": render_item}


def run_migrations_offline() -> None:
    """Emit SQL for the configured database without connecting."""
    context.configure(url=load_settings().resolved_database_url, literal_binds=True, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate over a connection: the one handed in by the auditor, or a new one."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, **OPTIONS)
        with context.begin_transaction():
            context.run_migrations()
        return
    if config.config_file_name is not None:
        fileConfig(config.config_file_name)
    engine = make_engine(load_settings().resolved_database_url)
    with engine.connect() as conn:
        context.configure(connection=conn, **OPTIONS)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
