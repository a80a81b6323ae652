"""Macros: supervisors manage them, agents use them; apply_macro posts the filled reply
through complaints.actions and takes the step, all or nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.complaints.workflow import Status
from tousu.macros import actions as macros
from tousu.macros.models import Macro

BODY = "{consumer_name}您好，投诉 {complaint_number}（订单 {order_number}）已转商家，请于 {deadline} 前留意。"


@pytest.fixture
def supervisor_client(supervisor):
    client = Client()
    client.force_login(supervisor)
    return client


@pytest.fixture
def macro(supervisor):
    return macros.save_macro(supervisor, name="转商家", body=BODY, step="forward_to_merchant")


def test_supervisor_creates_edits_and_deletes(supervisor_client):
    page = reverse("desk:macros")
    assert supervisor_client.get(page).status_code == 200
    response = supervisor_client.post(
        page, {"name": "问候", "body": "{consumer_name}您好", "step": ""}
    )
    assert response.status_code == 302
    m = Macro.objects.get(name="问候")
    supervisor_client.post(
        reverse("desk:edit_macro", args=[m.pk]), {"name": "问候2", "body": "您好", "step": ""}
    )
    m.refresh_from_db()
    assert (m.name, m.body) == ("问候2", "您好")
    supervisor_client.post(reverse("desk:delete_macro", args=[m.pk]))
    assert not Macro.objects.exists()


def test_unknown_variable_and_bad_step_are_refused(supervisor_client, chinese_default):
    response = supervisor_client.post(
        reverse("desk:macros"), {"name": "坏", "body": "{phone}", "step": "decide"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "未知变量：{phone}" in html and "快捷回复不能执行这一步骤。" in html
    assert not Macro.objects.exists()


def test_agent_cannot_manage(agent_client, agent, macro):
    for url in (reverse("desk:macros"), reverse("desk:edit_macro", args=[macro.pk])):
        assert agent_client.get(url).status_code == 404
        assert agent_client.post(url, {"name": "x", "body": "y"}).status_code == 404
    assert agent_client.post(reverse("desk:delete_macro", args=[macro.pk])).status_code == 404
    with pytest.raises(TransitionNotAllowed):
        macros.save_macro(agent, name="x", body="y")
    with pytest.raises(TransitionNotAllowed):
        macros.delete_macro(agent, macro.pk)
    assert Macro.objects.get().name == "转商家"


def test_fill(macro, complaint, agent):
    text = macros.fill(macro, complaint, agent)
    assert text.startswith("alice您好，投诉 " + complaint.number)
    assert "订单 202611200001" in text and "{" not in text


def test_apply_posts_the_reply_and_takes_the_step(agent_client, macro, complaint):
    response = agent_client.post(
        reverse("desk:apply_macro", args=[complaint.number]), {"macro": macro.pk}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.WAITING_MERCHANT
    message = complaint.events.filter(kind="message").last()
    assert message.body.startswith("alice您好") and not message.internal


def test_a_refused_step_leaves_no_reply(agent, macro, complaint):
    macros.apply_macro(complaint, macro, agent)
    messages = complaint.events.filter(kind="message").count()
    with pytest.raises(TransitionNotAllowed):
        macros.apply_macro(complaint, macro, agent)  # already with the merchant
    assert complaint.events.filter(kind="message").count() == messages


def test_apply_a_missing_macro(agent_client, complaint):
    url = reverse("desk:apply_macro", args=[complaint.number])
    assert agent_client.post(url, {"macro": "99999999999999999999999"}).status_code == 400
    assert agent_client.post(url, {"macro": "12345"}).status_code == 400


def test_workbench_offers_macros_filled_in(agent_client, macro, complaint):
    html = agent_client.get(reverse("desk:detail", args=[complaint.number])).content.decode()
    assert "data-macro-select" in html
    assert f"alice您好，投诉 {complaint.number}" in html  # in the option's data-body


def test_insert_without_javascript_fills_the_reply_box(agent_client, macro, complaint):
    url = reverse("desk:detail", args=[complaint.number])
    html = agent_client.get(url, {"macro": macro.pk}).content.decode()
    box = html.split('name="body"', 1)[1].split("</textarea>", 1)[0]
    assert f"alice您好，投诉 {complaint.number}" in box
    assert agent_client.get(url, {"macro": "²"}).status_code == 200


def test_names_are_unique(supervisor):
    macros.save_macro(supervisor, name="A", body="x")
    with pytest.raises(ValidationFailed):
        macros.save_macro(supervisor, name="A", body="y")


@pytest.mark.parametrize("who", ["consumer", "merchant_staff"])
def test_non_staff_get_404(client, who, request, macro, complaint):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("desk:macros")).status_code == 404
    url = reverse("desk:apply_macro", args=[complaint.number])
    assert client.post(url, {"macro": macro.pk}).status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == Status.ACKNOWLEDGED
