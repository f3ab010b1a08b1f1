"""Downloading the BodyParts3D meshes into a folder (the user cache by default), through pooch.

::

    manifest.toml --mesh_registry--> pooch registry: file -> SHA-256, pinned URL (or mirror/file)
    fetch_meshes: each file not there yet -> Pooch.fetch(file, downloader=_Download)
        pooch: temporary file -> download -> SHA-256 check -> rename; a cut transfer tried again

pooch leaves only complete, verified files, so a re-run fetches only what is missing. This module
adds file:// mirrors, one progress report over the run (CLI bar, window dialog), cancel, stopping
when the server cannot be reached, and one-line failures naming the URL. The optional OBJ femoral
arteries were rebuilt from published text (SOURCES.md): registered without a hash, kept as they are.
Pure core: pooch and requests (imported on first use), no Qt.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ... import __version__
from ..errors import UserError
from .catalogue import Catalogue, Structure
from .mesh_sources import sha256_of

if TYPE_CHECKING:
    import pooch

BASE_URL_ENV = "ANATOMY_VIEWER_MESH_BASE_URL"
# SOURCES.md "Total: 50 files, 46,373,327 bytes": the size announced before a full download.
FULL_SET_BYTES = 46_373_327
# Per connect and per socket read: a stalled server ends the download instead of hanging the app.
TIMEOUT_S = 30.0
# A transfer cut on a weak Wi-Fi is tried twice more, 1 s then 2 s later (pooch's back-off); a
# server that cannot be reached is not: offline users get the error at once.
RETRIES = 2
# 64 KiB: small enough for a smooth progress bar and a prompt cancel, big enough for few syscalls.
CHUNK_BYTES = 1 << 16
_SCHEMES = ("http", "https", "file")
_USER_AGENT = f"anatomy-viewer/{__version__} (pooch)"


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
    """This file cannot be had, the next may (HTTP 404); not a requests error, so pooch won't retry."""


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


def mesh_registry(
    catalogue: Catalogue, dest: Path, base_url: str | None = None, retries: int = RETRIES
) -> pooch.Pooch:
    """The manifest as one pooch registry: each file's SHA-256 and pinned URL, or ``base_url/file``."""
    import pooch

    # pooch logs each download to stderr; the progress report (CLI bar, dialog) says it already.
    pooch.get_logger().setLevel(logging.WARNING)
    return pooch.create(
        path=dest,
        base_url=base_url or "",
        registry={s.file: None if s.optional else f"sha256:{s.sha256}" for s in catalogue},
        urls={} if base_url else {s.file: s.url for s in catalogue},
        retry_if_failed=retries,
    )


def fetch_meshes(
    catalogue: Catalogue,
    dest: Path,
    *,
    ids: Iterable[str] | None = None,
    base_url: str | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: Cancel = None,
    timeout_s: float = TIMEOUT_S,
    retries: int = RETRIES,
) -> FetchSummary:
    """Download into ``dest`` each structure of ``ids`` (default: all) that is not there yet.

    Never raises for a failed file: required structures go to ``summary.failed``, optional ones to
    ``summary.warnings``. Raises ``FetchCancelledError`` when ``cancel`` fires.
    """
    dest = Path(dest).expanduser()
    summary, todo = FetchSummary(dest), []
    for structure in (catalogue[i] for i in (ids if ids is not None else catalogue.ids)):
        path = dest / structure.file
        if path.is_file() and (structure.optional or sha256_of(path) == structure.sha256):
            summary.skipped.append(structure.id)
        else:
            todo.append(structure)
    registry = mesh_registry(catalogue, dest, base_url, retries)
    new_root = dest  # the outermost folder this run may create (pooch makes the parents too)
    while not new_root.parent.exists():
        new_root = new_root.parent
    made_dest, done_bytes, stopped = not dest.exists(), 0, None
    try:
        for index, structure in enumerate(todo, start=1):
            url = registry.get_url(structure.file)
            run = (index, len(todo), done_bytes)
            get = _Download(structure.file, run, on_progress, cancel, timeout_s)
            try:
                if stopped is not None:
                    raise _FileFailedError(f"not tried after the earlier failure ({stopped})")
                path = Path(registry.fetch(structure.file, downloader=get))
            except (_StopRunError, _FileFailedError, OSError, ValueError) as exc:
                reason = _reason(exc, structure, dest)
                stopped = reason if stopped is None and _stops_the_run(exc) else stopped
                failure = FetchFailure(structure.id, structure.file, url, reason)
                if structure.optional:
                    summary.warnings.append(f"optional {failure.message}")
                else:
                    summary.failed.append(failure)
                continue
            done_bytes += get.finished(path.stat().st_size)
            summary.fetched.append(structure.id)
            if structure.optional and sha256_of(path) != structure.sha256:
                summary.warnings.append(
                    f"{structure.file} ({structure.id}, optional) differs from its manifest SHA-256; "
                    "kept, as SOURCES.md marks its bytes as unproven"
                )
    finally:
        if made_dest and not any(p.is_file() for p in new_root.rglob("*")):
            shutil.rmtree(new_root, ignore_errors=True)  # nothing downloaded: no empty folders left
    return summary


class _Download:
    """pooch's downloader for one file (HTTP(S) by pooch's own, file:// by a copy), and the progress
    bar that pooch drives (``total``, ``update``, ``reset``, ``close``), reported as FetchProgress."""

    def __init__(
        self, file: str, run: tuple[int, int, int], on_progress, cancel: Cancel, timeout_s: float
    ) -> None:
        self.file, (self.index, self.count, self.start_bytes) = file, run
        self.timeout_s = timeout_s
        self.on_progress = on_progress
        self.is_cancelled = cancel.is_set if isinstance(cancel, threading.Event) else cancel
        self._total: int | None = None
        self.done = 0

    @property
    def total(self) -> int | None:
        return self._total

    @total.setter
    def total(self, value: int | None) -> None:  # pooch sets it once the response headers are in
        self._total, self.done = value, 0
        if value is not None:  # the file's name shows while its first chunk is on its way
            self.report()

    def __call__(self, url: str, output_file: str, registry: pooch.Pooch) -> None:
        import pooch
        import requests

        self.total = None  # pooch calls again on a retry
        with Path(output_file).open("wb") as handle:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme == "file":
                return self._copy(Path(urllib.request.url2pathname(parts.path)), handle)
            http = pooch.HTTPDownloader(
                progressbar=self,
                chunk_size=CHUNK_BYTES,
                timeout=self.timeout_s,
                headers={"User-Agent": _USER_AGENT},
            )
            try:
                http(url, handle, registry)
            except requests.HTTPError as exc:
                if exc.response.status_code >= 500:
                    raise  # a server error may pass: pooch tries again
                raise _FileFailedError(_http_reason(exc.response)) from None  # a 404 is final
            except requests.RequestException as exc:
                if self.total is None:  # no answer at all (offline, refused, silent): stop
                    raise _StopRunError(_network_reason(exc, self.timeout_s)) from None
                raise  # cut during the transfer: pooch tries again

    def _copy(self, source: Path, handle) -> None:
        try:
            reader = source.open("rb")
        except FileNotFoundError:  # a file:// mirror lacking this one file
            raise _FileFailedError("no such file") from None
        with reader:
            self.total = source.stat().st_size
            for block in iter(lambda: reader.read(CHUNK_BYTES), b""):
                handle.write(block)
                self.update(len(block))

    def update(self, n_bytes: int) -> None:
        if self.is_cancelled is not None and self.is_cancelled():
            raise FetchCancelledError("download cancelled")
        # pooch counts whole chunks, so the last one overshoots the file's length.
        self.done = min(self.done + n_bytes, self.total or self.done + n_bytes)
        self.report()

    def reset(self) -> None:  # pooch then fills the bar with update(total)
        self.done = 0

    def close(self) -> None:
        pass

    def finished(self, size: int) -> int:
        self._total = self.done = size
        self.report()
        return size

    def report(self) -> None:
        if self.on_progress is not None:
            at, total = self.start_bytes + self.done, self.total or None
            self.on_progress(FetchProgress(self.file, self.index, self.count, self.done, total, at))


def _stops_the_run(exc: BaseException) -> bool:
    """Unreachable server, full disk: the next files would meet the same wall."""
    return isinstance(exc, _StopRunError) or _is_disk_error(exc)


def _is_disk_error(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and not type(exc).__module__.startswith("requests")


def _reason(exc: BaseException, structure: Structure, dest: Path) -> str:
    """One line for what ended a file's download, after pooch's retries."""
    if getattr(exc, "response", None) is not None:
        return _http_reason(exc.response)
    if _is_disk_error(exc):  # disk full, quota, a folder that cannot be made
        return f"cannot write in {dest} ({exc.strerror or exc})"
    if isinstance(exc, OSError):  # a requests error: the connection broke during the transfer
        return f"transfer interrupted ({_network_reason(exc, TIMEOUT_S)})"
    if isinstance(exc, ValueError) and "hash" in str(exc):  # pooch's SHA-256 check
        got = re.search(r"got ([0-9a-f]{12})", str(exc))
        actual = f"got {got[1]}..., " if got else ""
        return f"SHA-256 mismatch ({actual}expected {structure.sha256[:12]}...)"
    return str(exc)


def _http_reason(response) -> str:
    return f"HTTP {response.status_code} {response.reason}"


def _network_reason(exc: BaseException, timeout_s: float) -> str:
    """``Connection refused``, ``Name or service not known``, ...: not urllib3's whole chain."""
    import requests

    if isinstance(exc, requests.Timeout):
        return f"no answer within {timeout_s:g} s"
    errno_text = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", str(exc))
    return errno_text[1] if errno_text else str(exc) or type(exc).__name__
