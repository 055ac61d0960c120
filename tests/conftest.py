from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
SOURCES = REPOSITORY / "sources.toml"


def run_rasad(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real ``rasad`` command line in a subprocess (a fresh reactor each time)."""
    full_env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning", **(env or {})}
    full_env.pop("RASAD_DB", None) if env is None or "RASAD_DB" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "rasad", *args], cwd=REPOSITORY, env=full_env,
        capture_output=True, text=True, timeout=timeout,
    )


def store_article(db, article, **fields):
    """Store one *article* as a crawl does (``rasad.store.ingest.store_articles``); *fields*: see ToStore."""
    from rasad.store.ingest import ToStore, store_articles

    result = store_articles(db, [ToStore(article, **fields)])[0]
    if isinstance(result, Exception):
        raise result
    return result


def load_script(name: str) -> ModuleType:
    """``scripts/NAME.py`` as a module, for the tests of what it writes."""
    spec = importlib.util.spec_from_file_location(name, REPOSITORY / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    return tmp_path / "rasad.db"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> tuple[Path, str]:
    """A database made by ``rasad demo`` and what the demo printed; tests that write copy it."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run_rasad("demo", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "could not store" not in result.stderr and "incidents not updated" not in result.stderr, result.stderr
    return db, result.stdout


@pytest.fixture
def redis_server(tmp_path_factory):
    """A real redis-server on 127.0.0.1 at a free port, for this test alone; its URL."""
    import shutil
    import socket
    import time

    executable = shutil.which("redis-server")
    if executable is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server; .ci/run installs it)")
    redis = pytest.importorskip("redis", reason="the distributed extra is not installed (pip install -e '.[test]')")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    directory = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen([executable, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                               "--appendonly", "no", "--dir", str(directory)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(100):  # up to 10 s for it to listen
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if server.poll() is not None:
                    pytest.fail(f"redis-server exited with {server.returncode}")
                time.sleep(0.1)
        else:
            pytest.fail("redis-server did not answer within 10 s")
        yield url
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=30)
