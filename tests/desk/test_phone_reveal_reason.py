"""A full phone number needs a written reason; supervisors read the access log."""

import pytest
from django.core.exceptions import ValidationError

from tousu.accounts.actions import reveal_phone
from tousu.accounts.models import PhoneReveal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_the_action_refuses_a_blank_reason(agent, consumer, complaint, reason):
    with pytest.raises(ValidationError) as refused:
        reveal_phone(agent, consumer, complaint=complaint, reason=reason, where="test")
    assert refused.value.code == "reason_required"
    assert not PhoneReveal.objects.exists()


def test_desk_form_asks_for_the_reason(client, agent, complaint):
    client.force_login(agent)
    html = client.get(f"/desk/c/{complaint.number}/").content.decode()
    assert '<input name="reason" required' in html


def test_desk_without_a_reason_shows_the_form_again(client, agent, complaint):
    client.force_login(agent)
    url = f"/desk/c/{complaint.number}/phone/"
    swapped = client.post(url, {"reason": "  "}, HTTP_HX_REQUEST="true")
    assert (
        swapped.status_code == 200
    )  # htmx swaps only 2xx: the form and the message replace the number
    html = swapped.content.decode()
    assert (
        "Write why you need the full number" in html
        and "138****1234" in html
        and "1234 1234" not in html
    )
    page = client.post(url, {})
    assert page.status_code == 400 and "Write why you need the full number" in page.content.decode()
    assert not PhoneReveal.objects.exists()


def test_desk_with_a_reason_reveals_and_logs_it(client, agent, complaint):
    client.force_login(agent)
    response = client.post(
        f"/desk/c/{complaint.number}/phone/",
        {"reason": "  回访：核实  收货地址 "},
        HTTP_HX_REQUEST="true",
    )
    assert "138 1234 1234" in response.content.decode()
    assert PhoneReveal.objects.get().reason == "回访：核实 收货地址"


def test_supervisors_read_the_log(client, agent, supervisor, consumer, complaint):
    reveal_phone(agent, consumer, complaint=complaint, reason="call about the refund", where="desk")
    client.force_login(supervisor)
    html = client.get("/desk/supervisor/phone-reveals/").content.decode()
    assert "call about the refund" in html and complaint.number in html and "agent" in html
    assert "1234 1234" not in html  # the log names whose number, never the number
    assert (
        "call about the refund"
        not in client.get("/desk/supervisor/phone-reveals/?viewer=boss").content.decode()
    )


def test_the_log_pages_and_survives_bad_input(
    client, agent, supervisor, consumer, complaint, settings
):
    settings.TOUSU_QUEUE_PAGE_SIZE = 2
    for n in range(3):
        reveal_phone(agent, consumer, complaint=complaint, reason=f"reason {n}", where="desk")
    client.force_login(supervisor)
    first = client.get("/desk/supervisor/phone-reveals/").content.decode()
    assert "reason 2" in first and "reason 1" in first and "reason 0" not in first
    oldest = PhoneReveal.objects.order_by("id").first()
    second = client.get(f"/desk/supervisor/phone-reveals/?before={oldest.id + 1}").content.decode()
    assert "reason 0" in second and "reason 1" not in second
    for bad in ["²", "9" * 30, "-1", "abc"]:
        assert client.get("/desk/supervisor/phone-reveals/", {"before": bad}).status_code == 200


def test_agents_and_outsiders_do_not_see_the_log(client, agent, outsider, merchant_staff):
    for who in (agent, outsider, merchant_staff):
        client.force_login(who)
        assert client.get("/desk/supervisor/phone-reveals/").status_code == 404
