"""On PostgreSQL, the database itself refuses two live bookings of a room that overlap.

btree_gist lets the GiST index compare room ids with "="; the range is half-open, so a
booking ending at 10:00 and the next starting at 10:00 do not overlap. Creating the extension
needs a role allowed to (a superuser, or the database owner on PostgreSQL 13+ since
btree_gist is a trusted extension).
"""

from django.db import migrations

from socialdynamo.bookings.db import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [
        PostgresOnlySQL(
            sql="CREATE EXTENSION IF NOT EXISTS btree_gist",
            reverse_sql=migrations.RunSQL.noop,
        ),
        PostgresOnlySQL(
            sql=(
                "ALTER TABLE bookings_booking ADD CONSTRAINT booking_no_overlap "
                "EXCLUDE USING gist (room_id WITH =, tstzrange(start, \"end\", '[)') WITH &&) "
                "WHERE (state IN ('requested', 'confirmed'))"
            ),
            reverse_sql="ALTER TABLE bookings_booking DROP CONSTRAINT booking_no_overlap",
        ),
    ]
