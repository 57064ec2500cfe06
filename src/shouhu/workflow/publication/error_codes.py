"""Clue and publication refusal codes (`details.reason`, `details.fields[].code`)."""

from __future__ import annotations

from enum import StrEnum


class PublicationError(StrEnum):
    CITATION_REQUIRED = "publication.citation_required"  # a clue or a publication names its legal basis
    SOURCE_REQUIRED = "publication.source_required"  # a clue says which app or check raised it
    EVIDENCE_INVALID = "publication.evidence_invalid"  # evidence is a list of references
    DATES_INVALID = "publication.dates_invalid"  # shown until before due by
    REASON_REQUIRED = "publication.reason_required"  # a withdrawal says why
    ACTION_INVALID = "publication.action_invalid"  # a clue is taken up or dismissed, nothing else
    CLIENT_ID_TAKEN = "publication.client_id_taken"
