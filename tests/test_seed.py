import hashlib
from pathlib import Path

import pytest

from tianyuan.paths import ROOT, SEED_PATH, SEED_SHA256

SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_7e8dd96dc95cc3e2.txt"


def test_seed_is_byte_identical_to_its_recorded_sha256():
    assert hashlib.sha256(SEED_PATH.read_bytes()).hexdigest() == SEED_SHA256


def test_seed_readme_records_the_same_sha256():
    readme = (ROOT / "seeds" / "README.md").read_text("utf-8")
    assert SEED_SHA256 in readme
    assert SEED_PATH.name in readme


def test_seed_matches_the_shared_raw_copy_when_present():
    if not SHARED_SEED.exists():
        pytest.skip("no shared/ folder beside this clone")
    assert SEED_PATH.read_bytes() == Path(SHARED_SEED).read_bytes()
