"""Is a site byte for byte the same as another? For a change that must not change the output (issue 23).

    python bench/identity_compare.py SITE_A SITE_B     (folders written by bench/identity_builds.py)

Compared: every file, compressed copies unpacked as a reader's browser unpacks them. Masked: Pagefind's own chunk
files (as tests/test_speedups.py masks them), and the names of share images and portrait renditions, which carry
the store's fingerprint of the code that drew them (each share image is named by its bytes' digest instead, so a
changed picture still shows; a portrait's code part is masked, its bytes still compared)."""
import hashlib, re, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests")); sys.path.insert(0, str(ROOT))
from test_speedups import differences

def tree(folder):
    folder = Path(folder)
    files = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    rename = {}
    for name, data in files.items():
        m = re.fullmatch(r"assets/share/(.+)\.([0-9a-f]{12})\.png", name)
        if m:
            rename[m.group(2)] = hashlib.sha256(data).hexdigest()[:12]
    out = {}
    pattern = re.compile("|".join(map(re.escape, rename))) if rename else None
    import gzip, brotli
    for name, data in files.items():
        if name.endswith(".gz"):
            data, name = gzip.decompress(data), name + ".unpacked"  # compared as a reader's browser unpacks it
        elif name.endswith(".br"):
            data, name = brotli.decompress(data), name + ".unpacked"
        if pattern:
            name = pattern.sub(lambda m: "D" + rename[m.group(0)], name)
            if not name.endswith((".png", ".jpg", ".webp")):
                try:
                    text = data.decode("utf-8")
                    data = pattern.sub(lambda m: "D" + rename[m.group(0)], text).encode()
                except UnicodeDecodeError:
                    pass
        # portraits: the store's key rule put the code's fingerprint where a hand-bumped version number was
        version = re.compile(rb"(media/portraits/[a-z0-9-]+/[0-9a-f]{16})-[0-9a-f]+-")
        name = version.sub(rb"\1-V-", name.encode()).decode()
        if not name.endswith((".png", ".jpg", ".webp")):
            data = version.sub(rb"\1-V-", data)
        out[name] = data
    return out

a, b = tree(sys.argv[1]), tree(sys.argv[2])
exact = sorted(n for n in a.keys() | b.keys() if a.get(n) != b.get(n))
diff = differences(a, b)
print(f"{sys.argv[1]} vs {sys.argv[2]}: after naming share images by their bytes: {len(exact)} differ before masking Pagefind")
print("after masking:", "SAME" if not diff else f"DIFFERENT ({len(diff)}): {diff[:12]}")
sys.exit(1 if diff else 0)
