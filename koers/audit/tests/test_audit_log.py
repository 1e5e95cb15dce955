"""The audit log: a hash chain that refuses edits through Koers and exposes edits made
behind its back; coordinators see their own organisation's entries only."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import RequestFactory

from koers.audit.models import GENESIS_HASH, AppendOnlyError, AuditAction, AuditEntry
from koers.audit.services import log_read, record

pytestmark = pytest.mark.django_db


def raw_sql(sql: str, params: list) -> None:
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), params)


def verify() -> str:
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


@pytest.fixture
def chain(users, org_a) -> list[AuditEntry]:
    actor = users["professional_a"]
    return [
        record(actor, AuditAction.READ, ("trajectories.trajectory", 11)),
        record(actor, AuditAction.UPDATE, ("trajectories.trajectory", 11), detail="phase changed"),
        record(actor, AuditAction.EXPORT, ("trajectories.trajectory", 12), detail="PDF"),
        record(actor, AuditAction.READ, ("trajectories.trajectory", 13)),
    ]


def test_record_builds_a_chain(chain, org_a):
    assert [entry.sequence for entry in chain] == [1, 2, 3, 4]
    assert chain[0].previous_hash == GENESIS_HASH
    for previous, entry in zip(chain, chain[1:], strict=False):
        assert entry.previous_hash == previous.entry_hash
    assert len({entry.entry_hash for entry in chain}) == 4
    assert all(entry.organisation == org_a for entry in chain)
    assert chain[0].actor_label == "professional-a"


def test_entries_cannot_be_changed_or_deleted_through_the_orm(chain):
    entry = AuditEntry.objects.get(sequence=2)
    entry.detail = "nothing happened"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(sequence=2).update(detail="nothing happened")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(sequence=2).detail == "phase changed"
    assert AuditEntry.objects.count() == 4


def test_verify_passes_on_an_intact_chain(chain):
    assert "intact: 4 entries" in verify()


def test_verify_passes_on_an_empty_log(db):
    assert "intact: 0 entries" in verify()


def test_verify_fails_naming_the_entry_after_a_raw_update(chain):
    raw_sql("UPDATE {table} SET detail = %s WHERE sequence = %s", ["nothing happened", 2])
    with pytest.raises(CommandError, match=r"entry #2: entry content was changed"):
        verify()


def test_verify_fails_after_a_raw_update_with_a_recomputed_hash(chain):
    """Recomputing the changed entry's own hash does not help: the next link breaks."""
    entry = AuditEntry.objects.get(sequence=2)
    entry.detail = "nothing happened"
    raw_sql(
        "UPDATE {table} SET detail = %s, entry_hash = %s WHERE sequence = %s",
        ["nothing happened", entry.compute_hash(), 2],
    )
    with pytest.raises(CommandError, match=r"entry #3: link to the previous entry is broken"):
        verify()


def test_verify_fails_naming_the_entry_after_a_raw_delete_in_the_middle(chain):
    raw_sql("DELETE FROM {table} WHERE sequence = %s", [3])
    with pytest.raises(CommandError, match=r"entry #3: this entry is missing"):
        verify()


def test_verify_fails_after_the_last_entry_is_deleted(chain):
    raw_sql("DELETE FROM {table} WHERE sequence = %s", [4])
    with pytest.raises(CommandError, match=r"entry #4: .*removed"):
        verify()


def test_verify_fails_after_the_last_entry_is_replaced(chain):
    entry = AuditEntry.objects.get(sequence=4)
    entry.object_id = "99"
    raw_sql(
        "UPDATE {table} SET object_id = %s, entry_hash = %s WHERE sequence = %s",
        ["99", entry.compute_hash(), 4],
    )
    with pytest.raises(CommandError, match=r"entry #4: the last entry differs"):
        verify()


def test_verify_fails_after_an_entry_is_appended_behind_koers_back(chain):
    forged = AuditEntry.objects.get(sequence=4)
    columns = (
        "sequence, at, actor_label, action, object_type, object_id, detail, previous_hash, "
        "entry_hash"
    )
    forged.sequence = 5
    forged.previous_hash = AuditEntry.objects.get(sequence=4).entry_hash
    forged.detail = "forged"
    forged.actor_id = forged.organisation_id = None
    raw_sql(
        f"INSERT INTO {{table}} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            5,
            connection.ops.adapt_datetimefield_value(forged.at),
            forged.actor_label,
            forged.action,
            forged.object_type,
            forged.object_id,
            "forged",
            forged.previous_hash,
            forged.compute_hash(),
        ],
    )
    with pytest.raises(CommandError, match=r"entry #5: entries after #4 were added"):
        verify()


def test_log_read_records_a_read_with_the_actors_organisation(users, org_a, org_b):
    request = RequestFactory().get("/clients/7/")
    request.user = users["professional_b"]
    obj = ("trajectories.trajectory", 7)
    assert log_read(request, obj) is obj
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.READ
    assert entry.actor == users["professional_b"]
    assert entry.organisation == org_b
    assert (entry.object_type, entry.object_id) == ("trajectories.trajectory", "7")


def test_log_read_of_a_model_instance_names_type_and_id(users, org_a):
    request = RequestFactory().get("/")
    request.user = users["coordinator"]
    log_read(request, org_a)
    entry = AuditEntry.objects.get()
    assert (entry.object_type, entry.object_id) == ("organisations.organisation", str(org_a.pk))


def test_coordinator_sees_only_their_own_organisations_entries(users, client_for, org_a, org_b):
    record(users["professional_a"], AuditAction.READ, ("trajectories.trajectory", 101))
    record(users["professional_b"], AuditAction.READ, ("trajectories.trajectory", 202))
    record(users["professional_b"], AuditAction.EXPORT, ("trajectories.trajectory", 203))
    response = client_for("coordinator").get("/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    # The object is named in the reader's language ("traject"), not by its code name.
    assert "professional-a" in page and "traject 101" in page
    assert "trajectories.trajectory" not in page
    assert "professional-b" not in page
    assert "traject 202" not in page
    assert "traject 203" not in page


def test_a_type_that_names_no_model_is_shown_as_recorded(users, client_for, org_a):
    record(users["professional_a"], AuditAction.EXPORT, ("monitoring-report", 7))
    page = client_for("coordinator").get("/audit/").content.decode()
    assert "monitoring-report 7" in page


def test_audit_log_paginates(users, client_for, org_a):
    for number in range(55):
        record(
            users["professional_a"], AuditAction.READ, ("trajectories.trajectory", 1000 + number)
        )
    client = client_for("coordinator")
    first = client.get("/audit/").content.decode()
    newest, oldest = "traject 1054", "traject 1000"
    assert newest in first and oldest not in first  # newest first
    second = client.get("/audit/?page=2").content.decode()
    assert oldest in second and newest not in second
