"""Supervision inspections and system inspections (监督检查、体系检查; SAMR Order No. 49, issue 25)."""
