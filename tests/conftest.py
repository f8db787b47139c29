import os
import shutil
from pathlib import Path

import pytest

from bot import Engine, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"
CI = os.environ.get("CI") == "true"   # in CI, ../shared must be there: no skipping


@pytest.fixture(scope="session")
def kb():
    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="session")
def engine(kb):
    return Engine(kb)


@pytest.fixture
def ask(engine):
    """A conversation: each call is one turn, with the previous turn's context."""
    state = {"context": None}

    def _ask(question):
        a = engine.answer(question, state["context"])
        state["context"] = a.context
        return a

    return _ask


@pytest.fixture
def knowledge_copy(tmp_path):
    """A writable copy of the real knowledge folder."""
    dest = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, dest)
    return dest


def cells(answer):
    return {f"{s.product}.{s.attribute}" for s in answer.sources}
