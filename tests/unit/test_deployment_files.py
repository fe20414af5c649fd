"""The files a server of one's own is set up with (deploy/): nginx accepts them as they are
filled in, and the systemd unit starts what the nginx site expects."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.serve import Deployment, nginx_binary, nginx_config, site_config
from tests.helpers.paths import ROOT

UNIT = ROOT / "deploy" / "systemd" / "finmap@.service"
SALT = "0123456789abcdef0123456789abcdef"


def nginx_accepts(config: str, tmp_path: Path) -> subprocess.CompletedProcess:
    nginx = nginx_binary()
    if nginx is None:
        pytest.skip("nginx is not installed (make test installs Debian's nginx-light when run as root)")
    path = tmp_path / "nginx.conf"
    path.write_text(config, encoding="utf-8")
    return subprocess.run([nginx, "-t", "-q", "-c", str(path)], capture_output=True, text=True, timeout=30)


def test_make_serves_whole_configuration_is_accepted_by_nginx(tmp_path):
    result = nginx_accepts(nginx_config(8501, [8601, 8602], tmp_path, SALT), tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_site_file_fits_a_servers_own_nginx_that_already_compresses(tmp_path):
    # Debian's /etc/nginx/nginx.conf says `gzip on` in its http block and includes the sites.
    site = tmp_path / "finmap"
    site.write_text(site_config("8080", [8601, 8602], SALT), encoding="utf-8")
    main = f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
    main += f"http {{\n    gzip on;\n    include {site};\n}}\n"
    result = nginx_accepts(main, tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_printed_site_file_is_the_filled_in_template():
    printed = subprocess.run(
        [sys.executable, "-m", "deploy.serve", "--site-file", "80", "--replicas", "3"],
        cwd=ROOT, capture_output=True, text=True, timeout=30, check=True,
    ).stdout  # fmt: skip
    assert "@" not in re.sub(r"#.*", "", printed)  # every place filled in
    assert re.findall(r"server 127\.0\.0\.1:(\d+) ", printed) == ["8601", "8602", "8603"]
    assert re.search(r"^\s*listen 80;", printed, re.MULTILINE)
    salt = re.search(r'hash "\$\{replica_key\}([0-9a-f]+)" consistent;', printed)
    assert salt and len(salt.group(1)) == 32


def test_each_deployment_mixes_its_own_secret_into_the_replica_key():
    first, second = Deployment(), Deployment()
    assert first.replica_salt != second.replica_salt
    assert f'hash "${{replica_key}}{first.replica_salt}" consistent;' in site_config("80", [8601], first.replica_salt)
    with pytest.raises(ValueError):
        site_config("80", [8601], 'x" consistent; include /etc/passwd; #')


def test_the_replica_number_is_told_only_to_this_machine():
    site = site_config("80", [8601, 8602], SALT)
    shown = re.search(r"map \$remote_addr \$replica_header \{(.*?)\}", site, re.DOTALL).group(1)
    assert re.findall(r'"([^"]+)"\s+\$replica_name;', shown) == ["127.0.0.1", "::1"]
    assert re.search(r'default\s+"";', shown)
    assert "add_header X-Finmap-Replica $replica_header always;" in site
    assert "$replica_name always" not in site


def test_the_systemd_unit_starts_one_app_process_where_the_site_expects_it(tmp_path):
    unit = UNIT.read_text(encoding="utf-8")
    start = re.search(r"^ExecStart=(.*)$", unit, re.MULTILINE).group(1)
    assert "--server.address 127.0.0.1" in start and "--server.port %i" in start and "server.py" in start
    assert re.search(r"^Restart=always$", unit, re.MULTILINE)
    # The site sends viewers to 127.0.0.1 on the units' ports.
    assert "server 127.0.0.1:8601 " in site_config("80", [8601], SALT)
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    # Checked as systemd reads it, with the paths of this checkout.
    local = tmp_path / "finmap@8601.service"
    local.write_text(unit.replace("/srv/finmap/.venv/bin/python", sys.executable).replace("/srv/finmap", str(ROOT)))
    result = subprocess.run([analyze, "verify", str(local)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
