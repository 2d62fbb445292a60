"""The host rules of deploy/ give, on real servers, the headers a meta tag cannot set.

Each server (Apache with the .htaccess copied into the site, nginx with deploy/nginx.conf, Caddy
with deploy/Caddyfile) serves the built site on a local port; the test reads the headers of a
calendar, an SVG, a JSON file, a page and a missing address. A server that is not installed is
skipped: none is installed by `make test` (on a desktop, Debian starts them on port 80).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO_ROOT, catalogue_env

PAGE_POLICY = "frame-ancestors 'none'"
EXPECTED = {
    "calendriers/tout.ics": ("text/calendar; charset=utf-8", "default-src 'none'; sandbox"),
    "SVG": ("image/svg+xml", "default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    "JSON": ("application/json; charset=utf-8", "default-src 'none'; sandbox"),
    "index.html": ("text/html", PAGE_POLICY),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("hosted") / "site"
    result = subprocess.run([sys.executable, "-m", "catalogue", "build", "--output", str(output)], cwd=REPO_ROOT,
                            env=catalogue_env(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    return output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _nginx(site: Path, work: Path, port: int) -> list[str]:
    snippet = (REPO_ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8").replace("root /srv/catalogue;", f"root {site};")
    (work / "snippet.conf").write_text(snippet, encoding="utf-8")
    temp = " ".join(f"{kind}_temp_path {work};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root, nginx's workers would run as nobody, who cannot read pytest's private folders.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(
        f"{user}daemon off; pid {work}/pid; error_log {work}/error.log; events {{}}\n"
        f"http {{ access_log off; {temp} server {{ listen 127.0.0.1:{port}; include {work}/snippet.conf; }} }}\n", encoding="utf-8")
    return ["nginx", "-c", str(work / "nginx.conf")]


def _caddy(site: Path, work: Path, port: int) -> list[str]:
    text = (REPO_ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    text = text.replace("activites.territoires-partages.fr {", f"http://127.0.0.1:{port} {{").replace("root * /srv/catalogue", f"root * {site}")
    (work / "Caddyfile").write_text("{\n\tadmin off\n}\n" + text, encoding="utf-8")
    return ["caddy", "run", "--config", str(work / "Caddyfile"), "--adapter", "caddyfile"]


def _apache(site: Path, work: Path, port: int) -> list[str]:
    modules = Path("/usr/lib/apache2/modules")
    loads = "\n".join(f"LoadModule {name}_module {modules}/mod_{file}.so" for name, file in
                      [("mpm_event", "mpm_event"), ("authz_core", "authz_core"), ("mime", "mime"), ("headers", "headers"), ("dir", "dir")])
    (work / "httpd.conf").write_text(
        f"ServerRoot {work}\nPidFile {work}/pid\nErrorLog {work}/error.log\nListen 127.0.0.1:{port}\nServerName localhost\n{loads}\n"
        f"TypesConfig /etc/mime.types\nDirectoryIndex index.html\nDocumentRoot {site}\n"
        f"<Directory {site}>\n  AllowOverride FileInfo\n  Require all granted\n</Directory>\n", encoding="utf-8")
    return ["apache2", "-f", str(work / "httpd.conf"), "-DFOREGROUND"]


SERVERS = {"nginx": ("nginx", _nginx), "caddy": ("caddy", _caddy), "apache": ("apache2", _apache)}


def _binary(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")


def _headers(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


@pytest.mark.parametrize("server", sorted(SERVERS))
def test_server_sends_types_and_security_headers(site: Path, tmp_path: Path, server: str) -> None:
    binary, configure = SERVERS[server]
    if _binary(binary) is None:
        pytest.skip(f"{binary} n'est pas installé")
    port = _free_port()
    command = configure(site, tmp_path, port)
    command[0] = _binary(binary)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path,
                               env={"PATH": "/usr/sbin:/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
                                    "XDG_CONFIG_HOME": str(tmp_path)})
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1)
                break
            except (OSError, urllib.error.URLError):
                assert process.poll() is None, process.stderr.read().decode()
                time.sleep(0.1)
        paths = {"SVG": next(site.glob("badges/*/*.svg")).relative_to(site).as_posix(),
                 "JSON": next(site.glob("badges/*/*.json")).relative_to(site).as_posix()}
        for key, (content_type, policy) in EXPECTED.items():
            status, headers = _headers(base + paths.get(key, key))
            assert status == 200, key
            assert headers["content-type"].startswith(content_type), (key, headers["content-type"])
            assert headers["x-content-type-options"] == "nosniff", key
            assert policy in headers["content-security-policy"] and PAGE_POLICY in headers["content-security-policy"], (key, headers)
        status, headers = _headers(base + "integrer/structure/le-dome/")  # a partner widget: any site may frame it
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert "frame-ancestors *" in headers["content-security-policy"], headers
        assert "'none'" not in headers["content-security-policy"] and "x-frame-options" not in headers, headers
        status, headers = _headers(base + "nope/deep/")
        assert status == 404 and headers["content-type"].startswith("text/html")
    finally:
        process.terminate()
        process.wait(timeout=10)
