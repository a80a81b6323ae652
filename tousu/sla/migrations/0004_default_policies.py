"""Seed the default SLA policies (docs/sla.md lists every figure and its source).

The defaults are data, not code: administrators change them in the admin.
Sources (docs/domain.md): #platform-timers (WeChat mini-shop after-sales timers),
#12315-odr-enterprises, #complaint-handling-iso-10002 (acknowledge at once), and the
hotline's service hours (#the-consumers-path).
"""

from django.db import migrations

# (clock, duration, calendar, pauses while waiting on the consumer, breach action, remind before minutes)
DEFAULT = [
    ("acknowledge", "4h", "office", False, "notify", 60),
    ("first_response", "8h", "office", False, "raise_priority", 120),
    ("merchant_response", "48ch", "office", False, "intervene", 360),
    ("intervention_window", "7cd", "office", False, "lapse", None),
    ("evidence", "3cd", "office", False, "evidence_complete", None),
    ("decision", "3d", "office", True, "raise_priority", 240),
    ("return_receipt", "10cd", "office", False, "confirm_receipt", None),
    ("confirmation", "7cd", "office", False, "confirm", None),
    ("resolution", "15cd", "office", True, "notify", 1440),
]

POLICIES = [
    # name, match fields, rules
    ("默认 Default", {}, DEFAULT),
    # After-sales: a merchant silent for 48 h is treated as agreeing (WeChat mini-shop rule).
    ("售后 After-sales", {"kind": "after_sales"},
     [("merchant_response", "48ch", "office", False, "merchant_agree", 360)]),
    # 12315 ODR: settle within 10 working days of receipt.
    ("12315 ODR", {"channel": "12315"},
     [("resolution", "10d", "office", True, "raise_priority", 1440)]),
    # Hotline: call the consumer back within 24 h of hotline service hours.
    ("热线 Hotline", {"channel": "phone"},
     [("callback", "24h", "hotline", False, "notify", 120)]),
]


def seed(apps, schema_editor):
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    ClockRule = apps.get_model("sla", "ClockRule")
    for name, match, rules in POLICIES:
        policy, created = SlaPolicy.objects.get_or_create(name=name, defaults=match)
        if not created:
            continue
        for clock, duration, calendar, pauses, action, remind in rules:
            ClockRule.objects.create(
                policy=policy, clock=clock, duration=duration, calendar=calendar,
                pauses_while_waiting_on_consumer=pauses, breach_action=action, remind_before_minutes=remind,
            )


def unseed(apps, schema_editor):
    apps.get_model("sla", "SlaPolicy").objects.filter(name__in=[p[0] for p in POLICIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("sla", "0003_sla_policies_and_deadlines")]
    operations = [migrations.RunPython(seed, unseed)]
