"""The steps of the WeChat dialogue, one module per stage, mixed into ``dialogue.Dialogue``.

Each mixin uses what the dialogue sets up: ``self.message`` (the ``Inbound``),
``self.conv`` (the user's ``Conversation`` row, saved after the step) and ``self.now``.
"""
