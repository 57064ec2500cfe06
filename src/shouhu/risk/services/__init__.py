"""Risk writes: grading (runs, re-grades, adjustments, configuration) and planning (plans, tasks, teams)."""

from .grading import config_set, grade_adjust, grade_enterprise, grade_jurisdiction, scheme_for
from .planning import conflict_record, plan_create, plan_issue, task_team_set

__all__ = [
    "config_set",
    "conflict_record",
    "grade_adjust",
    "grade_enterprise",
    "grade_jurisdiction",
    "plan_create",
    "plan_issue",
    "scheme_for",
    "task_team_set",
]
