from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from app.cli import main
from app.settings import DEFAULT_STAFF_PASSWORD, Settings, describe_settings_error

STRONG_PASSWORD = "a-long-and-random-passphrase"


def test_defaults_are_local_and_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings()
    assert settings.env == "test"
    assert settings.host == "127.0.0.1" and settings.port == 8000
    assert settings.data_dir == tmp_path / "data"
    assert settings.resolved_database_url.get_backend_name() == "sqlite"
    assert settings.resolved_database_url.database == str(tmp_path / "data" / "policy-assistant.sqlite3")
    assert "*" not in settings.allowed_origins


def test_environment_variables_use_the_pa_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PA_PORT", "9100")
    monkeypatch.setenv("PA_ALLOWED_ORIGINS", "https://www.bjxch.gov.cn, https://data.bjxch.gov.cn/")
    monkeypatch.setenv("PA_DATABASE_URL", "postgresql://pa:secret@db:5432/pa")
    settings = Settings()
    assert settings.port == 9100
    assert settings.allowed_origins == ["https://www.bjxch.gov.cn", "https://data.bjxch.gov.cn"]
    url = settings.resolved_database_url
    assert url.render_as_string(hide_password=False) == "postgresql+psycopg://pa:secret@db:5432/pa"


def test_origins_as_a_json_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PA_ALLOWED_ORIGINS", '["https://a.example", "https://b.example"]')
    assert Settings().allowed_origins == ["https://a.example", "https://b.example"]


def test_dotenv_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PA_ENV")
    (tmp_path / ".env").write_text("PA_PORT=9200\nPA_LOG_LEVEL=DEBUG\n", "utf-8")
    settings = Settings()
    assert settings.port == 9200 and settings.log_level == "DEBUG"


def test_a_bad_port_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PA_PORT", "70000")
    with pytest.raises(ValidationError) as caught:
        Settings()
    assert describe_settings_error(caught.value).startswith("配置错误：PA_PORT")


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({}, "默认员工密码"),
        ({"staff_password": DEFAULT_STAFF_PASSWORD}, "默认员工密码"),
        ({"staff_password": "short"}, "至少需要"),
        ({"staff_password": STRONG_PASSWORD, "allowed_origins": ["*"]}, "“*”"),
        ({"staff_password": STRONG_PASSWORD, "allowed_origins": "https://a.example,*"}, "“*”"),
        ({"staff_password": STRONG_PASSWORD, "allowed_origins": '["* "]'}, "“*”"),
        ({"staff_password": " " * 20}, "非空白"),
        ({"staff_password": STRONG_PASSWORD, "rate_limit": "off"}, "不能关闭频率限制"),
    ],
)
def test_production_refuses_unsafe_settings_with_one_line(overrides: dict[str, object], reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(env="production", **overrides)  # type: ignore[arg-type]
    line = describe_settings_error(caught.value)
    assert reason in line and "\n" not in line


def test_production_accepts_safe_settings() -> None:
    settings = Settings(
        env="production",
        staff_password=STRONG_PASSWORD,
        allowed_origins=["https://www.bjxch.gov.cn"],  # type: ignore[arg-type]
        rate_limit="30/minute",
    )
    assert settings.env == "production" and settings.rate_limit == "30/minute"


def test_development_tolerates_defaults() -> None:
    assert Settings(env="development", allowed_origins=["*"]).allowed_origins == ["*"]  # type: ignore[arg-type]


def test_cli_refuses_to_serve_unsafe_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PA_ENV", "production")
    result = CliRunner().invoke(main, ["serve"], prog_name="policy-assistant")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "默认员工密码" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "fragment"),
    [
        ("PA_ENV", "prod", "PA_ENV：取值不在允许范围内（可选：development、test、production）"),
        ("PA_ALLOWED_ORIGINS", "[bad", "PA_ALLOWED_ORIGINS：不是合法的 JSON 列表"),
        ("PA_ALLOWED_ORIGINS", "null", "“null”不是合法的来源"),
        ("PA_ALLOWED_ORIGINS", "https://*.example.com", "不是合法的来源"),
        ("PA_ALLOWED_ORIGINS", '[{"a": 1}]', "PA_ALLOWED_ORIGINS.0：应为字符串"),
        ("PA_DATABASE_URL", "not a url", "不是合法的数据库 URL"),
        ("PA_DATABASE_URL", "mysql://u@h/db", "不支持的数据库“mysql”"),
        ("PA_PORT", "eighty", "PA_PORT：应为整数"),
        ("PA_RATE_LIMIT", "thirty a minute", "PA_RATE_LIMIT：不是合法的频率限制"),
        ("PA_RATE_LIMIT_STORAGE", "mongodb://h/db", "PA_RATE_LIMIT_STORAGE：不支持的计数存储"),
        ("PA_TRUSTED_PROXIES", "10.0.0.1, proxy.local", "PA_TRUSTED_PROXIES：“proxy.local”不是合法的 IP"),
        ("PA_MAX_REQUEST_BYTES", "10", "PA_MAX_REQUEST_BYTES：不能小于 1024"),
    ],
)
def test_malformed_settings_are_named_in_one_chinese_line(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, fragment: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError) as caught:
        Settings()
    line = describe_settings_error(caught.value)
    assert fragment in line and "\n" not in line


def test_origins_are_normalised_in_both_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PA_ALLOWED_ORIGINS", '[" HTTPS://WWW.BJXCH.GOV.CN/ ", "http://[::1]:8000"]')
    assert Settings().allowed_origins == ["https://www.bjxch.gov.cn", "http://[::1]:8000"]


def test_the_edges_read_their_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PA_RATE_LIMIT", " 5/second; 100/hour ")
    monkeypatch.setenv("PA_RATE_LIMIT_STORAGE", "redis://127.0.0.1:6379/1")
    monkeypatch.setenv("PA_TRUSTED_PROXIES", "10.0.0.0/8, ::1")
    settings = Settings()
    assert settings.rate_limit == "5/second; 100/hour"
    assert settings.rate_limit_storage == "redis://127.0.0.1:6379/1"
    assert [str(network) for network in settings.trusted_proxies] == ["10.0.0.0/8", "::1/128"]
    for off in ("off", "OFF", "", "none"):
        monkeypatch.setenv("PA_RATE_LIMIT", off)
        assert Settings().rate_limit is None


def test_the_llm_engine_is_on_only_with_a_base_url_and_a_model(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not Settings().llm_enabled
    monkeypatch.setenv("PA_LLM_BASE_URL", "http://127.0.0.1:11434/v1/")
    assert not Settings().llm_enabled
    monkeypatch.setenv("PA_LLM_MODEL", "qwen2.5:7b")
    monkeypatch.setenv("PA_LLM_API_KEY", "sk-secret")
    settings = Settings()
    assert settings.llm_enabled and settings.llm_base_url == "http://127.0.0.1:11434/v1"
    assert "sk-secret" not in repr(settings)
    monkeypatch.setenv("PA_LLM_MODEL", "  ")
    assert not Settings().llm_enabled


@pytest.mark.parametrize("url", ["ftp://host/v1", "localhost:8000", "http://:80/v1", "http://host:port/v1"])
def test_a_malformed_llm_url_is_refused(url: str) -> None:
    with pytest.raises(ValidationError, match="模型服务地址"):
        Settings(llm_base_url=url)
