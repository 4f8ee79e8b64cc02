"""User-facing errors: the CLI and the UI catch SummarizerError and print its message."""


class SummarizerError(Exception):
    """Base of every error a user can cause and fix (bad input, missing model, bad settings)."""


class InputError(SummarizerError):
    """The articles given cannot be used: nothing readable, empty, too large."""


class ModelError(SummarizerError):
    """A model cannot be found, verified or loaded."""


class BatchError(SummarizerError):
    """A batch run cannot start or resume: bad paths or options, or an output made by a different run."""


class StoryIndexError(SummarizerError):
    """A story index cannot be used: missing, locked by another process, corrupt, or from a newer version."""
