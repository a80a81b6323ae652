"""Phone numbers: normalised to E.164 with phonenumbers, shown nationally, masked per role, reveals logged."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from tests.conftest import make_user
from tousu.accounts import phones
from tousu.accounts.actions import reveal_phone
from tousu.accounts.models import PhoneReveal, User


@pytest.mark.parametrize(
    "text, e164",
    [
        ("13812341234", "+8613812341234"),
        ("138-1234-1234", "+8613812341234"),
        ("+86 138 1234 1234", "+8613812341234"),
        ("0086 13812341234", "+8613812341234"),
        ("021-53395288", "+862153395288"),
        ("(021) 5339 5288", "+862153395288"),
        ("0755-12345678", "+8675512345678"),
        ("010 12345678", "+861012345678"),
    ],
)
def test_normalise_mobile_and_fixed_lines(text, e164):
    assert phones.normalise(text) == e164


@pytest.mark.parametrize("text", ["", "12345", "1381234123", "99912345678", "hello"])
def test_invalid_numbers_are_refused(text):
    assert phones.try_normalise(text) is None
    with pytest.raises(phones.InvalidPhone):
        phones.normalise(text)


def test_display_and_mask():
    assert phones.display("+8613812341234") == "138 1234 1234"
    assert phones.display("+862153395288") == "021 5339 5288"
    assert phones.mask("+8613812341234") == "138****1234"
    assert phones.mask("+862153395288") == "021-****5288"
    assert phones.mask("+8675512345678") == "0755-****5678"
    assert phones.mask("garbage-123456789") == "****6789"
    assert phones.mask("") == ""


def test_only_mobiles_receive_sms():
    assert phones.normalise_mobile("138 1234 1234") == "+8613812341234"
    assert phones.normalise_mobile("021-53395288") is None


def test_user_phone_is_stored_in_e164_and_validated(db):
    user = make_user("bob", "consumer", phone="139-0000-1111")
    assert User.objects.get(pk=user.pk).phone == "+8613900001111"
    user.phone = "12345"
    with pytest.raises(ValidationError):
        user.full_clean()


def test_data_migration_normalises_existing_values(db):
    user = make_user("carol", "consumer")
    odd = make_user("dave", "consumer")
    User.objects.filter(pk=user.pk).update(phone="021-53395288")
    User.objects.filter(pk=odd.pk).update(phone="not a number")
    migration = importlib.import_module("tousu.accounts.migrations.0003_phones_to_e164")
    migration.to_e164(apps, None)
    migration.to_e164(apps, None)  # rerunnable
    assert User.objects.get(pk=user.pk).phone == "+862153395288"
    assert User.objects.get(pk=odd.pk).phone == "not a number"


def test_reveal_is_for_platform_staff_and_logged(agent, consumer, merchant_staff, complaint):
    assert (
        reveal_phone(agent, consumer, complaint=complaint, reason="call back", where="test")
        == "138 1234 1234"
    )
    log = PhoneReveal.objects.get()
    assert (log.viewer, log.subject, log.complaint, log.reason) == (
        agent,
        consumer,
        complaint,
        "call back",
    )
    from django.core.exceptions import PermissionDenied

    for nobody in (merchant_staff, consumer):
        with pytest.raises(PermissionDenied):
            reveal_phone(nobody, consumer, complaint=complaint)
    assert PhoneReveal.objects.count() == 1


def test_desk_shows_masked_number_and_reveal_is_logged(client, agent, complaint):
    client.force_login(agent)
    html = client.get(f"/desk/c/{complaint.number}/").content.decode()
    assert "138****1234" in html and "1234 1234" not in html and "+8613812341234" not in html
    response = client.post(
        f"/desk/c/{complaint.number}/phone/", {"reason": "callback"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "138 1234 1234" in response.content.decode()
    assert PhoneReveal.objects.filter(viewer=agent, complaint=complaint, where="desk").count() == 1


def test_merchant_never_sees_the_full_number(client, merchant_staff, complaint, agent):
    from tousu.complaints import actions

    actions.transition(complaint, agent, "forward_to_merchant", channel="desk")
    client.force_login(merchant_staff)
    html = client.get(f"/merchant/center/c/{complaint.number}/").content.decode()
    assert "138****1234" in html and "13812341234" not in html and "1234 1234" not in html
    # The reveal endpoint does not exist for them.
    assert client.post(f"/desk/c/{complaint.number}/phone/").status_code == 404
    assert not PhoneReveal.objects.exists()


def test_outsiders_cannot_reveal(client, outsider, complaint):
    client.force_login(outsider)
    assert client.post(f"/desk/c/{complaint.number}/phone/").status_code == 404
    client.logout()
    assert client.post(f"/desk/c/{complaint.number}/phone/").status_code == 302  # to the login page
    assert not PhoneReveal.objects.exists()
