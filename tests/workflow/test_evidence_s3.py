"""Issue 11 point 8: evidence files in an S3-compatible store by setting (SHOUHU_STORAGE=s3), local files by
default. The kernel stores through Django's storage API, so the same `evidence_create` writes into a bucket
(moto's in-process S3, here at a MinIO-style endpoint), reads it back, and `shouhu audit verify` catches a
file swapped in the bucket exactly as one swapped on disk."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from shouhu.config.settings.base import file_storage
from shouhu.workflow.evidence.services import evidence_create, evidence_verify

from .conftest import PDF

ENDPOINT = "http://minio.test:9000"
BUCKET = "shouhu-evidence"


def _env(**over: str) -> dict[str, str]:
    return {
        "SHOUHU_STORAGE": "s3",
        "SHOUHU_S3_BUCKET": BUCKET,
        "SHOUHU_S3_ENDPOINT_URL": ENDPOINT,
        "SHOUHU_S3_ACCESS_KEY": "minio-test-key",
        "SHOUHU_S3_SECRET_KEY": "minio-test-secret",
        "SHOUHU_S3_REGION": "us-east-1",
        "SHOUHU_S3_PREFIX": "shouhu/",
    } | over


def test_local_files_by_default_and_s3_by_setting():
    assert file_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    s3 = file_storage(_env())
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["location"]) == (
        BUCKET,
        ENDPOINT,
        "shouhu",
    )
    assert options["addressing_style"] == "path" and options["file_overwrite"] is False
    assert file_storage(_env(SHOUHU_S3_ENDPOINT_URL=""))["OPTIONS"]["addressing_style"] is None  # AWS
    with pytest.raises(ImproperlyConfigured, match="SHOUHU_S3_BUCKET"):
        file_storage(_env(SHOUHU_S3_BUCKET=""))
    with pytest.raises(ImproperlyConfigured, match="local or s3"):
        file_storage({"SHOUHU_STORAGE": "ftp"})


@pytest.fixture
def in_s3(settings, monkeypatch):
    """The default storage as SHOUHU_STORAGE=s3 configures it, against moto at a custom (MinIO) endpoint."""
    import boto3
    from moto import mock_aws

    monkeypatch.setenv("MOTO_S3_CUSTOM_ENDPOINTS", ENDPOINT)
    with mock_aws():
        client = boto3.client(
            "s3",
            endpoint_url=ENDPOINT,
            region_name="us-east-1",
            aws_access_key_id="minio-test-key",
            aws_secret_access_key="minio-test-secret",
        )
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": file_storage(_env())}
        yield client


def _object(client, key: str) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=f"shouhu/{key}")["Body"].read()


def test_evidence_goes_to_the_bucket_and_audit_verify_catches_a_swap_there(
    principal_a, png, jpeg, in_s3, capsys
):
    good = evidence_create(actor=principal_a, content=png)
    bad = evidence_create(actor=principal_a, content=PDF)
    assert type(bad.file.storage._wrapped).__name__ == "S3Storage"
    assert _object(in_s3, bad.file.name) == PDF  # really in the bucket, under the prefix
    with bad.file.open("rb") as fh:  # read back through the storage API
        assert hashlib.sha256(fh.read()).hexdigest() == bad.sha256
    assert evidence_verify(good) and evidence_verify(bad)
    call_command("audit", "verify")
    assert "evidence.files" in capsys.readouterr().out

    in_s3.put_object(Bucket=BUCKET, Key=f"shouhu/{bad.file.name}", Body=jpeg)  # swapped in the bucket
    with pytest.raises(CommandError, match="1 stored-file/check problem"):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert f"evidence.EvidenceFile id={bad.pk} ({bad.file.name})" in err
    assert "stored bytes do not match" in err and f"id={good.pk} " not in err
    assert not evidence_verify(bad)

    in_s3.delete_object(Bucket=BUCKET, Key=f"shouhu/{bad.file.name}")  # and a missing object
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert "file missing from storage" in capsys.readouterr().err
