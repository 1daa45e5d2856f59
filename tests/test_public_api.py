"""The public API is explicit: everything in ``__all__`` exists and nothing public is unlisted."""

from __future__ import annotations

import types

import eventwire


def test_all_members_exist() -> None:
    missing = [name for name in eventwire.__all__ if not hasattr(eventwire, name)]
    assert not missing


def test_no_unlisted_public_members() -> None:
    public = {
        name
        for name, value in vars(eventwire).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public - set(eventwire.__all__) == set()
