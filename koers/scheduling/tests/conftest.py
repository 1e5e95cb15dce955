import pytest


@pytest.fixture(autouse=True)
def own_audit_checkpoint_file(settings, tmp_path):
    """run_scheduled_jobs runs audit_checkpoint: its checkpoints go to this test's own file,
    not the shared one other tests verify the chain against."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
