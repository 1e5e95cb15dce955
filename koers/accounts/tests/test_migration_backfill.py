"""Members who joined before "forgot password" existed can use it at once: the migration
fills their recovery hashes from the safety profile."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from koers.accounts import services
from koers.accounts.models import RecoveryAddress, RecoveryChannel

BEFORE = [("accounts", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_existing_members_get_recovery_hashes():
    executor = MigrationExecutor(connection)
    after = executor.loader.graph.leaf_nodes("accounts")
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE + [("safety", "0002_numbercheck_covering_index")])
    old_apps = old.apps
    user = old_apps.get_model("accounts", "User").objects.create(username="early", kind="member")
    old_apps.get_model("safety", "MemberProfile").objects.create(
        user_id=user.pk,
        work_name="Early",
        email="early@example.org",
        phone="+31612345678",
        reference="EARLY123",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    stored = dict(
        RecoveryAddress.objects.filter(user_id=user.pk).values_list("channel", "address_hash")
    )
    assert stored[RecoveryChannel.MAIL] == services._address_hash("mail", "early@example.org")
    assert stored[RecoveryChannel.SMS] == services._address_hash("sms", "+31612345678")
