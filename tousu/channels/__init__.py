"""Ways in for consumers beyond the portal and the app API, one app per channel."""
