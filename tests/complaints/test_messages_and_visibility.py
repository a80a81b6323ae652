"""Messages, internal notes and who sees which complaint."""

import pytest
from django.utils import translation

from tousu.complaints import access, actions
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.errors import NotFound, TransitionNotAllowed, ValidationFailed
from tousu.complaints.timeline import entries


def test_internal_note_is_for_staff_only(complaint, consumer, merchant_staff, agent, supervisor):
    actions.post_message(complaint, agent, "公开回复", channel=Channel.DESK)
    actions.post_message(
        complaint, agent, "内部备注：疑似职业索赔", channel=Channel.DESK, internal=True
    )
    for viewer in (consumer, merchant_staff):
        bodies = [e.body for e in access.timeline_for(viewer, complaint)]
        assert "公开回复" in bodies and "内部备注：疑似职业索赔" not in bodies
    for viewer in (agent, supervisor):
        assert "内部备注：疑似职业索赔" in [e.body for e in access.timeline_for(viewer, complaint)]


def test_only_staff_may_write_internal_notes(complaint, consumer, merchant_staff):
    for author in (consumer, merchant_staff):
        with pytest.raises(TransitionNotAllowed):
            actions.post_message(complaint, author, "偷偷写", channel=Channel.WEB, internal=True)
    assert not complaint.events.filter(kind=EventKind.NOTE).exists()


def test_empty_message_is_refused(complaint, consumer):
    with pytest.raises(ValidationFailed):
        actions.post_message(complaint, consumer, "   ", channel=Channel.WEB)


def test_outsiders_cannot_write(complaint, outsider, other_merchant_staff):
    for stranger in (outsider, other_merchant_staff):
        with pytest.raises(TransitionNotAllowed):
            actions.post_message(complaint, stranger, "hi", channel=Channel.WEB)


def test_each_role_sees_exactly_its_complaints(
    complaint, consumer, outsider, merchant_staff, other_merchant_staff, agent
):
    assert list(access.complaints_for(consumer)) == [complaint]
    assert list(access.complaints_for(merchant_staff)) == [complaint]
    assert list(access.complaints_for(agent)) == [complaint]
    assert not access.complaints_for(outsider).exists()
    assert not access.complaints_for(other_merchant_staff).exists()
    for stranger in (outsider, other_merchant_staff):
        with pytest.raises(NotFound):
            access.get_complaint(stranger, complaint.number)


def test_orders_are_visible_to_their_consumer_only(order, consumer, outsider, merchant_staff):
    assert list(access.orders_for(consumer)) == [order]
    assert not access.orders_for(outsider).exists()
    assert not access.orders_for(merchant_staff).exists()


def test_timeline_names_the_agent_by_role_and_display_name_never_by_login(
    complaint, consumer, agent
):
    actions.post_message(complaint, agent, "您好", channel=Channel.DESK)
    agent.display_name = ""
    agent.save()
    consumer_view = entries(complaint, access.timeline_for(consumer, complaint), consumer)
    assert consumer_view[-1].who == "Customer service" and consumer_view[-1].side == "platform"
    agent.display_name = "小王"
    agent.save()
    for reader in (consumer, agent):
        view = entries(complaint, access.timeline_for(reader, complaint), reader)
        assert view[-1].who == "Customer service 小王"
    agent.display_name = "客服小王"
    agent.save()
    with translation.override("zh-hans"):
        view = entries(complaint, access.timeline_for(consumer, complaint), consumer)
    assert view[-1].who == "客服小王"  # the role word is not said twice


def test_system_entries_say_system_once(complaint, consumer):
    seen = entries(complaint, access.timeline_for(consumer, complaint), consumer)
    filed = next(e for e in seen if e.kind == EventKind.FILED)
    system = [e for e in seen if e.side == "system"]  # the automatic acknowledgement
    assert system and all(e.who == "System" and e.shown_channel == "" for e in system)
    assert all(e.channel for e in system)  # the API keeps the channel
    assert filed.shown_channel == "Website"  # a person's entry still says through which channel


def test_assignment_only_to_platform_staff(complaint, agent, supervisor, merchant_staff):
    actions.assign(complaint, supervisor, agent)
    complaint.refresh_from_db()
    assert complaint.assignee == agent
    with pytest.raises(TransitionNotAllowed):
        actions.assign(complaint, supervisor, merchant_staff)
    with pytest.raises(TransitionNotAllowed):
        actions.assign(complaint, merchant_staff, agent)
    assert complaint.events.filter(kind=EventKind.ASSIGNED, internal=True).count() == 1


def test_acknowledgement_is_worded_for_each_reader(complaint, consumer, merchant_staff, agent):
    def first_ack(viewer):
        return next(
            e.summary
            for e in entries(complaint, access.timeline_for(viewer, complaint), viewer)
            if "cknowledged" in e.summary
        )

    assert "your complaint" in first_ack(consumer)
    assert "the consumer was told" in first_ack(
        merchant_staff
    ) and "the consumer was told" in first_ack(agent)
