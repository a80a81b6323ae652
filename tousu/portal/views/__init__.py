"""Portal views, split by topic: orders, filing, complaints, activity, merchant."""
