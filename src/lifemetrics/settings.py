"""Settings: `LIFEMETRICS_*` environment variables over `lifemetrics.toml` over defaults."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from lifemetrics.chess_username import check_username
from lifemetrics.errors import ConfigError

CONFIG_FILE_ENV = "LIFEMETRICS_CONFIG"
DEFAULT_CONFIG_FILE = "lifemetrics.toml"
# A size as DuckDB reads it (memory_limit): 500MB, 1.5GB, 2GiB.
MEMORY_SIZE = re.compile(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)")


def default_home() -> Path:
    """The per-user data directory (XDG on Linux, ~/Library on macOS)."""
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg:
        return Path(xdg) / "lifemetrics"
    mac = Path.home() / "Library" / "Application Support"
    if mac.is_dir():
        return mac / "lifemetrics"
    return Path.home() / ".local" / "share" / "lifemetrics"


def machine_timezone() -> str:
    """The machine's IANA zone name, from TZ or /etc/localtime, else UTC."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz:
        return tz
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    return "UTC"


class Settings(BaseSettings):
    """Every setting of lifemetrics: LIFEMETRICS_* variables, then the TOML config file, then defaults."""

    model_config = SettingsConfigDict(env_prefix="LIFEMETRICS_", extra="ignore")

    home: Path = Field(
        default_factory=default_home, description="Where warehouse, tokens and dashboard live."
    )
    chess_usernames: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="chess.com usernames to track; the first is 'me'."
    )
    chess_api_url: str = "https://api.chess.com/pub"
    contact: str | None = Field(
        None, description="Contact put in the User-Agent (chess.com requires one)."
    )
    oura_api_url: str = "https://api.ouraring.com"
    oura_token: SecretStr | None = None
    oura_client_id: str | None = None
    oura_client_secret: SecretStr | None = None
    oura_authorize_url: str = "https://cloud.ouraring.com/oauth/authorize"
    oura_token_url: str = "https://api.ouraring.com/oauth/token"
    oura_start_date: date | None = Field(None, description="First day of an Oura back-fill.")
    oura_lookback_days: int = Field(7, ge=0, le=365)
    oura_token_store: Literal["file", "keyring"] = Field(
        "file", description="Where `oura login` keeps tokens."
    )
    oura_redirect_port: int = Field(
        8765, ge=0, le=65535, description="Loopback port of the OAuth2 redirect."
    )
    timezone: str = Field(default_factory=machine_timezone)
    http_max_attempts: int = Field(5, ge=1, le=20)
    http_backoff_seconds: float = Field(1.0, ge=0)
    http_timeout_seconds: float = Field(30.0, gt=0)
    chess_monthly_daily: bool = Field(
        False, description="Run the chess DAG daily instead of monthly."
    )
    engine_path: str = Field(
        "stockfish", description="UCI chess engine: a path, or a name on PATH or in /usr/games."
    )
    analysis_nodes: int = Field(
        10_000, ge=1, description="Engine nodes per position (deterministic)."
    )
    analysis_depth: int | None = Field(
        None, ge=1, le=99, description="Depth per position, instead of nodes."
    )
    chess_parse_workers: int = Field(
        0,
        ge=0,
        le=64,
        description="Processes reading chess.com months into tables during a long back-fill; "
        "0 = one per core, 1 = none (the main process reads them).",
    )
    build_memory_limit: str = Field(
        "500MB",
        description="DuckDB's memory while dbt builds the warehouse (engine duckdb); past it, sorts, "
        "joins and aggregates spill to disk.",
    )
    analysis_workers: int = Field(
        0, ge=0, le=256, description="Engine processes; 0 = one per core."
    )
    analysis_run_seconds: float = Field(
        60.0,
        ge=0,
        description="Time `lifemetrics run` gives move analysis after ingestion; 0 = off.",
    )
    watch_interval_seconds: float = Field(
        300.0, gt=0, description="Seconds between two polls of `lifemetrics watch`."
    )
    watch_above: dict[str, int] = Field(
        default_factory=dict,
        description="Fixed ceilings of `lifemetrics watch` per heart-rate source (awake, rest, sleep): bpm.",
    )
    watch_hold_samples: int = Field(
        3, ge=1, le=288, description="Consecutive samples above a limit that make an episode."
    )
    watch_baseline_days: int = Field(
        30, ge=1, le=365, description="Days of samples the personal baseline is made of."
    )
    watch_mad_factor: float = Field(
        4.0, gt=0, description="How many robust standard deviations above the median alert."
    )
    watch_min_margin_bpm: float = Field(
        25.0, ge=0, description="The least a personal limit lies above the median."
    )
    watch_include_workouts: bool = Field(
        False, description="Watch workout and session samples too."
    )
    watch_webhook_url: SecretStr | None = Field(
        None,
        description="Where `lifemetrics watch` POSTs each alert as JSON (ntfy.sh, chat hooks).",
    )
    watch_desktop: bool = Field(True, description="Show alerts with notify-send where it exists.")

    engine: Literal["duckdb", "trino", "spark"] = Field(
        "duckdb",
        description="duckdb: warehouse.duckdb; trino or spark: raw and marts as Iceberg tables built "
        "by Trino or by Spark.",
    )
    # The lakehouse (engines trino and spark). Unset: the services `lifemetrics lakehouse up` started
    # under LIFEMETRICS_HOME/lakehouse; set, they point at a real Trino, object store and catalog.
    trino_url: str | None = Field(None, description="Trino's coordinator, e.g. https://trino:8443.")
    trino_user: str = Field("lifemetrics", description="The user lifemetrics sends to Trino.")
    s3_endpoint: str | None = Field(None, description="The S3 endpoint; unset with real AWS S3.")
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: SecretStr | None = None
    lakehouse_catalog: str = Field("lake", description="The Iceberg catalog's name (in Trino too).")
    lakehouse_catalog_uri: SecretStr | None = Field(
        None, description="The JDBC catalog's database, postgresql://user:password@host:port/db."
    )
    lakehouse_warehouse: str | None = Field(
        None, description="Where new Iceberg tables are written, e.g. s3://bucket/warehouse."
    )
    spark_master: str = Field(
        "local[2]", description="Spark's master (engine spark): local[N], or spark://host:7077."
    )
    spark_driver_memory: str = Field("2g", description="The Spark driver's heap (engine spark).")

    @field_validator("chess_usernames", mode="before")
    @classmethod
    def _split_usernames(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list):
            names = [str(name).strip() for name in value if str(name).strip()]
            return [check_username(name).lower() for name in names]
        return value

    @field_validator("contact")
    @classmethod
    def _one_line_contact(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.strip():
            raise ValueError(
                "is empty: give your e-mail address or a URL, or leave the setting out"
            )
        if any(ord(char) < 32 or ord(char) == 127 for char in value):
            raise ValueError(
                "holds a line break or control character; it goes into the User-Agent header: "
                "give one line (your e-mail address or a URL)"
            )
        return value.strip()

    @field_validator("build_memory_limit")
    @classmethod
    def _memory_size(cls, value: str) -> str:
        if not MEMORY_SIZE.fullmatch(value.strip()):
            raise ValueError(f"expected a size such as 500MB or 2GB, not {value!r}")
        return value.strip()

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r}") from exc
        return value

    @field_validator("chess_api_url", "oura_api_url", "oura_authorize_url", "oura_token_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        return http_url(value)

    @field_validator("trino_url", "s3_endpoint")
    @classmethod
    def _optional_http_url(cls, value: str | None) -> str | None:
        return None if value is None else http_url(value)

    @field_validator("watch_webhook_url")
    @classmethod
    def _webhook_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator("watch_above")
    @classmethod
    def _ceilings_in_range(cls, value: dict[str, int]) -> dict[str, int]:
        for source, bpm in value.items():
            if not 20 <= bpm <= 250:
                raise ValueError(
                    f"the ceiling of {source!r} must lie between 20 and 250 bpm, got {bpm}"
                )
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = config_file()
        file_values = read_config_file(path) if path else {}
        return (
            init_settings,
            env_settings,
            InitSettingsSource(settings_cls, init_kwargs=file_values),
        )

    @property
    def warehouse_path(self) -> Path:
        """The pipeline's working DuckDB file (raw and audit)."""
        return self.home / "warehouse.duckdb"

    @property
    def analytics_path(self) -> Path:
        """The published DuckDB file readers open."""
        return self.home / "analytics.duckdb"

    @property
    def lakehouse_dir(self) -> Path:
        """Where the local lakehouse's services keep their data (`lifemetrics lakehouse up`)."""
        return self.home / "lakehouse"

    @property
    def dashboard_dir(self) -> Path:
        """Where the static dashboard site is written."""
        return self.home / "dashboard"


def http_url(value: str) -> str:
    """`value` without a trailing slash; ValueError when it is not an http(s) URL."""
    if not value.startswith(("http://", "https://")):
        raise ValueError(f"must be an http(s) URL, got {value!r}")
    return value.rstrip("/")


def config_file() -> Path | None:
    """The TOML file to read: the one LIFEMETRICS_CONFIG names (it must exist), else ./lifemetrics.toml if any."""
    named = os.environ.get(CONFIG_FILE_ENV)
    if named:
        path = Path(named)
        if not path.exists():
            raise ConfigError(f"{CONFIG_FILE_ENV} names {path}, which does not exist")
        return path
    default = Path(DEFAULT_CONFIG_FILE)
    return default if default.exists() else None


def read_config_file(path: Path) -> dict[str, object]:
    """The settings in `path`; ConfigError naming the file when it cannot be read, is not TOML, or has
    a key that is not a setting (a misspelling would otherwise be ignored)."""
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    for key in values:
        if key not in Settings.model_fields:
            close = difflib.get_close_matches(key, Settings.model_fields, n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            raise ConfigError(f"unknown setting `{key}` in {path}{hint}")
    return values


def _setting_origin(name: str, overrides: dict[str, object]) -> str:
    """Where the value of setting `name` came from, as the user would look for it."""
    variable = f"LIFEMETRICS_{name.upper()}"
    if name in overrides:
        return f"setting `{name}`"
    if variable in os.environ:
        return variable
    path = config_file()
    if path is not None and name in read_config_file(path):
        return f"`{name}` in {path}"
    return variable


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a validation error into a one-line ConfigError naming the setting
    and where its value came from (an environment variable or the TOML file)."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "settings"
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"bad setting {_setting_origin(name, overrides)}: {message}") from None
