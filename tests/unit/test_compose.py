"""docker-compose.yml stays valid and complete (validated by the docker CLI where it exists)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"


def test_compose_has_every_service_built_from_our_dockerfile() -> None:
    spec = yaml.safe_load(COMPOSE.read_text())
    services = spec["services"]
    assert {"postgres", "redis", "api", "worker", "beat", "mailcatcher"} <= set(services)
    for name in ("api", "worker", "beat"):
        assert services[name]["build"]["dockerfile"] == "infra/Dockerfile"
    assert (ROOT / "infra" / "Dockerfile").exists()
    assert "noeviction" in " ".join(services["redis"]["command"])


def _compose_command() -> list[str] | None:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


def _config(secret_key: str | None) -> subprocess.CompletedProcess[str]:
    command = _compose_command()
    assert command is not None
    env = {k: v for k, v in os.environ.items() if k != "SAMVERKAN_SECRET_KEY"}
    if secret_key is not None:
        env["SAMVERKAN_SECRET_KEY"] = secret_key
    return subprocess.run(
        [*command, "-f", str(COMPOSE), "config", "-q"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


@pytest.mark.skipif(_compose_command() is None, reason="no docker compose CLI on this machine")
def test_docker_compose_config_validates() -> None:
    result = _config("k" * 48)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(_compose_command() is None, reason="no docker compose CLI on this machine")
def test_docker_compose_requires_a_secret_key() -> None:
    """No default key to forget: compose refuses to start without one."""
    result = _config(None)
    assert result.returncode != 0
    assert "SAMVERKAN_SECRET_KEY" in result.stderr
