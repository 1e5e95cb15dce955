"""Objects the authorization matrix (``tests/access_matrix.py``) aims at: one client with a
goal and a referral in organisation A (contact person ``professional_a``) and one in
organisation B (``professional_b``). Created on first use and cached on the matrix world."""

from typing import Any

from koers.trajectories import services
from koers.trajectories.models import Handover, Task


def _case(world: Any, org_key: str) -> dict[str, int]:
    attribute = f"_trajectories_case_{org_key}"
    cached = getattr(world, attribute, None)
    if cached is None:
        organisation = world.org_a if org_key == "a" else world.org_b
        person = world.users["professional_a" if org_key == "a" else "professional_b"]
        trajectory = services.open_trajectory(
            work_name=f"Matrix client {org_key}",
            channel="phone",
            language="nl",
            organisation=organisation,
            contact_person=person,
        )
        goal = services.add_goal(trajectory, by=person, life_domain="housing", description="A home")
        referral = services.propose_referral(
            trajectory, by=person, partner_name="Housing partner", partner_contact="Sam"
        )
        # A handover note to the contact person (written directly: a handover through the
        # service would change the contact person the other rows rely on).
        handover = Handover.objects.create(
            trajectory=trajectory, from_user=None, to_user=person, note="What was agreed"
        )
        task = Task.objects.create(
            trajectory=trajectory,
            owner=person,
            title="Call the partner",
            due_on=trajectory.opened_on,
        )
        cached = {
            "task_id": task.pk,
            "client_id": trajectory.client_id,
            "goal_id": goal.pk,
            "referral_id": referral.pk,
            "handover_id": handover.pk,
        }
        setattr(world, attribute, cached)
    return cached


def client(world: Any, org_key: str = "a") -> dict[str, int]:
    return {"client_id": _case(world, org_key)["client_id"]}


def goal(world: Any, org_key: str = "a") -> dict[str, int]:
    case = _case(world, org_key)
    return {"client_id": case["client_id"], "goal_id": case["goal_id"]}


def referral(world: Any, org_key: str = "a") -> dict[str, int]:
    case = _case(world, org_key)
    return {"client_id": case["client_id"], "referral_id": case["referral_id"]}


def client_b(world: Any) -> dict[str, int]:
    return client(world, "b")


def goal_b(world: Any) -> dict[str, int]:
    return goal(world, "b")


def referral_b(world: Any) -> dict[str, int]:
    return referral(world, "b")


def handover(world: Any, org_key: str = "a") -> dict[str, int]:
    case = _case(world, org_key)
    return {"client_id": case["client_id"], "handover_id": case["handover_id"]}


def handover_b(world: Any) -> dict[str, int]:
    return handover(world, "b")


def task(world: Any, org_key: str = "a") -> dict[str, int]:
    case = _case(world, org_key)
    return {"client_id": case["client_id"], "task_id": case["task_id"]}


def task_b(world: Any) -> dict[str, int]:
    return task(world, "b")
