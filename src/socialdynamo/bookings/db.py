"""A migration operation that runs SQL on PostgreSQL only.

The exclusion constraint that forbids overlapping live bookings exists only on PostgreSQL
(SQLite has no such constraint; there the services' IMMEDIATE transaction does the job). It
is not declared in ``Booking.Meta`` so that ``makemigrations --check`` stays clean on both
databases; migration 0002 adds it with this operation.
"""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "PostgreSQL only: " + super().describe()
