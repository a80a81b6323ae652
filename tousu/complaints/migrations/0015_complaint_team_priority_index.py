# A team's open queue sorted by priority (the desk's "most urgent first" with a team).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0014_complaint_team'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='complaint',
            index=models.Index(condition=models.Q(('status__in', ['closed', 'escalated', 'not_accepted', 'withdrawn']), _negated=True), fields=['team', 'priority', 'id'], name='cmp_open_team_priority_id'),
        ),
    ]
