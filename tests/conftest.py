"""Shared fixtures: the seed page, and one real index built with the offline default embedder."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_31f1b2df397274cc.txt"
TEST_DATA = ROOT / "tests" / "data"  # the project's own question sets; tests read nothing outside the repository
DAXING_TITLE = "大兴区职工知识竞赛决赛开赛"
DAXING_ANSWER = "瀛海镇总工会代表队获得了一等奖"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The first news page, as text."""
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index of seeds/ built once per session with the real USE embedder."""
    from qa import NewsQA

    out = tmp_path_factory.mktemp("index") / "embeddings"
    NewsQA.build([ROOT / "seeds"], out=out)
    return out


@pytest.fixture(scope="session")
def seed_qa(seed_index):
    """The seed index, loaded."""
    from qa import NewsQA

    return NewsQA.load(seed_index)


@pytest.fixture
def index_copy(seed_index, tmp_path) -> Path:
    """A private copy of the seed index, for tests that damage or rebuild it."""
    target = tmp_path / "embeddings"
    shutil.copytree(seed_index, target)
    return target


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
