"""Build the real site (cold, warm) and the fictional bench site (cold, warm, after an edit) for a label.

    python bench/identity_builds.py LABEL SOURCE_ROOT   (a checkout with .venv; IDENTITY_OUT: where, default /tmp/site-identity)
Writes $IDENTITY_OUT/LABEL/{real-cold,real-warm,fict-cold,fict-warm,fict-edit}.
"""
import os, re, shutil, subprocess, sys
from pathlib import Path

label, root = sys.argv[1], Path(sys.argv[2]).resolve()
out = Path(os.environ.get("IDENTITY_OUT", "/tmp/site-identity")) / label
out.mkdir(parents=True, exist_ok=True)
env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
env.pop("ALUMNI_STORIES_SITE_URL", None)
py = str(root / ".venv/bin/python")

def build(project, site):
    r = subprocess.run([py, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=project,
                       capture_output=True, text=True, env=env)
    (out / (site.name + ".log")).write_text(r.stderr)
    assert r.returncode == 0, r.stderr[-3000:]

def snapshot(site, name):
    dest = out / name
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(site, dest, symlinks=True)

# real site: a private copy of the project so .cache starts empty and the worktree is untouched
sys.path.insert(0, str(root))
from bench import generate
real = out / "work-real"
shutil.rmtree(real, ignore_errors=True)
TOP = {".git", ".venv", ".cache", "site", "tests", "bench", ".pytest_cache", "test-artifacts"}
def ignore(folder, names):
    top = Path(folder).resolve() == root.resolve()
    return [n for n in names if (top and (n in TOP or n.endswith(".egg-info"))) or n in ("__pycache__", "node_modules")
            or n.endswith(".pyc")]
shutil.copytree(root, real, symlinks=True, ignore=ignore)
assert (real / "alumni_stories" / "site" / "urls.py").is_file()
for modules in root.glob("*/node_modules"):
    (real / modules.parent.name / "node_modules").symlink_to(modules.resolve(), target_is_directory=True)
site = out / "real-site"
shutil.rmtree(site, ignore_errors=True)
build(real, site); snapshot(site, "real-cold")
build(real, site); snapshot(site, "real-warm")

fict = out / "work-fict"
shutil.rmtree(fict, ignore_errors=True)
generate.copy_project(fict, root)
shutil.rmtree(fict / ".cache", ignore_errors=True)
generate.write_stories(fict, 14)
site = out / "fict-site"
shutil.rmtree(site, ignore_errors=True)
build(fict, site); snapshot(site, "fict-cold")
build(fict, site); snapshot(site, "fict-warm")
story = sorted((fict / "stories").glob("*.ja.md"))[0]
text = story.read_text(encoding="utf-8")
story.write_text(re.sub(r"^name: (.*)$", r"name: \1（編集）", text, count=1, flags=re.M)
                 + "\n編集で加えた一文です（架空）。\n", encoding="utf-8")
build(fict, site); snapshot(site, "fict-edit")
print("done", label)
