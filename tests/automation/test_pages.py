"""The rules pages: supervisors list, create, edit, preview, turn off and delete rules and
read each rule's firings; agents, merchants and consumers are refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.automation.conftest import make_rule, work
from tousu.automation.models import Rule, RuleRun
from tousu.complaints import actions
from tousu.complaints.choices import Channel


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def boss(supervisor):
    return client_for(supervisor)


FORM = {
    "name": "大额退款",
    "order": "10",
    "is_active": "on",
    "trigger": "filed",
    "channels": ["web", "app"],
    "priorities": ["2", "3"],
    "amount_min": "100",
    "amount_max": "",
    "words": "退款，假货",
    "time_when": "",
    "tag": "大额",
    "priority": "3",
    "notify": "all",
}


def test_create_then_edit_a_rule(boss, supervisor, shop):
    response = boss.post(reverse("desk:new_rule"), {**FORM, "shops": shop.shop_name})
    rule = Rule.objects.get(name="大额退款")
    assert response.status_code == 302 and response.url == reverse("desk:rule", args=[rule.pk])
    assert rule.trigger == "filed" and rule.order == 10 and rule.created_by == supervisor
    assert rule.conditions == [
        {"kind": "channel", "in": ["app", "web"]},
        {"kind": "priority", "in": [2, 3]},
        {"kind": "shop", "in": [shop.pk]},
        {"kind": "amount", "min_fen": 10000, "max_fen": None},
        {"kind": "words", "any": ["退款", "假货"]},
    ]
    assert rule.actions == [
        {"kind": "tag", "name": "大额"},
        {"kind": "priority", "priority": 3},
        {"kind": "notify", "user": None},
    ]
    page = boss.get(reverse("desk:rule", args=[rule.pk])).content.decode()
    assert 'value="大额退款"' in page and shop.shop_name in page and "退款 假货" in page
    boss.post(
        reverse("desk:rule", args=[rule.pk]),
        {**FORM, "name": "大额", "trigger": "urged", "urge_count": "3", "channels": []},
    )
    rule.refresh_from_db()
    assert (rule.name, rule.trigger, rule.trigger_params) == ("大额", "urged", {"count": 3})
    assert rule.conditions[0]["kind"] == "priority"


@pytest.mark.parametrize(
    "change, field_error",
    [
        ({"name": ""}, "name"),
        ({"trigger": "urged", "urge_count": ""}, "urge_count"),
        ({"amount_min": "-1"}, "amount"),
        ({"amount_min": "500", "amount_max": "100"}, "amount"),
        ({"time_when": "hours", "time_from": "25:00", "time_to": "08:00"}, "time"),
        ({"shops": "不存在的店"}, "shops"),
        ({"tag": "", "priority": "", "notify": ""}, "actions"),
    ],
)
def test_bad_input_is_explained_in_chinese_and_nothing_saved(
    boss, change, field_error, chinese_default
):
    response = boss.post(reverse("desk:new_rule"), {**FORM, **change})
    assert response.status_code == 422
    assert field_error in response.context["errors"]
    page = response.content.decode()
    assert "规则未保存" in page
    assert not Rule.objects.exists()


def test_every_mistake_shows_at_once(boss):
    response = boss.post(
        reverse("desk:new_rule"),
        {
            **FORM,
            "shops": "不存在的店",
            "amount_min": "500",
            "amount_max": "100",
            "tag": "",
            "priority": "",
            "notify": "",
        },
    )
    assert response.status_code == 422
    assert {"shops", "amount", "actions"} <= set(response.context["errors"])


def test_preview_lists_the_open_complaints_that_match(boss, complaint, supervisor):
    # Only the conditions are read: no name or action is needed to preview.
    unnamed = {**FORM, "name": "", "tag": "", "priority": "", "notify": ""}
    response = boss.post(reverse("desk:new_rule"), {**unnamed, "words": "没有声音", "preview": "1"})
    assert response.status_code == 200 and not Rule.objects.exists()  # nothing saved
    preview = response.context["preview"]
    assert preview["count"] == 1 and preview["complaints"] == [complaint]
    assert reverse("desk:detail", args=[complaint.number]) in response.content.decode()
    bad = boss.post(reverse("desk:new_rule"), {**unnamed, "amount_min": "x", "preview": "1"})
    assert bad.status_code == 422 and set(bad.context["errors"]) == {"amount"}
    rule = make_rule(supervisor, conditions=[{"kind": "words", "any": ["别的"]}])
    assert boss.get(reverse("desk:rule", args=[rule.pk])).context["preview"]["count"] == 0


def test_the_rule_page_shows_its_firings(boss, supervisor, complaint, consumer):
    rule = make_rule(
        supervisor,
        trigger="consumer_message",
        actions=[{"kind": "forward"}, {"kind": "tag", "name": "在催"}],
    )
    actions.transition(complaint, None, "intervene", channel=Channel.SYSTEM)
    actions.post_message(complaint, consumer, "在吗", channel=Channel.WEB)
    work()
    page = boss.get(reverse("desk:rule", args=[rule.pk])).content.decode()
    assert complaint.number in page and "tagged 在催" in page
    assert "refused" in page  # forwarding was not possible from intervention, and says why
    listing = boss.get(reverse("desk:rules")).content.decode()
    assert rule.name in listing


def test_turn_off_and_delete_with_confirmation(boss, supervisor, complaint, consumer):
    rule = make_rule(supervisor, trigger="consumer_message")
    boss.post(reverse("desk:rule_active", args=[rule.pk]), {"active": "0"})
    rule.refresh_from_db()
    assert not rule.is_active
    actions.post_message(complaint, consumer, "在吗", channel=Channel.WEB)
    work()
    assert not RuleRun.objects.exists()  # an inactive rule does not fire
    boss.post(reverse("desk:rule_active", args=[rule.pk]), {"active": "1"})
    actions.post_message(complaint, consumer, "还在吗", channel=Channel.WEB)
    work()
    assert RuleRun.objects.count() == 1
    confirm = boss.get(reverse("desk:delete_rule", args=[rule.pk]))
    assert confirm.status_code == 200 and Rule.objects.exists()  # GET only asks
    assert boss.post(reverse("desk:delete_rule", args=[rule.pk])).status_code == 302
    assert not Rule.objects.exists()
    assert RuleRun.objects.get().rule_name == rule.name  # the audit stays


@pytest.mark.parametrize("who", ["agent", "merchant_staff", "consumer"])
def test_everyone_but_supervisors_is_refused(request, who, supervisor):
    user = request.getfixturevalue(who)
    rule = make_rule(supervisor)
    client = client_for(user)
    pages = [
        ("get", reverse("desk:rules")),
        ("get", reverse("desk:new_rule")),
        ("post", reverse("desk:new_rule")),
        ("get", reverse("desk:rule", args=[rule.pk])),
        ("post", reverse("desk:rule", args=[rule.pk])),
        ("post", reverse("desk:rule_active", args=[rule.pk])),
        ("get", reverse("desk:delete_rule", args=[rule.pk])),
        ("post", reverse("desk:delete_rule", args=[rule.pk])),
    ]
    for method, url in pages:
        response = getattr(client, method)(url, {**FORM, "active": "0"} if method == "post" else {})
        assert response.status_code == 404, (method, url)
    rule.refresh_from_db()
    assert rule.is_active and rule.name == "规则"


def test_anonymous_visitors_are_sent_to_sign_in(supervisor):
    response = Client().get(reverse("desk:rules"))
    assert response.status_code == 302 and "login" in response.url


def test_tags_show_on_the_workbench(boss, supervisor, complaint, consumer, agent):
    make_rule(supervisor, trigger="consumer_message", actions=[{"kind": "tag", "name": "媒体关注"}])
    actions.post_message(complaint, consumer, "我要找媒体", channel=Channel.WEB)
    work()
    page = client_for(agent).get(reverse("desk:detail", args=[complaint.number])).content.decode()
    assert 'data-tag="媒体关注"' in page and "Tag added: 媒体关注" in page


@pytest.mark.parametrize(
    "junk",
    [
        {"trigger": "bogus"},
        {"priorities": ["x"]},
        {"channels": ["nope"]},
        {"notify": "999999"},
        {"assign": "abc"},
        {"assign_team": "999999"},
        {"macro": "-1"},
        {"team": "x"},
        {"urge_count": "abc", "trigger": "urged"},
        {"order": "99999999999999999999"},
        {"amount_min": "1e400"},
        {"time_when": "whenever"},
        {"words": "字" * 800},
        {"name": "名" * 81},
    ],
)
def test_malformed_input_is_refused_with_a_message_never_a_crash(boss, junk):
    response = boss.post(reverse("desk:new_rule"), {**FORM, **junk})
    assert response.status_code == 422 and response.context["errors"]
    # The preview reads the conditions only: junk elsewhere does not stop it.
    preview = boss.post(reverse("desk:new_rule"), {**FORM, **junk, "preview": "1"})
    about_conditions = {"priorities", "channels", "team", "amount_min", "time_when", "words"}
    assert preview.status_code == (422 if about_conditions & set(junk) else 200)
    assert not Rule.objects.exists()


def test_an_unknown_rule_is_a_404(boss):
    for name in ("desk:rule", "desk:delete_rule", "desk:rule_active"):
        assert boss.post(reverse(name, args=[999999])).status_code == 404
