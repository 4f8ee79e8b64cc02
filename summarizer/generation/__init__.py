"""Summaries from stories: what the model reads (plan), the model calls (generate), the tidy-up (postprocess)."""
