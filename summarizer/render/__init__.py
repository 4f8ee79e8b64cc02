"""Results out: plain text, Markdown and HTML forms of a ``SummaryResult`` for the CLI, exports and the UI."""
