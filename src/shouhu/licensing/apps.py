from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "shouhu.licensing"
    verbose_name = "许可审查"

    def ready(self) -> None:
        # Stored files under `shouhu audit verify` (core.integrity): application documents against the
        # SHA-256 their upload entry recorded; inspection photos and rectification evidence against the
        # SHA-256 digits of their content-addressed names (`uploads.Checked.name`, kept in the ledger).
        from shouhu.core.integrity import named_hash_check, recorded_hash_check, register_check

        from .events import LicensingAction as A
        from .models import Document, ItemScore, Rectification

        register_check(
            "licensing.documents",
            recorded_hash_check(
                "licensing.documents",
                Document,
                action=A.DOCUMENT_UPLOAD,
                enterprise_lookup="application__enterprise_id",
            ),
        )
        register_check(
            "licensing.photos",
            named_hash_check(
                "licensing.photos",
                ItemScore,
                file_field="photo",
                enterprise_lookup="item__verification__enterprise_id",
            ),
        )
        register_check(
            "licensing.rectification_evidence",
            named_hash_check("licensing.rectification_evidence", Rectification, file_field="evidence"),
        )
