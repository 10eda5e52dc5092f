"""The editing server as a locked door (issue 22): decap-server behind `alumni_stories/cli/edit_lock.py`, started as
`alumni-stories edit` starts it, in a throwaway project on ephemeral loopback ports. Every finding is replayed
(a page from another local port, a rebound host name, no token, paths outside the files the editors own, a
symlinked folder, a delete of README.md) and must be refused with nothing written; a story and a picture saved
the way the editing page saves them must still be written. Each request is bounded in time.
"""
from __future__ import annotations

import base64
import hashlib
import http.client
import io
import json
import re
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from alumni_stories.cli import edit_lock
from alumni_stories.cli.edit_lock import Lock, LockedBackend
from tests.conftest import ROOT, fictional, story_text

SLUG = "fictional-locked-alumna"
PNG = base64.b64decode(  # a 1x1 PNG: a picture's bytes, nothing more is needed here
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
LIMIT = 10  # seconds any one request may take


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_project(folder: Path) -> Path:
    """The files the lock protects and the files it lets editors write, in a small fictional project."""
    project = folder / "project"
    project.mkdir(parents=True)
    for name in ("schema", "data", "hooks"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    (project / "scripts").mkdir()
    (project / "stories" / "media" / SLUG).mkdir(parents=True)
    (project / "stories" / f"{SLUG}.en.md").write_text(story_text(fictional("en", slug=SLUG)), encoding="utf-8")
    (project / "cms").mkdir()
    shutil.copy2(ROOT / "cms" / "backend.js", project / "cms" / "backend.js")
    assert (ROOT / "cms" / "node_modules" / "decap-server").is_dir(), "run scripts/test.sh: it installs cms/ (npm ci)"
    (project / "cms" / "node_modules").symlink_to(ROOT / "cms" / "node_modules")
    return project


def digest(project: Path) -> str:
    """Every file of the project and of the folder around it (where '..' would write), by path and bytes."""
    hashed = hashlib.sha256()
    for path in sorted(project.parent.rglob("*")):
        if "node_modules" in path.parts or path.name == "lock.log":
            continue
        hashed.update(str(path.relative_to(project.parent)).encode())
        if path.is_file() and not path.is_symlink():
            hashed.update(path.read_bytes())
    return hashed.hexdigest()


class _Log(io.StringIO):
    """The lock's stderr, written from its threads."""

    def __init__(self):
        super().__init__()
        self.guard = threading.Lock()

    def write(self, text: str) -> int:
        with self.guard:
            return super().write(text)


@pytest.fixture(scope="module")
def locked(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("edit-lock"))
    lock = Lock.for_project(project, _free_port(), preview_port=_free_port())
    log = _Log()
    with LockedBackend(lock, log=log) as backend:
        yield project, lock, backend, log


def call(lock: Lock, body: object = None, *, origin: str | None = "preview", host: str | None = None,
         path: str | None = None, method: str = "POST", content_type: str = "application/json",
         raw: bytes | None = None) -> tuple[int, dict, bytes]:
    """One request to the lock, as a browser would send it, with the headers given; (status, headers, body)."""
    origin = f"http://127.0.0.1:{lock.preview_port}" if origin == "preview" else origin
    data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", lock.port, timeout=LIMIT)
    connection.putrequest(method, path or lock.path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host or f"127.0.0.1:{lock.port}")
    if origin is not None:
        connection.putheader("Origin", origin)
    if data or method == "POST":
        connection.putheader("Content-Type", content_type)
        connection.putheader("Content-Length", str(len(data)))
    connection.endheaders(data or None)
    response = connection.getresponse()
    answer = response.read()
    connection.close()
    assert time.monotonic() - started < LIMIT
    return response.status, {k.lower(): v for k, v in response.getheaders()}, answer


def persist_media(path: str, content: bytes = PNG) -> dict:
    return {"action": "persistMedia", "params": {"branch": "main", "asset": {
        "path": path, "content": base64.b64encode(content).decode(), "encoding": "base64"},
        "options": {"commitMessage": "Upload"}}}


def persist_entry(paths: list[str], text: str = "---\nname: fictional\n---\n", assets: list[dict] = ()) -> dict:
    return {"action": "persistEntry", "branch": "main", "params": {
        "branch": "main", "dataFiles": [{"slug": SLUG, "path": path, "raw": text} for path in paths],
        "assets": list(assets), "options": {"commitMessage": "Update", "useWorkflow": False, "status": "draft"}}}


def refused(locked, body=None, why: str = "", **headers) -> None:
    """The request is answered 403, logged in one line that says why, and nothing anywhere changes."""
    project, lock, _, log = locked
    before, lines = digest(project), len(log.getvalue().splitlines())
    status, answer_headers, _ = call(lock, body, **headers)
    assert status == 403, status
    assert "access-control-allow-origin" not in answer_headers
    assert digest(project) == before, "a refused request changed files"
    new = log.getvalue().splitlines()[lines:]
    assert len(new) == 1 and "editing server refused" in new[0] and why in new[0], new


# --- who may call ---

def test_a_page_from_another_local_port_is_refused(locked):
    _, lock, _, _ = locked
    for origin in (f"http://127.0.0.1:{_free_port()}", f"http://localhost:{lock.port}", "null",
                   f"https://127.0.0.1:{lock.preview_port}"):
        refused(locked, persist_media(f"stories/media/{SLUG}/from-elsewhere.png"), "origin", origin=origin)


def test_a_rebound_host_name_is_refused(locked):
    _, lock, _, _ = locked
    for host in (f"evil.example:{lock.port}", "evil.example", f"127.0.0.1:{lock.port + 1}", f"127.0.0.1.evil.example:{lock.port}"):
        refused(locked, persist_media(f"stories/media/{SLUG}/rebound.png"), "Host header", host=host)
    # The log line stays one line of text whatever the headers hold (no terminal codes from a caller).
    _, _, _, log = locked
    refused(locked, persist_media(f"stories/media/{SLUG}/rebound.png"), "Host header", host="evil\x1b[2J.example")
    assert "\x1b" not in log.getvalue()


def test_a_request_without_the_sessions_token_is_refused(locked):
    _, lock, _, _ = locked
    for path in ("/api/v1", f"/{'x' * len(lock.token)}/api/v1", f"/{lock.token}/api/v1/", f"/{lock.token}/api/v1?a=1",
                 f"/{lock.token[:-1]}/api/v1", f"/../{lock.token}/api/v1"):
        refused(locked, persist_media(f"stories/media/{SLUG}/no-token.png"), "token", path=path)


def test_a_write_without_an_origin_or_as_a_form_is_refused(locked):
    refused(locked, persist_media(f"stories/media/{SLUG}/no-origin.png"), "Origin", origin=None)
    # What an HTML form can send (no preflight): refused for its type even from the right origin.
    for kind in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        refused(locked, persist_media(f"stories/media/{SLUG}/form.png"), "application/json", content_type=kind)


def test_only_the_previews_origin_is_named_in_cors_headers(locked):
    _, lock, _, _ = locked
    status, headers, _ = call(lock, method="OPTIONS", origin=f"http://localhost:{lock.preview_port}")
    assert status == 204 and headers["access-control-allow-origin"] == f"http://localhost:{lock.preview_port}"
    refused(locked, None, "origin", method="OPTIONS", origin=f"http://127.0.0.1:{_free_port()}")
    refused(locked, None, "GET is not offered", method="GET")


# --- what may be written, deleted or read ---

@pytest.mark.parametrize("path", ["scripts/evil.sh", "hooks/pwn_edit.py", "mkdocs.yml", "README.md",
                                  "../outside.png", "stories/../../outside.png", "/tmp/alumni-absolute.png",
                                  "data/url-manifest.yml", "data/evil.yml", "overrides/main.html",
                                  "stories/media/x/../../../hooks/y.png", "Stories/media/fictional/x.png",
                                  f"stories/media/{SLUG.upper()}/x.png", f"stories/media/{SLUG}/x.sh",
                                  f"stories/media/{SLUG}/x.svg", f"stories/media/{SLUG}/.hidden.png",
                                  f"stories/media/{SLUG}/x\x00.png", f"stories/media/{SLUG}\\..\\..\\x.png",
                                  f"stories//media/{SLUG}/x.png", f"./stories/media/{SLUG}/x.png",
                                  f"stories/{SLUG}.EN.md", f"stories/{SLUG}.fr.md", f"stories/{SLUG}.en.md.py"])
def test_a_picture_outside_the_editors_files_is_refused(locked, path):
    refused(locked, persist_media(path), "path")
    assert not Path("/tmp/alumni-absolute.png").exists()


def test_the_absolute_path_of_a_project_file_is_refused(locked):
    project, _, _, _ = locked
    refused(locked, persist_media(str(project / "stories" / "media" / SLUG / "absolute.png")), "absolute")


def test_a_symlinked_folder_is_refused(locked, tmp_path):
    project, _, _, _ = locked
    outside = tmp_path / "outside"
    outside.mkdir()
    link = project / "stories" / "media" / "fictional-linked-alumnus"
    link.symlink_to(outside, target_is_directory=True)
    inside = project / "stories" / "media" / "fictional-linked-hooks"
    inside.symlink_to(project / "hooks", target_is_directory=True)
    try:
        refused(locked, persist_media("stories/media/fictional-linked-alumnus/x.png"), "symbolic link")
        refused(locked, persist_media("stories/media/fictional-linked-hooks/x.png"), "symbolic link")
        refused(locked, {"action": "getMedia", "params": {"branch": "main", "mediaFolder": "stories/media/fictional-linked-hooks"}},
                "symbolic link")
        assert list(outside.iterdir()) == [] and not (project / "hooks" / "x.png").exists()
    finally:
        link.unlink()
        inside.unlink()


def test_code_and_configuration_cannot_be_written_as_entries(locked):
    for paths in (["hooks/pwn_edit.py"], ["mkdocs.yml"], [f"stories/{SLUG}.en.md", "scripts/evil.sh"],
                  ["data/url-manifest.yml"]):
        refused(locked, persist_entry(paths), "path")
    # A picture smuggled with a legitimate story, or a story renamed out of its folder.
    refused(locked, persist_entry([f"stories/{SLUG}.ja.md"], assets=[persist_media("hooks/x.png")["params"]["asset"]]),
            "path")
    renamed = persist_entry([f"stories/{SLUG}.en.md"])
    renamed["params"]["dataFiles"][0]["newPath"] = "hooks/moved.py"
    refused(locked, renamed, "path")


def test_a_story_without_its_language_may_be_read_but_never_written(locked):
    """Decap reads stories/<slug>.md when it opens a story in both languages; nothing may write that name."""
    project, lock, _, _ = locked
    status, _, answer = call(lock, {"action": "getEntry", "params": {"branch": "main", "path": f"stories/{SLUG}.md"}})
    assert status == 200 and json.loads(answer)["data"] is None
    refused(locked, persist_entry([f"stories/{SLUG}.md"]), "not one this action may touch")
    refused(locked, {"action": "deleteFile", "params": {"branch": "main", "path": f"stories/{SLUG}.md",
                                                        "options": {"commitMessage": "Delete"}}}, "not one this action")


def test_readme_cannot_be_deleted(locked):
    project, _, _, _ = locked
    options = {"commitMessage": "Delete"}
    refused(locked, {"action": "deleteFile", "params": {"branch": "main", "path": "README.md", "options": options}}, "path")
    refused(locked, {"action": "deleteFiles", "params": {"branch": "main", "options": options,
                                                         "paths": [f"stories/{SLUG}.en.md", "README.md"]}}, "path")
    assert (project / "README.md").is_file() and (project / "stories" / f"{SLUG}.en.md").is_file()


def test_files_outside_the_allow_list_cannot_be_read(locked):
    for body in ({"action": "getMediaFile", "params": {"branch": "main", "path": "mkdocs.yml"}},
                 {"action": "getEntry", "params": {"branch": "main", "path": "hooks/admin.py"}},
                 {"action": "entriesByFiles", "params": {"branch": "main", "files": [{"path": "../../etc/passwd"}]}},
                 {"action": "entriesByFolder", "params": {"branch": "main", "folder": "hooks", "extension": "py", "depth": 1}},
                 {"action": "getMedia", "params": {"branch": "main", "mediaFolder": "."}}):
        refused(locked, body, "")


def test_unknown_actions_fields_and_broken_bodies_are_refused(locked):
    for body, why in (({"action": "publishUnpublishedEntry", "params": {"branch": "main", "collection": "x", "slug": "y"}}, "action"),
                      ({"action": "persistMedia", "params": {**persist_media(f"stories/media/{SLUG}/a.png")["params"], "extra": 1}}, "unexpected"),
                      ({"action": "getEntry", "params": {"branch": "../main", "path": f"stories/{SLUG}.en.md"}}, "branch"),
                      ([1, 2], "object")):
        refused(locked, body, why)
    refused(locked, raw=b'{"action": "info", "params": NaN}', why="JSON")
    refused(locked, raw=b"\xff\xfe", why="JSON")
    refused(locked, raw=b"[" * 100_000, why="JSON")


def test_a_picture_above_the_limit_is_refused(locked, monkeypatch):
    monkeypatch.setattr(edit_lock, "MAX_MEDIA_BYTES", 1000)
    refused(locked, persist_media(f"stories/media/{SLUG}/big.png", b"\x89PNG" + b"\0" * 2000), "larger")
    refused(locked, {**persist_media(f"stories/media/{SLUG}/bad.png"),
                     "params": {**persist_media(f"stories/media/{SLUG}/bad.png")["params"],
                                "asset": {"path": f"stories/media/{SLUG}/bad.png", "content": "not base64!",
                                          "encoding": "base64"}}}, "base64")


# --- what the editing page does still works ---

def test_a_story_and_its_picture_are_saved_from_the_preview(locked):
    project, lock, _, log = locked
    before = log.getvalue()
    status, headers, answer = call(lock, {"action": "info"})
    assert status == 200 and json.loads(answer)["type"] == "local_fs"
    assert headers["access-control-allow-origin"] == f"http://127.0.0.1:{lock.preview_port}"

    text = story_text(fictional("ja", slug=SLUG))
    picture = {"path": f"stories/media/{SLUG}/portrait.png", "content": base64.b64encode(PNG).decode(), "encoding": "base64"}
    status, _, answer = call(lock, persist_entry([f"stories/{SLUG}.ja.md"], text, assets=[picture]))
    assert status == 200, answer
    written = (project / "stories" / f"{SLUG}.ja.md").read_text(encoding="utf-8")
    # A translation saved records which English text it matches (issue 25); otherwise the text as sent.
    assert re.sub(r"translated_from: [0-9a-f]+  # [^\n]*\n", "", written) == text and "translated_from: " in written
    assert (project / "stories" / "media" / SLUG / "portrait.png").read_bytes() == PNG

    status, _, answer = call(lock, persist_media(f"stories/media/{SLUG}/写真-2.jpg", PNG),
                             origin=f"http://localhost:{lock.preview_port}", host=f"localhost:{lock.port}")
    assert status == 200, answer
    assert (project / "stories" / "media" / SLUG / "写真-2.jpg").read_bytes() == PNG

    status, _, answer = call(lock, {"action": "getMedia", "params": {"branch": "main", "mediaFolder": f"stories/media/{SLUG}"}})
    assert status == 200 and {m["name"] for m in json.loads(answer)} == {"portrait.png", "写真-2.jpg"}

    countries = (project / "data" / "countries.yml").read_text(encoding="utf-8") + "\n# fictional edit\n"
    status, _, answer = call(lock, persist_entry(["data/countries.yml"], countries))
    assert status == 200 and (project / "data" / "countries.yml").read_text(encoding="utf-8") == countries

    status, _, _ = call(lock, {"action": "deleteFile", "params": {"branch": "main", "path": f"stories/media/{SLUG}/写真-2.jpg",
                                                                  "options": {"commitMessage": "Delete"}}})
    assert status == 200 and not (project / "stories" / "media" / SLUG / "写真-2.jpg").exists()
    assert log.getvalue() == before, "a legitimate request was logged as refused"


def test_a_listing_leaves_out_a_linked_story(locked):
    project, lock, _, _ = locked
    link = project / "stories" / "fictional-linked-alumnus.en.md"
    link.symlink_to(project / "mkdocs.yml")
    try:
        status, _, answer = call(lock, {"action": "entriesByFolder",
                                        "params": {"branch": "main", "folder": "stories", "extension": "md", "depth": 1}})
        assert status == 200
        paths = {entry["file"]["path"] for entry in json.loads(answer)}
        assert f"stories/{SLUG}.en.md" in paths and link.name not in " ".join(paths)
    finally:
        link.unlink()


def test_the_allow_list_follows_the_schemas():
    files = edit_lock.edited_data_files(ROOT)
    assert "data/countries.yml" in files and "data/batches.yml" in files
    assert not {"data/url-manifest.yml", "data/common.yml", "data/story.yml", "data/story-translation.yml"} & files


# --- in a browser: a page on another local port cannot make the server write ---

ATTACK = """<!doctype html><meta charset="utf-8"><title>fictional attacker</title>
<form id="form" method="POST" enctype="text/plain" target="sink"></form><iframe name="sink"></iframe>
<script>
window.attack = async function (targets, body) {
  const said = [];
  for (const url of targets) {
    for (const init of [
        {method: 'POST', headers: {'Content-Type': 'application/json'}, body},
        {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'}, body},
        {method: 'POST', mode: 'no-cors', body: new Blob([body])}]) {
      try { const r = await fetch(url, init); said.push(`${url} ${r.type} ${r.status}`); }
      catch (e) { said.push(`${url} refused: ${e}`); }
    }
    const form = document.getElementById('form');
    form.action = url;
    form.innerHTML = '';
    const field = document.createElement('input');
    field.name = body.slice(0, -2);
    field.value = '"}';
    form.appendChild(field);
    form.submit();
    await new Promise(done => setTimeout(done, 500));
  }
  return said;
};
</script>"""


@contextmanager
def serve_page(folder: Path, port: int):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(ATTACK, encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_a_page_on_another_local_port_cannot_make_it_write(locked, browser, tmp_path):
    project, lock, _, log = locked
    target = project / "data" / "countries.yml"
    # A valid edit (the check would refuse a broken file before any write, issue 25): the file and one comment.
    edit = target.read_text(encoding="utf-8") + "# fictional: overwritten by an attacker\n"
    body = json.dumps(persist_entry(["data/countries.yml"], edit))
    targets = [f"http://{host}:{lock.port}{path}" for host in ("127.0.0.1", "localhost")
               for path in (lock.path, "/api/v1")]  # even a page that somehow knows the token
    before = digest(project)
    context = browser.new_context()
    try:
        with serve_page(tmp_path / "attacker", _free_port()) as attacker:
            tab = context.new_page()
            tab.goto(attacker)
            said = tab.evaluate("([targets, body]) => window.attack(targets, body)", [targets, body])
        time.sleep(0.5)
        assert digest(project) == before, said
        assert "fictional: overwritten" not in target.read_text(encoding="utf-8")
        assert log.getvalue().count("editing server refused") >= 4 * len(targets), said

        # The same page served from the preview's own port does write: the attack above was heard and refused,
        # not lost on the way.
        with serve_page(tmp_path / "preview", lock.preview_port) as preview:
            tab = context.new_page()
            tab.goto(preview)
            said = tab.evaluate("([targets, body]) => window.attack(targets, body)", [targets[:1], body])
        assert "fictional: overwritten by an attacker" in target.read_text(encoding="utf-8"), said
    finally:
        context.close()
        target.write_bytes((ROOT / "data" / "countries.yml").read_bytes())


def test_the_admin_config_names_the_backend_without_a_token():
    """config.yml is served to anyone on this computer: it names the lock's address, never a session's token."""
    from alumni_stories.outputs import cms

    local, rules = cms.generate(ROOT, cms.Backend(local_port=8123))
    assert local["local_backend"]["url"] == "http://127.0.0.1:8123/api/v1"
    assert "local_token" not in cms.Backend.__dataclass_fields__


def _served_site(backend_port: int) -> Path:
    """The folder `mkdocs serve` (the preview) builds into and serves: a temporary mkdocs_* folder whose
    /admin/config.yml names this session's backend port."""
    import tempfile

    wanted = f"http://127.0.0.1:{backend_port}/api/v1"
    found = [path.parent.parent for path in Path(tempfile.gettempdir()).glob("mkdocs_*/admin/config.yml")
             if wanted in path.read_text(encoding="utf-8", errors="replace")]
    assert len(found) == 1, found
    return found[0]


def test_alumni_stories_edit_prints_the_token_and_serves_it_nowhere(tmp_path):
    """The command itself: the address to open is printed on a line of its own, with the session's token in its
    fragment; no file the preview serves (config.yml, rules.json, every file of /admin/, every page) holds the
    token, nor does the preview's environment; the backend refuses the token-less path and anything taken from a
    served file, with the right Host and Origin; it answers the printed token; the token changes at every start."""
    import os
    import re
    import subprocess
    import sys
    import urllib.request

    import psutil
    import yaml

    from tests.test_cms_browser import _wait_for, copy_with_cms, printed_address

    project = copy_with_cms(tmp_path / "work" / "project")  # the logs beside "work", out of digest()'s reach
    tokens = []
    for run in range(2):
        port, backend = _free_port(), _free_port()
        output = tmp_path / f"edit-{run}.log"
        with open(output, "w") as log:
            process = subprocess.Popen([sys.executable, "-m", "alumni_stories", "edit", "--root", str(project),
                                        "--port", str(port), "--backend-port", str(backend)],
                                       cwd=project, stdout=log, stderr=subprocess.STDOUT,
                                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
            try:
                _wait_for(f"http://127.0.0.1:{port}/admin/config.yml")
                address = printed_address(output, port)
                token = address.split("#token=", 1)[1]
                tokens.append(token)
                assert len(token) >= 40 and f"/{token}/" not in address  # in the fragment, not in the path
                lock = Lock(project, backend, port, token)
                status, _, answer = call(lock, {"action": "info"})
                assert status == 200 and json.loads(answer)["type"] == "local_fs"
                if run:
                    continue

                # Nothing the preview serves holds the token: every file of the folder it serves, /admin/ included.
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/config.yml", timeout=LIMIT) as response:
                    served_config = response.read()
                assert yaml.safe_load(served_config)["local_backend"]["url"] == f"http://127.0.0.1:{backend}/api/v1"
                site = _served_site(backend)
                files = [path for path in site.rglob("*") if path.is_file()]
                admin = [path for path in files if path.relative_to(site).parts[0] == "admin"]
                assert {"config.yml", "rules.json", "index.html", "init.js", "admin.js"} <= {p.name for p in admin}
                assert (site / "admin" / "config.yml").read_bytes() == served_config
                holding = [str(path.relative_to(site)) for path in files if token.encode() in path.read_bytes()]
                assert holding == [], holding
                for path in ("admin/", "admin/config.yml", "admin/rules.json", "admin/init.js", "admin/admin.js", ""):
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=LIMIT) as response:
                        assert token.encode() not in response.read(), path
                children = psutil.Process(process.pid).children(recursive=True)  # the preview, decap-server
                leaked = [child.name() for child in children if token in " ".join(child.environ().values())]
                assert children and leaked == [], leaked

                # The right Host and Origin are not enough: the token-less path and every token-like text of
                # /admin/'s own files (its path segments included) are refused, and nothing is written.
                taken = {"api/v1"}
                for path in admin:
                    if path.suffix in (".yml", ".json", ".html") or path.name in ("init.js", "admin.js"):
                        text = path.read_text(encoding="utf-8", errors="replace")
                        taken |= set(re.findall(r"[A-Za-z0-9_-]{16,}", text))
                        taken |= {segment for url in re.findall(r"https?://[^\s'\"]+", text)
                                  for segment in url.split("/")[3:] if segment}
                before = digest(project)
                for candidate in sorted(taken):
                    path = "/api/v1" if candidate == "api/v1" else f"/{candidate}/api/v1"
                    status, _, _ = call(lock, persist_media(f"stories/media/{SLUG}/taken.png"), path=path)
                    assert status == 403, candidate
                assert digest(project) == before

                status, _, _ = call(lock, persist_media("scripts/evil.sh"))
                assert status == 403 and not (project / "scripts").exists()
            finally:
                process.terminate()
                process.wait(timeout=30)
        said = output.read_text(encoding="utf-8")
        # Printed once, on a line of its own; refusals are logged and never repeat the token.
        assert said.count(token) == 1 and address in said.splitlines(), said
        if not run:
            assert said.count("editing server refused") == len(taken) + 1 and "'scripts/evil.sh'" in said, said
    assert tokens[0] != tokens[1]


@pytest.mark.browser
def test_a_rebound_host_name_cannot_make_it_write_in_a_browser(locked, browser):
    """DNS rebinding: a page of evil.example:PORT, whose name then resolves to 127.0.0.1, calls its own origin
    (no CORS in the way) and reaches the backend's port. The Host header gives it away."""
    from bench.page_weight import CHROMIUM_ARGS, chromium_path

    project, lock, _, log = locked
    origin = f"http://evil.example:{lock.port}"
    body = json.dumps(persist_entry(["data/countries.yml"], "fictional: rebound\n"))
    rebound = browser.browser_type.launch(executable_path=chromium_path(), headless=True,
                                          args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP evil.example 127.0.0.1",
                                                # Like browsers without Private Network Access (Firefox, Safari):
                                                # a page whose document did not come from this computer may
                                                # still call it.
                                                "--disable-features=BlockInsecurePrivateNetworkRequests,"
                                                "PrivateNetworkAccessSendPreflights,LocalNetworkAccessChecks"])
    before, lines = digest(project), len(log.getvalue().splitlines())
    try:
        tab = rebound.new_page()
        # The attacker's page as evil.example served it before the name was rebound; the calls below go out.
        tab.route(f"{origin}/", lambda route: route.fulfill(status=200, content_type="text/html", body=ATTACK))
        tab.goto(f"{origin}/")
        said = tab.evaluate("([targets, body]) => window.attack(targets, body)", [[origin + lock.path], body])
        time.sleep(0.5)
    finally:
        rebound.close()
    assert digest(project) == before, said
    new = log.getvalue().splitlines()[lines:]
    assert len(new) >= 3 and all(f"the Host header 'evil.example:{lock.port}' is not" in line for line in new), (new, said)
