"""Training's writes: the bank, exams, spot checks and enterprise training."""

from .exams import answer_save, answers_save, attempt_assign, attempt_open, attempt_submit, draw_paper
from .questions import bank_sync, question_create, question_retire, question_revise
from .sessions import periodic_exam_schedule, person_training_record, session_record
from .spotchecks import spotcheck_create

__all__ = [
    "answer_save",
    "answers_save",
    "attempt_assign",
    "attempt_open",
    "attempt_submit",
    "bank_sync",
    "draw_paper",
    "periodic_exam_schedule",
    "person_training_record",
    "question_create",
    "question_retire",
    "question_revise",
    "session_record",
    "spotcheck_create",
]
