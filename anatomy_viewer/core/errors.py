"""Errors a user can act on. The CLI prints them as one line and exits with code 2."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a missing resource, explained in one line the user can act on."""


class MeshLoadError(UserError):
    """A mesh file is corrupt, empty or unreadable; the message names the file."""


class MeshesMissingError(UserError):
    """Required mesh files are not in the resolved mesh folder."""
