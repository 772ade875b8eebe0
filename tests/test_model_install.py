"""`briefing model install` for real: an index and packages served on 127.0.0.1, a closed
port for the offline case, argostranslate's own install function, converted folders."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers import DEMO_MODEL, ROOT, STANDIN_MODEL


def run(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=timeout,
        cwd=ROOT,
    )


@pytest.fixture
def homes(tmp_path: Path) -> dict[str, str]:
    """Empty package, model and cache folders for one test."""
    return {
        "ARGOS_PACKAGES_DIR": str(tmp_path / "argos"),
        "BRIEFING_MODELS_DIR": str(tmp_path / "models"),
        "BRIEFING_CACHE_DIR": str(tmp_path / "cache"),
    }


class Served:
    """Files served by a local HTTP server; ``lie_length`` announces more than is sent."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.lie_length: set[str] = set()
        self.requests: list[str] = []


@pytest.fixture
def server() -> Iterator[tuple[str, Served]]:
    served = Served()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            served.requests.append(self.path)
            body = served.files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            extra = 1000 if self.path in served.lie_length else 0
            self.send_header("Content-Length", str(len(body) + extra))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", served
    finally:
        httpd.shutdown()
        httpd.server_close()


def index_of(base: str, name: str, version: str = "1.0") -> bytes:
    entry = {
        "package_version": version,
        "argos_version": "1.0",
        "from_code": "ar",
        "from_name": "Arabic",
        "to_code": "en",
        "to_name": "English",
        "links": ["ipfs://Qmnothere", f"{base}/{name}"],
        "code": "translate-ar_en",
    }
    other = {**entry, "from_code": "en", "to_code": "ar", "links": [f"{base}/other"]}
    return json.dumps([other, entry]).encode()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when the block ends


def test_offline_install_is_one_line_within_ten_seconds(homes: dict[str, str]) -> None:
    env = {**homes, "ARGOS_PACKAGE_INDEX": f"http://127.0.0.1:{closed_port()}/"}
    started = time.monotonic()
    done = run("model", "install", env=env, timeout=10)
    elapsed = time.monotonic() - started
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "no connection" in lines[0] and "model install --file" in lines[0]
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stderr
    assert elapsed < 10
    assert not Path(homes["ARGOS_PACKAGES_DIR"]).exists() or not any(
        Path(homes["ARGOS_PACKAGES_DIR"]).iterdir()
    )


def test_list_and_install_from_a_served_index(
    homes: dict[str, str], server: tuple[str, Served]
) -> None:
    base, served = server
    served.files["/index.json"] = index_of(base, "translate-ar_en-1_0.argosmodel")
    served.files["/translate-ar_en-1_0.argosmodel"] = STANDIN_MODEL.read_bytes()
    env = {**homes, "ARGOS_PACKAGE_INDEX": base + "/"}

    listed = run("model", "install", "--list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        f"translate-ar_en-1.0\tipfs://Qmnothere {base}/translate-ar_en-1_0.argosmodel"
    ]
    assert not Path(homes["ARGOS_PACKAGES_DIR"]).exists()

    done = run("model", "install", env=env)
    assert done.returncode == 0, done.stderr
    installed = Path(homes["ARGOS_PACKAGES_DIR"]) / "briefing-standin-ar_en"
    assert (installed / "metadata.json").is_file()
    # ipfs:// is skipped without a request; only the index and the package were fetched.
    assert served.requests == ["/index.json", "/index.json", "/translate-ar_en-1_0.argosmodel"]
    listing = run("model", "list", env=env)
    assert listing.returncode == 0, listing.stderr
    assert any(
        line.split()[:3] == ["*", "briefing-standin-ar_en", "argos"]
        for line in listing.stdout.splitlines()
    )


@pytest.mark.parametrize(
    "fault", ["truncated", "not-a-zip", "escaping-entry", "missing", "other-language-pair"]
)
def test_a_bad_download_installs_nothing(
    fault: str, homes: dict[str, str], server: tuple[str, Served], tmp_path: Path
) -> None:
    base, served = server
    served.files["/index.json"] = index_of(base, "pkg.argosmodel")
    if fault == "truncated":
        served.files["/pkg.argosmodel"] = STANDIN_MODEL.read_bytes()
        served.lie_length.add("/pkg.argosmodel")
    elif fault == "not-a-zip":
        served.files["/pkg.argosmodel"] = b"<html>captive portal</html>"
    elif fault == "escaping-entry":
        evil = tmp_path / "evil.zip"
        with zipfile.ZipFile(evil, "w") as archive:
            archive.writestr("pkg/metadata.json", "{}")
            archive.writestr("../../outside.txt", "owned")
        served.files["/pkg.argosmodel"] = evil.read_bytes()
    elif fault == "other-language-pair":  # the index says ar→en, the package en→fr
        other = tmp_path / "other.zip"
        with zipfile.ZipFile(STANDIN_MODEL) as old, zipfile.ZipFile(other, "w") as new:
            for info in old.infolist():
                data = old.read(info)
                if info.filename.endswith("/metadata.json"):
                    meta = {**json.loads(data), "from_code": "en", "to_code": "fr"}
                    data = json.dumps(meta).encode()
                new.writestr(info, data)
        served.files["/pkg.argosmodel"] = other.read_bytes()
    done = run("model", "install", env={**homes, "ARGOS_PACKAGE_INDEX": base + "/"})
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), done.stderr
    expected = {
        "truncated": "stopped at",
        "not-a-zip": "not a zip archive",
        "escaping-entry": "escapes the model folder",
        "missing": "404",
        "other-language-pair": "en→fr",
    }[fault]
    assert expected in lines[0]
    argos = Path(homes["ARGOS_PACKAGES_DIR"])
    assert not argos.exists() or not [p for p in argos.iterdir() if not p.name.startswith(".")]
    assert not (tmp_path.parent / "outside.txt").exists()


def test_a_package_installed_by_argostranslate_is_listed_and_used(
    homes: dict[str, str],
) -> None:
    # argostranslate's own install function, in its own process (it reads its folders
    # from the environment when imported).
    script = (
        "import sys, argostranslate.package as p; p.install_from_path(sys.argv[1]); "
        "print([q.code for q in p.get_installed_packages()])"
    )
    env = {**os.environ, **homes, "HOME": homes["BRIEFING_CACHE_DIR"]}
    installed = subprocess.run(
        [sys.executable, "-c", script, str(STANDIN_MODEL)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert installed.returncode == 0, installed.stderr
    assert "briefing-standin-ar_en" in installed.stdout
    listing = run("model", "list", env=homes)
    assert ["*", "briefing-standin-ar_en", "argos"] in [
        line.split()[:3] for line in listing.stdout.splitlines()
    ], listing.stdout
    done = run("translate", str(ROOT / "examples" / "troops.txt"), "-f", "json", env=homes)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["briefing"]["model"]["id"] == "briefing-standin-ar_en"
    # ... and the other way round: what briefing installs, argostranslate lists.
    assert run("model", "install", "--file", str(DEMO_MODEL), env=homes).returncode == 0
    script = "import argostranslate.package as p; print(sorted(q.code for q in p.get_installed_packages()))"
    both = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert "briefing-demo-ar_en" in both.stdout and "briefing-standin-ar_en" in both.stdout


def test_a_folder_that_fits_no_family_is_one_line(homes: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "downloads" / "something"
    folder.mkdir(parents=True)
    (folder / "model.bin").write_bytes(b"\0")
    (folder / "config.json").write_text("{}")
    done = run("model", "install", "--file", str(folder), env=homes)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "found config.json, model.bin" in lines[0]
    assert "missing source.spm and target.spm" in lines[0] and "--family" in lines[0]
    assert not Path(homes["BRIEFING_MODELS_DIR"]).exists() or not any(
        Path(homes["BRIEFING_MODELS_DIR"]).iterdir()
    )


def test_a_broken_package_never_hides_the_good_ones(homes: dict[str, str]) -> None:
    assert run("model", "install", "--file", str(DEMO_MODEL), env=homes).returncode == 0
    broken = Path(homes["ARGOS_PACKAGES_DIR"]) / "broken-model"
    shutil.copytree(Path(homes["ARGOS_PACKAGES_DIR"]) / "briefing-demo-ar_en", broken)
    (broken / "metadata.json").write_text("{not json")
    listing = run("model", "list", env=homes)
    assert listing.returncode == 0, listing.stderr
    assert "briefing-demo-ar_en" in listing.stdout and "broken-model" in listing.stderr
    done = run("translate", str(ROOT / "examples" / "troops.txt"), env=homes)
    assert done.returncode == 0, done.stderr


def repacked(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """A copy of the archive ``source`` whose entries pass through ``change``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info)))
    return target


def with_metadata(source: Path, target: Path, **fields: object) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if not name.endswith("/metadata.json"):
            return data
        return json.dumps({**json.loads(data), **fields}).encode()

    return repacked(source, target, change)


WRONG_TYPES = {
    "text": {"max_input_tokens": "lots"},
    "null": {"max_output_tokens": None},
    "list": {"max_input_tokens": [150]},
    "huge": {"max_input_tokens": 10**30},
    "demo-as-string": {"demo": "false"},
    "code-as-number": {"from_code": 7},
}


@pytest.mark.parametrize("fields", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_metadata_of_the_wrong_type_is_refused_in_one_line(
    fields: dict[str, object], homes: dict[str, str], tmp_path: Path
) -> None:
    archive = with_metadata(DEMO_MODEL, tmp_path / "odd.argosmodel", **fields)
    done = run("model", "install", "--file", str(archive), env=homes)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    (name,) = fields
    assert str(archive) in lines[0] and f'"{name}"' in lines[0] and "metadata.json" in lines[0]
    assert not Path(homes["ARGOS_PACKAGES_DIR"]).exists() or not any(
        p for p in Path(homes["ARGOS_PACKAGES_DIR"]).iterdir() if not p.name.startswith(".")
    )


def test_an_installed_package_with_wrong_metadata_types_is_listed_as_broken(
    homes: dict[str, str],
) -> None:
    assert run("model", "install", "--file", str(DEMO_MODEL), env=homes).returncode == 0
    packages = Path(homes["ARGOS_PACKAGES_DIR"])
    odd = packages / "odd-model"
    shutil.copytree(packages / "briefing-demo-ar_en", odd)
    meta = json.loads((odd / "metadata.json").read_text())
    (odd / "metadata.json").write_text(json.dumps({**meta, "max_input_tokens": "lots"}))
    listing = run("model", "list", env=homes)
    assert listing.returncode == 0, listing.stderr
    assert "briefing-demo-ar_en" in listing.stdout and "odd-model" not in listing.stdout
    warning = [line for line in listing.stderr.splitlines() if "odd-model" in line]
    assert len(warning) == 1 and '"max_input_tokens" is "lots"' in warning[0]
    done = run("translate", str(ROOT / "examples" / "troops.txt"), "-f", "json", env=homes)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert json.loads(done.stdout)["briefing"]["model"]["id"] == "briefing-demo-ar_en"


def test_a_model_folder_whose_name_is_not_utf8_breaks_nothing(
    homes: dict[str, str], tmp_path: Path
) -> None:
    assert run("model", "install", "--file", str(DEMO_MODEL), env=homes).returncode == 0
    packages = Path(homes["ARGOS_PACKAGES_DIR"])
    odd = os.fsdecode(os.fsencode(packages) + b"/" + "نموذج".encode("cp1256"))
    shutil.copytree(packages / "briefing-demo-ar_en", odd)
    listing = run("model", "list", env=homes)
    assert listing.returncode == 0 and "Traceback" not in listing.stderr, listing.stderr
    assert "briefing-demo-ar_en" in listing.stdout
    assert [line for line in listing.stderr.splitlines() if "not UTF-8" in line]
    article = ROOT / "examples" / "troops.txt"
    done = run("translate", str(article), "-f", "json", env=homes)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["briefing"]["model"]["id"] == "briefing-demo-ar_en"
    out = tmp_path / "b.docx"
    built = run("build", str(article), "-o", str(out), env=homes)
    assert built.returncode == 0 and out.is_file(), built.stderr


def test_malformed_index_entries_are_left_out_and_the_good_one_installs(
    homes: dict[str, str], server: tuple[str, Served]
) -> None:
    base, served = server
    good = json.loads(index_of(base, "pkg.argosmodel"))
    odd = [
        {**good[1], "package_version": "9.0", "links": None},
        {**good[1], "package_version": "8.0", "code": ["nested", {"deeper": []}]},
        "not an entry",
    ]
    served.files["/index.json"] = json.dumps(odd + good).encode()
    served.files["/pkg.argosmodel"] = STANDIN_MODEL.read_bytes()
    done = run("model", "install", env={**homes, "ARGOS_PACKAGE_INDEX": base + "/"})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert (Path(homes["ARGOS_PACKAGES_DIR"]) / "briefing-standin-ar_en").is_dir()
