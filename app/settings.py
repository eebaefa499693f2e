"""The one settings class (prefix `PA_`, `.env` supported), refused at start when unsafe in production."""

from __future__ import annotations

import ipaddress
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from limits import parse_many
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy import URL
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from app.validation_messages import describe_error

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STAFF_PASSWORD = "change-me"
MIN_PRODUCTION_PASSWORD_LENGTH = 12
SQLITE_FILE_NAME = "policy-assistant.sqlite3"
RATE_LIMIT_OFF = {"off", "none", "0"}
RATE_LIMIT_STORAGE_SCHEMES = {"memory", "redis", "rediss"}

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# What a browser sends in an Origin header: scheme://host[:port], nothing more.
_ORIGIN = re.compile(r"^https?://(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:]+\])(?::\d{1,5})?$")


class UnsafeSettingsError(ValueError):
    """Settings that must not reach production; the message is the one-line reason."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PA_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; empty means a SQLite file in data_dir"
    )
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["http://127.0.0.1:8000", "http://localhost:8000"]
    )
    staff_password: SecretStr = SecretStr(DEFAULT_STAFF_PASSWORD)
    index_on_start: bool = True
    embedding_model: str = Field(
        default="models/m3e-small",
        min_length=1,
        description="sentence-transformers model: a folder (relative to the project) or a hub id",
    )
    chroma_url: str | None = Field(default=None, description="Chroma server URL; empty means embedded Chroma")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # The LLM engine: any OpenAI-compatible server. Without a base URL and a model, the offline composer
    # answers every question.
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible API base, e.g. …/v1")
    llm_model: str | None = Field(default=None, description="Model name the server knows")
    llm_api_key: SecretStr | None = None
    llm_timeout_seconds: float = Field(default=20.0, gt=0, le=300)
    # The public API's edges (SPEC §7, §11).
    rate_limit: str | None = Field(
        default="30/minute;300/hour",
        description="每个客户端的请求上限（limits 写法，如 30/minute;300/hour）；off 表示不限",
    )
    rate_limit_storage: str = Field(
        default="memory://", description="计数存储：memory:// 或 redis://主机:端口（多个进程共享计数）"
    )
    trusted_proxies: Annotated[list[IpNetwork], NoDecode] = Field(
        default_factory=list,
        description="可信反向代理的地址或网段；只有来自它们的 X-Forwarded-For 才被采信",
    )
    max_request_bytes: int = Field(default=1024 * 1024, ge=1024, le=64 * 1024 * 1024)

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """Accept a JSON list or a comma-separated string, as operators write both."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        if text.startswith("["):
            try:
                return json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError("不是合法的 JSON 列表，可写成逗号分隔的网址") from exc
        return text.split(",")

    @field_validator("allowed_origins")
    @classmethod
    def _check_origins(cls, origins: list[str]) -> list[str]:
        cleaned = []
        for entry in origins:
            origin = entry.strip().rstrip("/").lower()
            if not origin:
                continue
            if origin != "*" and not _ORIGIN.match(origin):
                raise ValueError(f"“{entry.strip()}”不是合法的来源，应写成 https://域名[:端口]")
            cleaned.append(origin)
        return cleaned

    @field_validator("rate_limit")
    @classmethod
    def _check_rate_limit(cls, value: str | None) -> str | None:
        text = (value or "").strip()
        if not text or text.lower() in RATE_LIMIT_OFF:
            return None
        try:
            parse_many(text)
        except ValueError:
            raise ValueError("不是合法的频率限制，应写成 30/minute 或 30/minute;300/hour") from None
        return text

    @field_validator("rate_limit_storage")
    @classmethod
    def _check_rate_limit_storage(cls, uri: str) -> str:
        uri = uri.strip()
        if urlsplit(uri).scheme not in RATE_LIMIT_STORAGE_SCHEMES:
            raise ValueError("不支持的计数存储，应写成 memory:// 或 redis://主机:端口")
        return uri

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _parse_proxies(cls, value: object) -> object:
        """A comma-separated string or a list of addresses and CIDR networks."""
        entries = value.split(",") if isinstance(value, str) else value
        if not isinstance(entries, list):
            return value
        networks: list[IpNetwork] = []
        for entry in entries:
            if isinstance(entry, IpNetwork):
                networks.append(entry)
                continue
            text = str(entry).strip()
            if not text:
                continue
            try:
                networks.append(ipaddress.ip_network(text, strict=False))
            except ValueError:
                raise ValueError(f"“{text}”不是合法的 IP 地址或网段（如 10.0.0.0/8）") from None
        return networks

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, url: str | None) -> str | None:
        if url is None or not url.strip():
            return None
        url = url.strip()
        # The project ships psycopg 3; a bare postgresql:// URL would make SQLAlchemy look for psycopg2.
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                url = "postgresql+psycopg://" + url[len(prefix) :]
        try:
            backend = make_url(url).get_backend_name()
        except ArgumentError as exc:
            raise ValueError("不是合法的数据库 URL（例如 postgresql://用户@主机:5432/库名）") from exc
        if backend not in {"sqlite", "postgresql"}:
            raise ValueError(f"不支持的数据库“{backend}”，请使用 SQLite 或 PostgreSQL")
        return url

    @field_validator("chroma_url")
    @classmethod
    def _check_chroma_url(cls, url: str | None) -> str | None:
        if url is None or not url.strip():
            return None
        url = url.strip().rstrip("/")
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            port = -1
        if parts.scheme not in {"http", "https"} or not parts.hostname or port == -1 or parts.path:
            raise ValueError("不是合法的 Chroma 服务地址，应写成 http://主机:端口")
        return url

    @field_validator("llm_base_url", "llm_model")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("llm_base_url")
    @classmethod
    def _check_llm_base_url(cls, url: str | None) -> str | None:
        if url is None:
            return None
        parts = urlsplit(url)
        try:
            parts.port  # noqa: B018 - raises on a malformed port
        except ValueError:
            raise ValueError("不是合法的模型服务地址，应写成 http(s)://主机:端口/v1") from None
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError("不是合法的模型服务地址，应写成 http(s)://主机:端口/v1")
        return url.rstrip("/")

    @property
    def llm_enabled(self) -> bool:
        return self.llm_base_url is not None and self.llm_model is not None

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env != "production":
            return self
        password = self.staff_password.get_secret_value()
        if password == DEFAULT_STAFF_PASSWORD:
            raise UnsafeSettingsError(
                "生产环境（PA_ENV=production）不能使用默认员工密码，请设置 PA_STAFF_PASSWORD"
            )
        if len(password.strip()) < MIN_PRODUCTION_PASSWORD_LENGTH:
            raise UnsafeSettingsError(
                f"生产环境的员工密码至少需要 {MIN_PRODUCTION_PASSWORD_LENGTH} 个非空白字符（PA_STAFF_PASSWORD）"
            )
        if "*" in self.allowed_origins:
            raise UnsafeSettingsError(
                "生产环境（PA_ENV=production）不能允许所有来源“*”，请在 PA_ALLOWED_ORIGINS 中列出具体域名"
            )
        if self.rate_limit is None:
            raise UnsafeSettingsError("生产环境（PA_ENV=production）不能关闭频率限制（PA_RATE_LIMIT）")
        return self

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def resolved_database_url(self) -> URL:
        if self.database_url:
            return make_url(self.database_url)
        # Built, not formatted: a data dir with "?" or "%" in its name must stay a path.
        return URL.create("sqlite", database=str(self.data_dir / SQLITE_FILE_NAME))


def describe_settings_error(error: ValidationError) -> str:
    """One Chinese line naming the offending setting, for the CLI and the start-up log."""
    first = error.errors()[0]
    location = ".".join(str(part) for part in first.get("loc", ()))
    message = describe_error(first)
    if location:
        return f"配置错误：PA_{location.upper()}：{message}"
    return f"配置错误：{message}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
