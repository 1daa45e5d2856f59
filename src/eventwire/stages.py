"""Stage registry: every pipeline stage under a versioned name, with its contract.

A stage declares what it ``requires`` (fields an earlier stage must have assigned) and what it
``assigns``, so :func:`check_pipeline` can reject an impossible order before anything runs.
Stages are plain module-level functions (picklable, so they run the same in ``n_process`` workers
and on a Dask cluster).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from eventwire.errors import ConfigError

__all__ = ["StageSpec", "check_pipeline", "get_stage", "list_stages", "register_stage"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, kw_only=True, slots=True)
class StageSpec:
    name: str
    version: int
    func: Callable[..., Any]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    description: str = ""
    config: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"


_REGISTRY: dict[str, StageSpec] = {}


def register_stage(
    name: str,
    *,
    version: int,
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
    description: str = "",
    config: Mapping[str, Any] | None = None,
) -> Callable[[F], F]:
    """Register ``func`` as stage ``name@version``; usable as a decorator."""

    def decorate(func: F) -> F:
        spec = StageSpec(
            name=name,
            version=version,
            func=func,
            requires=tuple(requires),
            assigns=tuple(assigns),
            description=description or (func.__doc__ or "").strip().split("\n")[0],
            config=dict(config or {}),
        )
        existing = _REGISTRY.get(spec.key)
        if existing is not None and existing.func is not func:
            raise ValueError(f"stage {spec.key} is already registered")
        _REGISTRY[spec.key] = spec
        return func

    return decorate


def get_stage(name: str) -> StageSpec:
    """A stage by ``name@version``, or by bare ``name`` for its newest version."""
    if "@" in name:
        if name not in _REGISTRY:
            raise ConfigError(f"unknown stage {name!r}; known: {', '.join(sorted(_REGISTRY))}")
        return _REGISTRY[name]
    versions = [s for s in _REGISTRY.values() if s.name == name]
    if not versions:
        raise ConfigError(f"unknown stage {name!r}; known: {', '.join(sorted(_REGISTRY))}")
    return max(versions, key=lambda s: s.version)


def list_stages() -> list[StageSpec]:
    return sorted(_REGISTRY.values(), key=lambda s: (s.name, s.version))


def check_pipeline(names: Iterable[str]) -> list[StageSpec]:
    """Resolve stage names and check each one's requirements are assigned earlier."""
    available: set[str] = set()
    specs = []
    for name in names:
        spec = get_stage(name)
        missing = [r for r in spec.requires if r not in available]
        if missing:
            raise ConfigError(
                f"stage {spec.key} requires {', '.join(missing)}, which no earlier stage assigns"
            )
        available.update(spec.assigns)
        specs.append(spec)
    return specs
