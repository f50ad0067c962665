"""Pages `make bench` measures for the bookings app (after generate_bookings_load_data).

The all-rooms week view must keep a constant number of queries and at least 35% of the bare
view's throughput with 50 rooms and 200,000 bookings (issue 6). Its grid is one range query
on the (start, end) index and is cached per week under a version bumped by every write.
"""

PAGES = [
    ("bookings: all rooms, this week", "/rooms/week/"),
    ("bookings: one room's week", "/rooms/bench-room-0/"),
]

SETUP = ["generate_bookings_load_data", "--rooms", "50", "--bookings", "200000"]
