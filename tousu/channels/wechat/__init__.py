"""The WeChat official account (公众号) channel: protocol, dialogue, binding, outgoing messages."""
