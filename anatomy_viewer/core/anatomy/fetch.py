"""Downloading the BodyParts3D meshes into a folder (the user cache by default), checked by SHA-256.

One file at a time::

    url --urlopen--> <dest>/<file>.part (hashed while streaming) --SHA-256 ok--> rename to <file>

Any failure (network, short read, wrong hash, disk full, cancel) removes the ``.part`` file, so
the folder only ever holds complete, verified files, and a re-run fetches only what is missing.
The two optional OBJ femoral arteries were reconstructed from published text (SOURCES.md), so a
hash mismatch on an optional structure keeps the file with a one-line warning instead of failing.

Pure core: stdlib ``urllib`` (http, https and file:// URLs, so tests need no internet). The Qt
dialog and the CLI drive it through ``on_progress`` and ``cancel``.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ... import __version__
from ..errors import UserError
from .catalogue import Catalogue, Structure

BASE_URL_ENV = "ANATOMY_VIEWER_MESH_BASE_URL"
# SOURCES.md "Total: 50 files, 46,373,327 bytes": the size announced before a full download.
FULL_SET_BYTES = 46_373_327
# Per connect and per socket read: a stalled server ends the download instead of hanging the app.
TIMEOUT_S = 30.0
# 64 KiB: small enough for a smooth progress bar and a prompt cancel, big enough for few syscalls.
CHUNK_BYTES = 1 << 16
PART_SUFFIX = ".part"
_SCHEMES = ("http", "https", "file")
_USER_AGENT = f"anatomy-viewer/{__version__} (python-urllib)"


class FetchCancelledError(UserError):
    """The user stopped the download; verified files stay, the partial one is removed."""


@dataclass(frozen=True)
class FetchProgress:
    """Where a download run is: the current file, and how far into it and into the run."""

    file: str
    index: int  # 1-based position of ``file`` among the files this run downloads
    count: int
    file_done_bytes: int
    file_total_bytes: int | None  # None when the server announces no length
    done_bytes: int  # bytes received in this run so far, all files

    @property
    def fraction(self) -> float:
        """0..1 over the run, files weighted equally (a size is known only once its file starts)."""
        within = 0.0
        if self.file_total_bytes:
            within = min(1.0, self.file_done_bytes / self.file_total_bytes)
        return min(1.0, (self.index - 1 + within) / max(1, self.count))


@dataclass(frozen=True)
class FetchFailure:
    structure_id: str
    file: str
    url: str
    reason: str

    @property
    def message(self) -> str:
        return f"cannot download {self.file} from {self.url}: {self.reason}"


@dataclass
class FetchSummary:
    """What a run did, by structure id. ``failed`` holds required structures only."""

    dest: Path
    fetched: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already there (right hash, or optional)
    failed: list[FetchFailure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # optional ones: failed, or kept mismatch

    @property
    def ok(self) -> bool:
        return not self.failed

    def error_line(self) -> str:
        """One line: the first failure's URL and reason, and how many more failed."""
        if not self.failed:
            return ""
        more = len(self.failed) - 1
        tail = f" (and {more} more file(s) not downloaded)" if more else ""
        return self.failed[0].message + tail


Cancel = threading.Event | Callable[[], bool] | None
ProgressCallback = Callable[[FetchProgress], None]


class _StopRunError(Exception):
    """A failure after which the other downloads are pointless (server unreachable, disk full)."""


class _FileFailedError(Exception):
    """This file could not be fetched; the next may still work (HTTP 404, short read, bad hash)."""


def resolve_base_url(
    base_url: str | None = None, environ: Mapping[str, str] = os.environ
) -> str | None:
    """``--base-url`` beats ``$ANATOMY_VIEWER_MESH_BASE_URL``; None: the manifest's own URLs."""
    value = base_url or environ.get(BASE_URL_ENV) or None
    if value is None:
        return None
    if urllib.parse.urlsplit(value).scheme.lower() not in _SCHEMES:
        raise UserError(f"mesh base URL {value!r} must start with http://, https:// or file://")
    return value.rstrip("/")


def source_url(structure: Structure, base_url: str | None = None) -> str:
    """The manifest URL, or ``base_url/<file name>`` when a mirror serves the files."""
    return f"{base_url.rstrip('/')}/{structure.file}" if base_url else structure.url


def is_present(structure: Structure, path: Path) -> bool:
    """Already downloaded: the right bytes, or any bytes for an optional structure (see above)."""
    if not path.is_file():
        return False
    if structure.optional:
        return True
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest() == structure.sha256


def fetch_meshes(
    catalogue: Catalogue,
    dest: Path,
    *,
    ids: Iterable[str] | None = None,
    base_url: str | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: Cancel = None,
    timeout_s: float = TIMEOUT_S,
) -> FetchSummary:
    """Download into ``dest`` each structure of ``ids`` (default: all) that is not there yet.

    Never raises for a failed file: required structures go to ``summary.failed``, optional ones to
    ``summary.warnings``. Raises ``FetchCancelledError`` when ``cancel`` fires.
    """
    dest = Path(dest).expanduser()
    summary = FetchSummary(dest)
    todo = []
    for structure in (catalogue[i] for i in (ids if ids is not None else catalogue.ids)):
        if is_present(structure, dest / structure.file):
            summary.skipped.append(structure.id)
        else:
            todo.append(structure)

    is_cancelled = _cancel_check(cancel)
    done_bytes = 0
    stopped: FetchFailure | None = None
    for index, structure in enumerate(todo, start=1):
        url = source_url(structure, base_url)
        if stopped is not None:
            reason = f"not tried after the earlier failure ({stopped.reason})"
            _record(summary, structure, FetchFailure(structure.id, structure.file, url, reason))
            continue

        if is_cancelled():
            raise FetchCancelledError("download cancelled")
        report = _reporter(on_progress, structure.file, index, len(todo), done_bytes)
        try:
            received, digest = _download(url, structure, dest, report, is_cancelled, timeout_s)
        except (_StopRunError, _FileFailedError, OSError) as exc:
            reason = _os_reason(exc, dest) if isinstance(exc, OSError) else str(exc)
            failure = FetchFailure(structure.id, structure.file, url, reason)
            _record(summary, structure, failure)
            if not isinstance(exc, _FileFailedError):
                stopped = failure
            continue
        done_bytes += received
        summary.fetched.append(structure.id)
        if digest != structure.sha256:  # only an optional structure gets here with a mismatch
            summary.warnings.append(
                f"{structure.file} ({structure.id}, optional) differs from its manifest SHA-256; "
                "kept, as SOURCES.md marks its bytes as unproven"
            )
    return summary


def _cancel_check(cancel: Cancel) -> Callable[[], bool]:
    if cancel is None:
        return lambda: False
    if isinstance(cancel, threading.Event):
        return cancel.is_set
    return cancel


def _reporter(
    on_progress: ProgressCallback | None, name: str, index: int, count: int, start_bytes: int
) -> Callable[[int, int | None], None]:
    def report(file_done: int, file_total: int | None) -> None:
        if on_progress is not None:
            progress = FetchProgress(
                name, index, count, file_done, file_total, start_bytes + file_done
            )
            on_progress(progress)

    return report


def _record(summary: FetchSummary, structure: Structure, failure: FetchFailure) -> None:
    if structure.optional:
        summary.warnings.append(f"optional {failure.message}")
    else:
        summary.failed.append(failure)


def _download(
    url: str,
    structure: Structure,
    dest: Path,
    report: Callable[[int, int | None], None],
    is_cancelled: Callable[[], bool],
    timeout_s: float,
) -> tuple[int, str]:
    """Stream ``url`` to ``<file>.part``, verify, rename; returns (bytes received, SHA-256)."""
    part = dest / (structure.file + PART_SUFFIX)
    try:
        received, digest = _stream(url, part, report, is_cancelled, timeout_s)
        if digest != structure.sha256 and not structure.optional:
            raise _FileFailedError(
                f"SHA-256 mismatch (got {digest[:12]}..., expected {structure.sha256[:12]}...)"
            )
        os.replace(part, dest / structure.file)
        return received, digest
    finally:
        # Whatever happened (error, cancel, Ctrl-C), no partial file survives.
        part.unlink(missing_ok=True)


def _stream(
    url: str,
    part: Path,
    report: Callable[[int, int | None], None],
    is_cancelled: Callable[[], bool],
    timeout_s: float,
) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        response = urllib.request.urlopen(request, timeout=timeout_s)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise _FileFailedError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, FileNotFoundError):  # a file:// mirror lacking this one file
            raise _FileFailedError("no such file") from None
        raise _StopRunError(_network_reason(exc.reason, timeout_s)) from None
    except (OSError, ValueError, http.client.HTTPException) as exc:  # timeouts, resets, bad URLs
        raise _StopRunError(_network_reason(exc, timeout_s)) from None
    digest = hashlib.sha256()
    received = 0
    with response:
        total = _content_length(response)
        report(0, total)
        try:
            part.parent.mkdir(parents=True, exist_ok=True)  # created once there is a file to write
            handle = part.open("wb")
        except OSError as exc:
            raise _StopRunError(_os_reason(exc, part.parent)) from None
        with handle:
            while True:
                if is_cancelled():
                    raise FetchCancelledError("download cancelled")
                try:
                    chunk = response.read(CHUNK_BYTES)
                except (OSError, ValueError, http.client.HTTPException) as exc:
                    reason = _network_reason(exc, timeout_s)
                    raise _FileFailedError(f"transfer interrupted ({reason})") from None
                if not chunk:
                    break
                try:
                    handle.write(chunk)
                except OSError as exc:  # disk full, quota
                    raise _StopRunError(_os_reason(exc, part.parent)) from None
                digest.update(chunk)
                received += len(chunk)
                report(received, total)
    if total is not None and received != total:
        # http.client returns b"" on a premature close instead of raising: compare with the length.
        raise _FileFailedError(f"transfer interrupted after {received} of {total} bytes")
    return received, digest.hexdigest()


def _content_length(response) -> int | None:
    value = response.headers.get("Content-Length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _network_reason(reason: object, timeout_s: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout_s:g} s"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _os_reason(exc: OSError, folder: Path) -> str:
    return f"cannot write in {folder} ({exc.strerror or exc})"
