"""``tousu areacodes``: write the area-code table from phonenumbers' geocoding data.

Run it after upgrading phonenumbers (tests/escalation/test_areacodes.py fails until then).
"""

from django.core.management.base import BaseCommand

from tousu.escalation import areacode_source


class Command(BaseCommand):
    help = "Write tousu/escalation/areacodes.json from phonenumbers' geocoding data."

    def handle(self, *args, **options):
        count = areacode_source.write()
        self.stdout.write(f"{count} places written to {areacode_source.TABLE}")
