"""One settings source: packaged defaults, a user file, environment variables, CLI flags.

The defaults live in ``default_settings.toml`` beside this module (commented), and the same
models below validate every layer once, so a bad value fails early with the key that is wrong.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from eventwire.errors import ConfigError

__all__ = ["Settings", "load_settings"]

ENV_PREFIX = "EVENTWIRE_"
USER_FILE = "eventwire.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StoreSettings(_Section):
    path: str
    batch_size: int = Field(gt=0)


class IngestSettings(_Section):
    max_file_bytes: int = Field(gt=0)
    max_record_bytes: int = Field(gt=0)
    max_feed_bytes: int = Field(gt=0)
    min_text_chars: int = Field(ge=0)
    include: tuple[str, ...]
    exclude: tuple[str, ...]


class FetchSettings(_Section):
    timeout_s: float = Field(gt=0)
    deadline_s: float = Field(gt=0)
    max_bytes: int = Field(gt=0)
    retries: int = Field(ge=0)
    user_agent: str


class LanguageSettings(_Section):
    detect: bool
    sample_chars: int = Field(gt=0)


class NlpSettings(_Section):
    model: str
    languages: tuple[str, ...]
    batch_size: int = Field(gt=0)
    n_process: int = Field(gt=0)


class PipelineSettings(_Section):
    stages: tuple[str, ...]


class EngineSettings(_Section):
    name: Literal["local", "dask"]
    scheduler: str
    workers: int = Field(ge=0)
    partition_size: int = Field(gt=0)
    in_flight: int = Field(gt=0)
    connect_timeout_s: float = Field(gt=0)
    read_on_workers: bool
    read_part_bytes: int = Field(gt=0)
    provenance_join: bool


class Settings(_Section):
    store: StoreSettings
    ingest: IngestSettings
    fetch: FetchSettings
    language: LanguageSettings
    nlp: NlpSettings
    pipeline: PipelineSettings
    engine: EngineSettings

    def replace(self, **sections: Mapping[str, Any]) -> Settings:
        """A copy with some keys changed: ``settings.replace(nlp={"n_process": 2})``."""
        data = self.model_dump()
        for name, values in sections.items():
            data[name].update({k: v for k, v in values.items() if v is not None})
        return _validate(data, "overrides")


def _defaults() -> dict[str, Any]:
    text = resources.files("eventwire").joinpath("default_settings.toml").read_text("utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], layer: Mapping[str, Any], origin: str) -> None:
    for section, values in layer.items():
        if section not in base or not isinstance(values, Mapping):
            raise ConfigError(f"{origin}: unknown settings section [{section}]")
        for key, value in values.items():
            if key not in base[section]:
                raise ConfigError(f"{origin}: unknown setting {section}.{key}")
            base[section][key] = value


def _env_layer(environ: Mapping[str, str], defaults: dict[str, Any]) -> dict[str, Any]:
    layer: dict[str, dict[str, Any]] = {}
    for section, values in defaults.items():
        for key, default in values.items():
            name = f"{ENV_PREFIX}{section}_{key}".upper()
            if name not in environ:
                continue
            raw = environ[name]
            value: Any = raw
            if isinstance(default, list):
                value = [part.strip() for part in raw.split(",") if part.strip()]
            elif isinstance(default, bool):
                value = raw.strip().lower() in {"1", "true", "yes", "on"}
            layer.setdefault(section, {})[key] = value
    return layer


def _validate(data: dict[str, Any], origin: str) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors()
        )
        raise ConfigError(f"invalid settings ({origin}): {problems}") from e


def load_settings(
    config: str | Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Defaults, then the user file, then environment variables, validated once."""
    environ = os.environ if environ is None else environ
    data = _defaults()
    path: Path | None = None
    if config is not None:
        path = Path(config)
    elif environ.get(f"{ENV_PREFIX}CONFIG"):
        path = Path(environ[f"{ENV_PREFIX}CONFIG"])
    elif (cand := (cwd or Path.cwd()) / USER_FILE).is_file():
        path = cand
    if path is not None:
        try:
            layer = tomllib.loads(path.read_text("utf-8"))
        except FileNotFoundError as e:
            raise ConfigError(f"{path}: settings file not found") from e
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"{path}: not a valid TOML file ({e})") from e
        _merge(data, layer, str(path))
    _merge(data, _env_layer(environ, data), "environment")
    return _validate(data, str(path) if path else "defaults")
