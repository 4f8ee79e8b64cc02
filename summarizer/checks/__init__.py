"""Sources and checks: where each summary sentence comes from, what no source supports, where sources disagree."""
