"""WeChat replies come out in Chinese from the app's own catalogue."""


def test_chinese_reply_comes_from_this_catalogue():
    from django.utils import translation

    from tousu.channels.wechat.dialogue import help_text

    with translation.override("zh-hans"):
        assert help_text().startswith("您可以回复")
