"""Objects the authorization matrix (``tests/access_matrix.py``) aims at: one client with a
goal and a referral in organisation A (contact person ``professional_a``) and one in
organisation B (``professional_b``). Created on first use and cached on the matrix world."""

from typing import Any

from koers.trajectories import services


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
        cached = {"client_id": trajectory.client_id, "goal_id": goal.pk, "referral_id": referral.pk}
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
