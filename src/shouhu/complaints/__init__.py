"""Complaints and reports (投诉举报, issue 29): the public portal, handling with deadlines, rewards."""
