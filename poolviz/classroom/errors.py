"""The classroom store's own errors. Each message is a plain sentence the page can show as it is."""

from __future__ import annotations


class ClassroomError(Exception):
    """Base of every error the store raises: catch this one to show `str(error)` to a person."""


class ClassNotFoundError(ClassroomError, ValueError):
    """No live class has this code: mistyped, never made, or expired."""


class RoundNotFoundError(ClassroomError, ValueError):
    """This class has no question with this round id (or the class was reset since)."""


class StudentNotFoundError(ClassroomError, ValueError):
    """This student id did not join this class."""


class InvalidInputError(ClassroomError, ValueError):
    """A nickname, question, answer, step or store address the store refuses, with what is allowed."""


class WrongKeyError(ClassroomError, PermissionError):
    """The teacher key is missing or is not this class's key."""


class NotRevealedError(ClassroomError, PermissionError):
    """What was asked for is shown only after the reveal."""


class StoreUnavailableError(ClassroomError, RuntimeError):
    """The database (SQLite file or Redis server) failed or did not answer; the original error is chained."""
