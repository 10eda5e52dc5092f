"""The lock in front of decap-server: `alumni-stories edit`'s backend answers the editing page and nothing else.

decap-server (Decap CMS's local backend) writes, reads and deletes any file of the project for any caller: it
binds 127.0.0.1 but lets a page on any local port call it (CORS), never looks at the Host header (DNS rebinding),
and its only path rule is "inside the project". What it offers is used: BIND_HOST and PORT are replaced by a Unix
socket in a private folder (cms/backend.js, its own middlewares), so no page reaches it directly; ORIGIN names the
preview's origin in its CORS header; its own check keeps paths inside the project. What it lacks is here, on the
public port, before anything is forwarded:

- the Host header must be this server's own address (127.0.0.1:PORT or localhost:PORT): DNS rebinding refused;
- the Origin header must be the preview's own (http://127.0.0.1:PREVIEW or http://localhost:PREVIEW), and a
  request that writes (every POST) must carry one; CORS headers name that origin only;
- the path must carry the session's token (/<token>/api/v1), random at every start and written into no file: `edit`
  prints it in the fragment of the address to open (/admin/#token=..., never sent to the preview), the editor's
  tab keeps it (cms/init.js, cms/admin.js), so neither a page elsewhere nor a program on this computer that
  reads the preview can call the backend;
- the body must be JSON of a known action with the fields Decap sends, and every path it names (entries, media,
  folders, delete lists, renames; reads too) must be a file the editors own: stories/<slug>.<lang>.md, a picture
  in stories/media/<slug>/, or data/<name>.yml for a schema/<name>.schema.json the form edits. Checked as text
  (no "..", no absolute path, no backslash, no NUL or control character, exact lower case) and then resolved:
  a path through any symbolic link is refused. Media and files are bounded in size.

A refused request is answered 403 and logged on stderr in one line: when, what, from where, why.

Hand-written on http.server and http.client: no well-kept Python package is a reverse proxy with request-body
rules (the candidates are full web frameworks or WSGI middleware that would still need all of the checks
below); the proxying itself is a dozen lines, the rules are the point.
"""
from __future__ import annotations

import base64
import binascii
import hmac
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO

from alumni_stories.cli import edit_saves
from alumni_stories.content import reader as data_reader
from alumni_stories.content import stories as story_files
from alumni_stories.content.model import LANGUAGES
from alumni_stories.content.schema import STORY_SCHEMA, TRANSLATION_SCHEMA
from alumni_stories.media import portraits
from alumni_stories.outputs.cms import NOT_EDITED_SCHEMAS, SCHEMA_SUFFIX

BACKEND_SCRIPT = Path("cms") / "backend.js"
API = "api/v1"
MAX_REQUEST_BYTES = 50 * 1024 * 1024  # decap-server's own limit for a JSON body (express.json limit: 50mb)
MAX_MEDIA_BYTES = portraits.MAX_BYTES  # a picture: the build refuses a bigger portrait anyway
MAX_STORY_BYTES = story_files.MAX_FILE_BYTES
MAX_DATA_BYTES = data_reader.MAX_DATA_BYTES
MAX_PATHS = 200  # paths in one request (a delete list, the files of a collection)
MAX_PATH_CHARACTERS = 255
MEDIA_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")  # pictures; no SVG (it may carry script)
TIMEOUT = 60  # seconds a connection may take, either side

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
STORY_FILE = re.compile(rf"stories/{SLUG}\.(?:{'|'.join(map(re.escape, LANGUAGES))})\.md")
# A picture's name as Decap writes it (lower case, spaces made dashes; letters of any script): no leading dot.
MEDIA_FILE = re.compile(rf"stories/media/{SLUG}/[^\W_][\w-]*(?:\.[\w-]+)*")
# Decap asks for a multilingual story's path without its language too (stories/<slug>.md) when it opens one: a
# read only, of a name the build does not publish (such a file is a note at most).
STORY_BASE = re.compile(rf"stories/{SLUG}\.md")
MEDIA_FOLDER = re.compile(rf"stories(?:/media(?:/{SLUG})?)?")
BRANCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,99}")
EXTENSION = re.compile(r"[a-z0-9]{1,10}")
SHORT_TEXT = 500  # collection names, slugs, labels, commit messages...


READABLE = ("story", "data", "story name")


class Refused(Exception):
    """Why a request is not forwarded (the words of the log line)."""


def edited_data_files(root: Path) -> frozenset[str]:
    """data/<name>.yml for every schema/<name>.schema.json that the form edits (alumni_stories/outputs/cms.py):
    not the stories' own schemas, not shared definitions, not files written by tools (the URL manifest)."""
    names = set()
    for schema in sorted((Path(root) / "schema").glob("*" + SCHEMA_SUFFIX)):
        stem = schema.name[: -len(SCHEMA_SUFFIX)]
        if schema.name not in (STORY_SCHEMA, TRANSLATION_SCHEMA) and stem not in NOT_EDITED_SCHEMAS:
            names.add(f"data/{stem}.yml")
    return frozenset(names)


@dataclass(frozen=True)
class Lock:
    """The rules of one editing session."""

    root: Path  # the project, resolved
    port: int  # this server's own port (the Host header's)
    preview_port: int  # the preview's port (the Origin header's)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    data_files: frozenset[str] = frozenset()

    @classmethod
    def for_project(cls, root: Path, port: int, preview_port: int, token: str | None = None) -> "Lock":
        root = Path(os.path.realpath(root))
        return cls(root, port, preview_port, token or secrets.token_urlsafe(32), edited_data_files(root))

    @property
    def hosts(self) -> frozenset[str]:
        return frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}"})

    @property
    def origins(self) -> frozenset[str]:
        return frozenset({f"http://127.0.0.1:{self.preview_port}", f"http://localhost:{self.preview_port}"})

    @property
    def path(self) -> str:
        return f"/{self.token}/{API}"

    # --- who may ask ---

    def check_caller(self, method: str, path: str, host: str | None, origin: str | None) -> None:
        if host is None or host not in self.hosts:
            raise Refused(f"the Host header {host!r} is not this server's address ({' or '.join(sorted(self.hosts))}): "
                          "DNS rebinding or a request meant for another server")
        if origin is not None and origin not in self.origins:
            raise Refused(f"the page's origin {origin!r} is not the preview's ({' or '.join(sorted(self.origins))})")
        if origin is None and method == "POST":
            raise Refused("a write without an Origin header: only the editing page in a browser may write")
        if not hmac.compare_digest(path.encode("utf-8", "replace"), self.path.encode("utf-8")):
            raise Refused("the session's token is missing or wrong: "
                          "the request does not come from this session's /admin/")

    # --- what may be asked ---

    def kind(self, path: object) -> str:
        """'story', 'media' or 'data' for a path the editors own; Refused otherwise."""
        if not isinstance(path, str):
            raise Refused(f"a path that is not text ({type(path).__name__})")
        if not path or len(path) > MAX_PATH_CHARACTERS:
            raise Refused(f"a path that is empty or longer than {MAX_PATH_CHARACTERS} characters")
        if any(ord(c) < 32 or c == "\x7f" for c in path) or "\\" in path:
            raise Refused(f"the path {path!r} holds a control character or a backslash")
        if path.startswith("/") or any(part in ("", ".", "..") for part in path.split("/")):
            raise Refused(f"the path {path!r} is absolute or has an empty, '.' or '..' part")
        if STORY_FILE.fullmatch(path):
            found = "story"
        elif MEDIA_FILE.fullmatch(path) and path.lower().endswith(MEDIA_SUFFIXES):
            found = "media"
        elif path in self.data_files:
            found = "data"
        elif STORY_BASE.fullmatch(path):
            found = "story name"
        else:
            raise Refused(f"the path {path!r} is not a story file (stories/<slug>.<lang>.md), a picture in "
                          "stories/media/<slug>/ or a data file the schemas name")
        self._no_link(path)
        return found

    def folder(self, path: object) -> str:
        """A folder the editing page lists: stories/, stories/media/ or one story's media folder."""
        if not isinstance(path, str) or not MEDIA_FOLDER.fullmatch(path):
            raise Refused(f"the folder {path!r} is not stories/, stories/media/ or stories/media/<slug>/")
        self._no_link(path)
        return path

    def _no_link(self, path: str) -> None:
        # Resolved as the server will (an absent end resolves to itself): any symbolic link on the way differs.
        written = os.path.join(str(self.root), *path.split("/"))
        if os.path.realpath(written) != written:
            raise Refused(f"the path {path!r} passes through a symbolic link")

    def allowed(self, path: object, kinds: tuple[str, ...]) -> bool:
        try:
            return self.kind(path) in kinds
        except Refused:
            return False

    def check_body(self, body: object) -> str:
        """The action of a request body Decap sends, every field it names checked; Refused otherwise."""
        if not isinstance(body, dict):
            raise Refused("the body is not a JSON object")
        _keys(body, {"action", "params", "branch"}, "the request")
        action = body.get("action")
        if action not in ACTIONS:
            raise Refused(f"the action {str(action)[:80]!r} is not one the editing page uses")
        if "branch" in body:
            _branch(body["branch"])
        params = body.get("params")
        if action == "info":
            if params not in (None, {}):
                raise Refused("info takes no parameters")
            return action
        if not isinstance(params, dict):
            raise Refused(f"{action}: the parameters are not a JSON object")
        _keys(params, ACTIONS[action] | {"branch"}, action)
        if "branch" in params:
            _branch(params["branch"])
        getattr(self, "_" + action)(params)
        return action

    # One method per action decap-server's file-system mode offers (src/middlewares/localFs/index.ts).

    def _entriesByFolder(self, params: dict) -> None:
        self.folder(params.get("folder"))
        if not isinstance(params.get("extension"), str) or not EXTENSION.fullmatch(params["extension"]):
            raise Refused("entriesByFolder: the extension is not a short name such as md")
        if type(params.get("depth")) is not int or not 1 <= params["depth"] <= 2:
            raise Refused("entriesByFolder: the depth is not 1 or 2")

    def _entriesByFiles(self, params: dict) -> None:
        files = params.get("files")
        if not isinstance(files, list) or len(files) > MAX_PATHS:
            raise Refused(f"entriesByFiles: the files are not a list of at most {MAX_PATHS}")
        for item in files:
            if not isinstance(item, dict):
                raise Refused("entriesByFiles: a file that is not an object")
            _keys(item, {"path", "label"}, "entriesByFiles")
            _text(item.get("label", ""), "entriesByFiles: the label")
            self._need(item.get("path"), READABLE, "entriesByFiles")

    def _getEntry(self, params: dict) -> None:
        self._need(params.get("path"), READABLE, "getEntry")

    def _getMedia(self, params: dict) -> None:
        self.folder(params.get("mediaFolder"))

    def _getMediaFile(self, params: dict) -> None:
        self._need(params.get("path"), ("media",), "getMediaFile")

    def _persistEntry(self, params: dict) -> None:
        files = []
        if "entry" in params:
            files.append(params["entry"])
        if "dataFiles" in params:
            if not isinstance(params["dataFiles"], list) or not 1 <= len(params["dataFiles"]) <= 2 * len(LANGUAGES):
                raise Refused("persistEntry: dataFiles is not a short list")
            files += params["dataFiles"]
        if not files:
            raise Refused("persistEntry: no file to write")
        for item in files:
            if not isinstance(item, dict):
                raise Refused("persistEntry: a file that is not an object")
            _keys(item, {"slug", "path", "raw", "newPath"}, "persistEntry")
            _text(item.get("slug"), "persistEntry: the slug")
            kind = self._need(item.get("path"), ("story", "data"), "persistEntry")
            limit = MAX_STORY_BYTES if kind == "story" else MAX_DATA_BYTES
            if not isinstance(item.get("raw"), str) or len(item["raw"].encode("utf-8", "surrogatepass")) > limit:
                raise Refused(f"persistEntry: the text of {item['path']} is missing or larger than {limit:,} bytes")
            if item.get("newPath") is not None:
                # A rename moves every file of the old file's folder too (decap-server's move()): same folder only.
                self._need(item["newPath"], (kind,), "persistEntry (rename)")
                if item["newPath"].rsplit("/", 1)[0] != item["path"].rsplit("/", 1)[0]:
                    raise Refused(f"persistEntry: {item['path']} renamed into another folder ({item['newPath']})")
        assets = params.get("assets")
        if not isinstance(assets, list) or len(assets) > 50:
            raise Refused("persistEntry: the assets are not a list of at most 50")
        for asset in assets:
            self._asset(asset, "persistEntry")
        options = params.get("options")
        if not isinstance(options, dict):
            raise Refused("persistEntry: the options are not an object")
        _text(params.get("cmsLabelPrefix", ""), "persistEntry: the label prefix")

    def _persistMedia(self, params: dict) -> None:
        self._asset(params.get("asset"), "persistMedia")
        if not isinstance(params.get("options"), dict):
            raise Refused("persistMedia: the options are not an object")

    def _deleteFile(self, params: dict) -> None:
        self._need(params.get("path"), ("story", "media", "data"), "deleteFile")

    def _deleteFiles(self, params: dict) -> None:
        paths = params.get("paths")
        if not isinstance(paths, list) or not 1 <= len(paths) <= MAX_PATHS:
            raise Refused(f"deleteFiles: the paths are not a list of 1 to {MAX_PATHS}")
        for path in paths:
            self._need(path, ("story", "media", "data"), "deleteFiles")

    def _getDeployPreview(self, params: dict) -> None:
        _text(params.get("collection"), "getDeployPreview: the collection")
        _text(params.get("slug"), "getDeployPreview: the slug")

    def _asset(self, asset: object, action: str) -> None:
        if not isinstance(asset, dict):
            raise Refused(f"{action}: the picture is not an object")
        _keys(asset, {"path", "content", "encoding"}, action)
        self._need(asset.get("path"), ("media",), action)
        content = asset.get("content")
        if asset.get("encoding") != "base64" or not isinstance(content, str):
            raise Refused(f"{action}: the picture is not base64 text")
        if len(content) * 3 // 4 > MAX_MEDIA_BYTES:
            raise Refused(f"{action}: the picture {asset['path']} is larger than {MAX_MEDIA_BYTES:,} bytes")
        try:
            base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise Refused(f"{action}: the picture {asset['path']} is not valid base64") from None

    def _need(self, path: object, kinds: tuple[str, ...], action: str) -> str:
        kind = self.kind(path)
        if kind not in kinds:
            raise Refused(f"{action}: {path!r} is a {kind} file, not one this action may touch")
        return kind

    def filter_answer(self, action: str, answer: object) -> object:
        """What a listing answers, without any file outside the allow-list (a link in a folder, a stray file)."""
        if action == "entriesByFolder" and isinstance(answer, list):
            return [e for e in answer if isinstance(e, dict) and isinstance(e.get("file"), dict)
                    and self.allowed(e["file"].get("path"), ("story", "data"))]
        if action == "getMedia" and isinstance(answer, list):
            return [m for m in answer if isinstance(m, dict) and self.allowed(m.get("path"), ("media",))]
        return answer


# The actions the editing page uses, with the parameters each may carry (Decap's proxy backend,
# decap-cms-backend-proxy/src/implementation.ts). The editorial workflow is not offered in file-system mode.
ACTIONS: dict[str, set[str]] = {
    "info": set(),
    "entriesByFolder": {"folder", "extension", "depth"},
    "entriesByFiles": {"files"},
    "getEntry": {"path"},
    "getMedia": {"mediaFolder"},
    "getMediaFile": {"path"},
    "persistEntry": {"entry", "dataFiles", "assets", "options", "cmsLabelPrefix"},
    "persistMedia": {"asset", "options"},
    "deleteFile": {"path", "options"},
    "deleteFiles": {"paths", "options"},
    "getDeployPreview": {"collection", "slug"},
}
LISTINGS = {"entriesByFolder", "getMedia"}
WRITES = {"persistEntry", "deleteFile", "deleteFiles"}  # judged by the check before they are forwarded (edit_saves)


def _keys(value: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(str(k)[:40] for k in value if k not in allowed)
    if unknown:
        raise Refused(f"{where}: unexpected field {unknown[0]!r}")


def _branch(value: object) -> None:
    if not isinstance(value, str) or not BRANCH.fullmatch(value) or ".." in value:
        raise Refused("the branch is not a plain branch name")


def _text(value: object, what: str) -> None:
    if not isinstance(value, str) or len(value) > SHORT_TEXT:
        raise Refused(f"{what} is not a short text")


# --- the server ---

class _UnixConnection(http.client.HTTPConnection):
    """http.client over the Unix socket decap-server listens on."""

    def __init__(self, path: str):
        super().__init__("localhost", timeout=TIMEOUT)
        self.socket_path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(TIMEOUT)
        self.sock.connect(self.socket_path)


def make_handler(lock: Lock, upstream: str, log: TextIO) -> type[BaseHTTPRequestHandler]:
    # The trial copy a save is checked in, beside the socket in the session's private folder; one save at a time.
    trial = Path(os.path.dirname(upstream)) / "trial"
    one_save = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        server_version = "alumni-stories-edit"
        sys_version = ""
        protocol_version = "HTTP/1.1"
        timeout = TIMEOUT

        def log_message(self, format: str, *args) -> None:  # only refusals are logged (below)
            pass

        def _refuse(self, what: str, why: str) -> None:
            stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            where = f"Origin {self.headers.get('Origin') or '(none)'}, Host {self.headers.get('Host') or '(none)'}, " \
                    f"{self.client_address[0]}:{self.client_address[1]}"
            line = f"{stamp} editing server refused {what} from {where}: {why}"
            print(re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", line), file=log, flush=True)  # one line, no terminal codes
            self.close_connection = True  # a refused body is never read
            self._answer(403, {"error": f"Refused by the editing server's lock: {why}"}, cors=False)

        def _answer(self, status: int, payload: object, cors: bool = True, raw: bytes | None = None) -> None:
            body = raw if raw is not None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Vary", "Origin")
            if cors:
                self.send_header("Access-Control-Allow-Origin", self.headers["Origin"])
            self.end_headers()
            self.wfile.write(body)

        def _caller(self, method: str) -> bool:
            try:
                lock.check_caller(method, self.path, self.headers.get("Host"), self.headers.get("Origin"))
                return True
            except Refused as refusal:
                self._refuse(f"{method} {self.path[:12]}...", str(refusal))
                return False

        def do_OPTIONS(self) -> None:  # the browser's question before a JSON POST (CORS preflight)
            if not self._caller("OPTIONS"):
                return
            if self.headers.get("Origin") is None:
                self._refuse("OPTIONS", "a preflight without an Origin header")
                return
            self.send_response(204)
            self.send_header("Access-Control-Allow-Origin", self.headers["Origin"])
            self.send_header("Access-Control-Allow-Methods", "POST")
            self.send_header("Access-Control-Allow-Headers", "Content-Type")
            self.send_header("Access-Control-Max-Age", "600")
            self.send_header("Vary", "Origin")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self) -> None:
            if not self._caller("POST"):
                return
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if kind != "application/json":
                self._refuse("POST", f"the body is {kind or 'untyped'}, not application/json")
                return
            try:
                size = int(self.headers.get("Content-Length") or "-1")
            except ValueError:
                size = -1
            if not 0 < size <= MAX_REQUEST_BYTES:
                self._refuse("POST", f"the body's length is missing or above {MAX_REQUEST_BYTES:,} bytes")
                self.close_connection = True
                return
            raw = self.rfile.read(size)
            action = "POST"
            try:
                body = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
                if isinstance(body, dict) and isinstance(body.get("action"), str):
                    action = body["action"][:40]
                action = lock.check_body(body)
                forwarded = json.dumps(body, ensure_ascii=False, allow_nan=False).encode("utf-8", "surrogatepass")
            except Refused as refusal:
                self._refuse(f"{action} {_paths(body)}".strip(), str(refusal))
                return
            except (ValueError, UnicodeDecodeError, RecursionError):
                self._refuse("POST", "the body is not valid JSON")
                return
            if action in WRITES:
                # Refused when the check would refuse the result, in its words (a 422 the form shows); the texts
                # written are the files as they were but for what changed (edit_saves).
                with one_save:
                    try:
                        save = edit_saves.prepare(lock.root, action, body["params"])
                        refused = edit_saves.refusals(lock.root, save, trial)
                    except (OSError, UnicodeDecodeError) as error:
                        self._answer(500, {"error": f"Not saved: the save could not be checked ({error})"})
                        return
                if refused:
                    self._answer(422, {"error": edit_saves.refusal_text(refused, save)})
                    return
                forwarded = json.dumps(body, ensure_ascii=False, allow_nan=False).encode("utf-8", "surrogatepass")
            try:
                connection = _UnixConnection(upstream)
                # What was checked is what is sent: the parsed body written again, never the bytes received.
                connection.request("POST", "/" + API, body=forwarded,
                                   headers={"Content-Type": "application/json", "Host": "localhost"})
                response = connection.getresponse()
                answer = response.read()
                status = response.status
                connection.close()
            except OSError as error:
                self._answer(502, {"error": f"decap-server does not answer ({error})"})
                return
            if action in LISTINGS and status == 200:
                try:
                    answer = json.dumps(lock.filter_answer(action, json.loads(answer))).encode("utf-8")
                except ValueError:
                    pass
            self._answer(status, None, raw=answer)

        def _other(self) -> None:
            self._refuse(f"{self.command} {self.path[:12]}...", f"{self.command} is not offered (only POST {API})")

        do_GET = do_HEAD = do_PUT = do_DELETE = do_PATCH = _other

    return Handler


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _paths(body: object) -> str:
    """The paths a body names, for the log line (shortened)."""
    found: list[str] = []

    def walk(value, depth=0):
        if depth > 6 or len(found) > 5:
            return
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("path", "newPath", "folder", "mediaFolder") and isinstance(item, str):
                    found.append(item[:120])
                elif key == "paths" and isinstance(item, list):
                    found.extend(str(p)[:120] for p in item[:5])
                else:
                    walk(item, depth + 1)
        elif isinstance(value, list):
            for item in value[:20]:
                walk(item, depth + 1)

    walk(body)
    return " ".join(repr(p) for p in found[:5])


# A Unix socket's path holds at most 107 bytes on Linux, 103 on macOS; a longer one fails to bind or connect.
SOCKET_PATH_MAX = 100


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class LockedBackend:
    """decap-server on a private Unix socket, and the lock on 127.0.0.1:PORT in front of it (a thread)."""

    def __init__(self, lock: Lock, log: TextIO = sys.stderr, node: str | None = None,
                 env: dict[str, str] | None = None):
        self.lock, self.log = lock, log
        self.node = node or shutil.which("node") or "node"
        self.env = env if env is not None else dict(os.environ)
        self.folder: str | None = None
        self.process: subprocess.Popen | None = None
        self.server: _Server | None = None

    @property
    def socket_path(self) -> str:
        assert self.folder is not None
        return os.path.join(self.folder, "decap.sock")

    def start(self, seconds: float = 60) -> "LockedBackend":
        self.folder = tempfile.mkdtemp(prefix="alumni-stories-edit-")  # mode 0700: this user only
        if len(self.socket_path.encode()) > SOCKET_PATH_MAX:  # a long TMPDIR: the socket could not be bound
            os.rmdir(self.folder)
            self.folder = tempfile.mkdtemp(prefix="alumni-stories-edit-", dir="/tmp")
        env = {**self.env, "GIT_REPO_DIRECTORY": str(self.lock.root), "MODE": "fs",
               "ORIGIN": f"http://127.0.0.1:{self.lock.preview_port}"}
        self.process = subprocess.Popen([self.node, str(self.lock.root / BACKEND_SCRIPT), self.socket_path],
                                        cwd=self.lock.root, env=env, start_new_session=True)
        deadline = time.monotonic() + seconds
        while not _answers(self.socket_path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"decap-server did not start (node {BACKEND_SCRIPT}): see the lines above")
            time.sleep(0.1)
        self.server = _Server(("127.0.0.1", self.lock.port), make_handler(self.lock, self.socket_path, self.log))
        threading.Thread(target=self.server.serve_forever, name="edit-lock", daemon=True).start()
        return self

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.server_address[1]

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> "LockedBackend":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _answers(path: str) -> bool:
    if not os.path.exists(path):
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1)
            probe.connect(path)
        return True
    except OSError:
        return False
