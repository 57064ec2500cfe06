"""Obligations (待办): who owes what about which subject by when, with pauses, extensions and recurring duties,
plus each user's inbox and notifications (issue 11, points 3 and 4)."""
