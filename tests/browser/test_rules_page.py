"""The automation rules form in a real browser: only the chosen trigger's fields show,
a rule saves, and no Content-Security-Policy violation on the way."""

import pytest

from tests.browser.conftest import log_in, needs_chromium
from tests.conftest import make_user
from tousu.accounts.models import Role
from tousu.automation.models import Rule

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.mark.django_db(transaction=True)
def test_the_form_shows_the_fields_of_the_chosen_trigger_and_saves(browser, live_server):
    boss = make_user("boss", Role.SUPERVISOR)
    boss.set_password("tousu-demo")
    boss.save()
    page = log_in(browser, live_server, "boss", viewport={"width": 1280, "height": 900})
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto(f"{live_server.url}/desk/rules/new/")
    urge = page.locator("input[name=urge_count]")
    until = page.locator("input[name=time_to]")
    assert not urge.is_visible() and not until.is_visible()
    page.select_option("select[name=trigger]", "urged")
    page.select_option("select[name=time_when]", "hours")
    assert urge.is_visible() and until.is_visible()
    assert not page.locator("select[name=to_status]").is_visible()
    page.fill("input[name=name]", "催办三次")
    urge.fill("3")
    page.fill("input[name=time_from]", "18:00")
    until.fill("08:30")
    page.fill("input[name=tag]", "多次催办")
    page.click("button.primary")
    page.wait_for_load_state()
    rule = Rule.objects.get()
    assert (rule.name, rule.trigger_params) == ("催办三次", {"count": 3})
    assert rule.conditions == [{"kind": "time", "when": "hours", "from": "18:00", "to": "08:30"}]
    assert page.url.endswith(f"/desk/rules/{rule.pk}/")
    assert violations == []
