"""Teams in a real browser: the supervisor's team page and form, the queue by team, and the
workbench's team box (assign in turn), with no Content-Security-Policy violation."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import log_in, needs_chromium
from tests.browser.test_desk_cockpit import watch_csp
from tousu.complaints.models import Complaint
from tousu.teams.models import Team

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.mark.django_db(transaction=True)
def test_team_page_queue_filter_and_workbench(browser, live_server, tmp_path, chinese_default):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    shots = Path(os.environ.get("TOUSU_SCREENSHOTS", tmp_path))
    size = {"width": 1280, "height": 860, "locale": "zh-CN"}

    boss = log_in(browser, live_server, "supervisor1", viewport=size)
    violations = watch_csp(boss)
    boss.goto(f"{live_server.url}/desk/")
    boss.click("nav.mainnav a[href='/desk/teams/']")
    assert boss.locator("tr[data-team]").count() == 3
    boss.screenshot(path=str(shots / "desk-teams-1280.png"), full_page=True)
    tech = Team.objects.get(name="数码电子")
    boss.click(f"a[href='/desk/teams/{tech.pk}/']")
    boss.fill("input[name=description]", "手机、电脑、耳机、相机")
    boss.screenshot(path=str(shots / "desk-team-form-1280.png"), full_page=True)
    boss.click("button[type=submit].primary")
    assert "/desk/teams/" in boss.url and "手机、电脑、耳机、相机" in boss.content()

    agent = log_in(browser, live_server, "agent1", viewport=size)
    violations += watch_csp(agent)
    agent.goto(f"{live_server.url}/desk/")
    agent.click("nav.quick a[href='/desk/?team=mine']")
    teams_shown = set(agent.locator("tr[data-row] .badge.team").all_inner_texts())
    assert teams_shown and teams_shown <= {"食品安全", "数码电子"}
    assert agent.locator("select[name=team]").input_value() == "mine"
    agent.screenshot(path=str(shots / "desk-queue-team-1280.png"))

    waiting = Complaint.objects.filter(team__isnull=True, assignee__isnull=True).exclude(
        status__in=["closed", "withdrawn", "not_accepted", "escalated"]
    )[0]
    agent.goto(f"{live_server.url}/desk/c/{waiting.number}/")
    agent.select_option(".team-form select[name=team]", str(tech.pk))
    agent.click(".team-form button[name=in_turn]")
    agent.wait_for_load_state()
    waiting.refresh_from_db()
    assert waiting.team == tech and waiting.assignee in tech.members.all()
    assert agent.locator("[data-team]").inner_text() == "数码电子"
    agent.locator(".handling").scroll_into_view_if_needed()
    agent.screenshot(path=str(shots / "desk-workbench-team-1280.png"))
    assert violations == []
