"""The one error the reading steps raise for a file they cannot use."""


class UnreadableFile(Exception):
    """The file cannot be turned into text; the message says why."""
