"""A local HTTP server for the download tests (127.0.0.1, a free port): never the real internet.

It serves the files of one folder and can misbehave per file: ``corrupt`` (one byte flipped),
``truncate`` (announces the full Content-Length, sends half, closes; ``truncate_once``: the first
request only), ``missing`` (404), ``hold``
(sends half, then waits for ``release`` before the rest) and ``silent`` (never answers).
"""

from __future__ import annotations

import dataclasses
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Small files keep the tests fast; the optional OBJ exercises the non-fatal mismatch rule.
SMALL_IDS = (
    "common_iliac_artery_right",
    "common_iliac_artery_left",
    "internal_iliac_artery_right",
    "femoral_artery_right",
)


def small_catalogue(catalogue, ids=SMALL_IDS):
    return dataclasses.replace(catalogue, structures=tuple(catalogue[i] for i in ids))


def copy_meshes(catalogue, source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for structure in catalogue:
        shutil.copyfile(source / structure.file, folder / structure.file)
    return folder


class MeshServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.modes: dict[str, str] = {}  # file name -> misbehaviour
        self.requests: list[str] = []
        self.release = threading.Event()
        self.sent_half = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                name = self.path.lstrip("/")
                server.requests.append(name)
                mode = server.modes.get(name)
                if mode == "truncate_once":
                    del server.modes[name]
                    mode = "truncate"
                path = server.folder / name
                if mode == "silent":
                    server.release.wait(10)
                    return
                if mode == "missing" or not path.is_file():
                    self.send_error(404, "Not Found")
                    return
                data = path.read_bytes()
                if mode == "corrupt":
                    data = data[:100] + bytes([data[100] ^ 0xFF]) + data[101:]
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if mode in ("truncate", "hold"):
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    server.sent_half.set()
                    if mode == "truncate":
                        return  # HTTP/1.0: the connection closes, short of Content-Length
                    server.release.wait(10)
                    data = data[len(data) // 2 :]
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # a client that hung up mid-file is what some tests do on purpose

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> MeshServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(5)


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connection refused, at once."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
