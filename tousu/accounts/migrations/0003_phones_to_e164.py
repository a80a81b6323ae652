"""Existing User.phone values to E.164 (+8613812341234), in batches; rerunnable.

Uses ``phonenumbers`` directly and the historical model, never the app's code, so it
keeps working whatever the app later becomes. A value that does not parse is left as
it is (an administrator fixes it; the validator refuses it on the next edit).
"""

from django.db import migrations

BATCH = 1000


def to_e164(apps, schema_editor):
    import phonenumbers

    User = apps.get_model("accounts", "User")
    last = 0
    while True:
        rows = list(User.objects.filter(pk__gt=last).exclude(phone="").order_by("pk").values_list("pk", "phone")[:BATCH])
        if not rows:
            return
        for pk, phone in rows:
            raw = phone.strip()
            if raw.startswith("00"):
                raw = "+" + raw[2:]
            try:
                number = phonenumbers.parse(raw, "CN")
            except phonenumbers.NumberParseException:
                continue
            if not phonenumbers.is_valid_number(number):
                continue
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if e164 != phone:
                User.objects.filter(pk=pk, phone=phone).update(phone=e164)
        last = rows[-1][0]


class Migration(migrations.Migration):

    dependencies = [("accounts", "0002_phone_e164_and_reveal_log")]

    operations = [migrations.RunPython(to_e164, migrations.RunPython.noop)]
