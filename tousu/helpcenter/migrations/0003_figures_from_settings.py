"""The shipped articles quote their time limits through placeholders (docs/helpcenter.md).

Each typed figure becomes a placeholder such as ``[[return_receipt]]``, filled in from the
clock's setting or SLA policy whenever the page is shown (``tousu.sla.figures.fill``), so
the text stays true when a policy or setting changes. Sentences are replaced where they
still read as shipped; an article an administrator rewrote keeps its own wording.
"""

from django.db import migrations, models

# (slug, field, as shipped by 0002, with placeholders)
REPLACEMENTS = [
    ("how-to-complain", "body", "我们一般会在 24 小时内（热线服务时间内）回电。", "我们会在 [[callback]]内回电。"),
    ("after-filing", "body", "每 24 小时可催办一次", "每 [[urge_cooldown]]可催办一次"),
    ("how-long", "summary", "商家 48 小时内处理，7 天内可申请平台介入，平台 3 个工作日内裁决。",
     "商家 [[merchant_response]]内处理，[[intervention_window]]内可申请平台介入，平台 [[decision]]内裁决。"),
    ("how-long", "body", "- 其他渠道：工作时间内 4 小时内受理。", "- 其他渠道：[[acknowledge]]内受理。"),
    ("how-long", "body", "- 热线预约回电：24 小时内（热线服务时间内）回电。", "- 热线预约回电：[[callback]]内回电。"),
    ("how-long", "body", "- 商家须在 48 小时内处理您的投诉。", "- 商家须在 [[merchant_response]]内处理您的投诉。"),
    ("how-long", "body", "- 售后申请（退货、退款等）商家 48 小时内不处理的，视为同意您的申请。",
     "- 售后申请（退货、退款等）商家 [[merchant_response kind=after_sales]]内不处理的，视为同意您的申请。"),
    ("how-long", "body", "- 商家提出方案或拒绝后，您可以在 7 天内申请平台介入；超过 7 天未回应的，投诉将关闭。",
     "- 商家提出方案或拒绝后，您可以在 [[intervention_window]]内申请平台介入；超过 [[intervention_window]]未回应的，"
     "投诉将关闭。"),
    ("how-long", "body", "- 平台要求补充证据时，请在 3 天内提交；到期后平台根据已有材料处理。",
     "- 平台要求补充证据时，请在 [[evidence]]内提交；到期后平台根据已有材料处理。"),
    ("how-long", "body", "- 平台在 3 个工作日内作出裁决（等待您补充材料的时间不计算在内）。",
     "- 平台在 [[decision]]内作出裁决（等待您补充材料的时间不计算在内）。"),
    ("how-long", "body", "- 需要退货时，请在 7 天内填写退货物流单号。", "- 需要退货时，请在 [[return_shipment]]内填写退货物流单号。"),
    ("how-long", "body", "- 商家须在 10 天内确认收到退货；逾期未确认的，视为已收到，退款随即发出。",
     "- 商家须在 [[return_receipt]]内确认收到退货；逾期未确认的，视为已收到，退款随即发出。\n"
     "- 商家收到退货后，须在 [[merchant_refund]]内退款（自收到退货的次日起计算）。"),
    ("how-long", "body", "- 处理完成后，请在 7 天内确认结果；逾期未确认的，视为问题已解决。",
     "- 处理完成后，请在 [[confirmation]]内确认结果；逾期未确认的，视为问题已解决。"),
    ("how-long", "body", "我们的目标是在 15 天内解决投诉（等待您回复的时间不计算在内）。由 12315 平台转来的投诉，在 10 个工作日内处理。",
     "我们的目标是在 [[resolution]]内解决投诉（等待您回复的时间不计算在内）。由 12315 平台转来的投诉，"
     "自 12315 收到投诉起 [[odr_settlement]]内处理，等待您回复的时间也计算在内。"),
    ("external-options", "body", "- 平台接到 12315 转来的投诉后，会与您联系，一般在 10 个工作日内处理。",
     "- 平台接到 12315 转来的投诉后，会与您联系，自 12315 收到投诉起 [[odr_settlement]]内处理。\n"
     "- 市场监管部门一般在 [[12315_acceptance]]内决定是否受理；调解需双方同意，受理后 [[12315_mediation]]内"
     "未达成协议的，调解终止（具体时限以市场监管总局公布的规定为准）。"),
]


def _apply(apps, pairs):
    Article = apps.get_model("helpcenter", "Article")
    for slug, field, old, new in pairs:
        article = Article.objects.filter(slug=slug).first()
        if article is not None and old in getattr(article, field):
            setattr(article, field, getattr(article, field).replace(old, new))
            article.save(update_fields=[field])


def forwards(apps, schema_editor):
    _apply(apps, REPLACEMENTS)


def backwards(apps, schema_editor):
    _apply(apps, [(slug, field, new, old) for slug, field, old, new in REPLACEMENTS])


class Migration(migrations.Migration):
    dependencies = [("helpcenter", "0002_shipped_articles")]
    operations = [
        migrations.AlterField(
            model_name="article",
            name="body",
            field=models.TextField(help_text="Plain text. A blank line starts a new paragraph; a line starting with “## ” is a heading; lines starting with “- ” make a list. Web addresses become links. No HTML. Time limits as placeholders, e.g. [[return_receipt]] or [[merchant_response kind=after_sales]]: they show what the clock uses (docs/helpcenter.md).", verbose_name="body"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
