"""OAuth2 token pairs and where they are kept: a 0600 file under LIFEMETRICS_HOME, or the system keyring.

A pair is written atomically (temp file created 0600, fsync, rename, fsync of the directory), so a crash
leaves either the old pair or the new one, never half a file and never a moment readable by others.
"""

from __future__ import annotations

import json
import os
import stat
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from lifemetrics.files import fsync_file
from lifemetrics.settings import Settings
from lifemetrics.sources.oura.errors import OuraTokenStoreError

TOKEN_FILE_NAME = "oura-tokens.json"
KEYRING_SERVICE = "lifemetrics-oura"
REFRESH_MARGIN_SECONDS = 300.0  # refresh an access token this long before it expires


@dataclass(frozen=True)
class TokenPair:
    """An access token, the refresh token that renews it, when the access token expires (epoch s), its scopes."""

    access_token: str
    refresh_token: str | None
    expires_at: float | None
    scope: str | None = None

    def __repr__(self) -> str:  # never show the secrets, even in a traceback
        return f"TokenPair(expires_at={self.expires_at!r}, scope={self.scope!r})"

    @classmethod
    def from_token_response(
        cls, body: dict[str, object], now: float, previous: TokenPair | None = None
    ) -> TokenPair:
        """The pair from an OAuth2 token response; `expires_in` becomes an absolute time."""
        expires_in = body.get("expires_in")
        refresh = body.get("refresh_token") or (previous.refresh_token if previous else None)
        scope = body.get("scope") or (previous.scope if previous else None)
        return cls(
            access_token=str(body["access_token"]),
            refresh_token=str(refresh) if refresh else None,
            expires_at=now + float(expires_in) if isinstance(expires_in, (int, float)) else None,
            scope=str(scope) if scope else None,
        )

    def expires_soon(
        self, now: float | None = None, margin: float = REFRESH_MARGIN_SECONDS
    ) -> bool:
        """True when the access token expires within `margin` seconds (unknown expiry: never)."""
        if self.expires_at is None:
            return False
        return (now if now is not None else time.time()) >= self.expires_at - margin

    @property
    def scopes(self) -> frozenset[str] | None:
        """The granted scopes, when the token response said."""
        return frozenset(self.scope.split()) if self.scope else None

    def to_json(self) -> str:
        """The pair as the JSON kept in the store."""
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str, where: str) -> TokenPair:
        """A pair read back from the store; a clear error naming `where` when it is not one."""
        try:
            data = json.loads(text)
            return cls(
                access_token=str(data["access_token"]),
                refresh_token=data.get("refresh_token"),
                expires_at=data.get("expires_at"),
                scope=data.get("scope"),
            )
        except (ValueError, KeyError, TypeError):
            raise OuraTokenStoreError(
                f"{where} does not hold Oura tokens; run `lifemetrics oura login` again"
            ) from None


class TokenStore(Protocol):
    """Where the OAuth2 pair lives between runs."""

    description: str

    def load(self) -> TokenPair | None:
        """The stored pair, or None when nothing is stored."""

    def save(self, pair: TokenPair) -> None:
        """Replace the stored pair atomically."""


class FileTokenStore:
    """A JSON file readable and writable by the user alone (mode 0600); looser files are refused."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"token file {path}"

    def load(self) -> TokenPair | None:
        """The stored pair; refuses a file group or others may read or write."""
        try:
            mode = stat.S_IMODE(self.path.stat().st_mode)
        except FileNotFoundError:
            return None
        if mode & 0o077:
            raise OuraTokenStoreError(
                f"refusing to read {self.path}: its mode is {mode:04o}, so others may read your Oura tokens; "
                f"run `chmod 600 {self.path}` (and consider `lifemetrics oura login` again)"
            )
        return TokenPair.from_json(self.path.read_text(encoding="utf-8"), str(self.path))

    def save(self, pair: TokenPair) -> None:
        """Write the pair to a 0600 temp file, fsync it, rename it over the old file, fsync the directory."""
        try:
            write_private_file(self.path, pair.to_json())
        except OSError as exc:
            raise OuraTokenStoreError(
                f"could not save the Oura tokens to {self.path} ({exc.strerror or type(exc).__name__}); "
                "the previously stored tokens are unchanged"
            ) from None


def temp_path(path: Path) -> Path:
    """Where `write_private_file` stages the new content of `path` before renaming it into place."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_private_file(path: Path, text: str) -> None:
    """Atomically replace `path` with `text`, the file being 0600 from its creation on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_path(path)
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # O_CREAT honours umask only on new files; make sure
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        if temp.is_file():
            temp.unlink()
        raise
    fsync_file(path.parent)


class KeyringTokenStore:
    """The system keyring (the optional `keyring` extra): one entry per LIFEMETRICS_HOME."""

    def __init__(self, account: str) -> None:
        try:
            import keyring
        except ImportError:
            raise OuraTokenStoreError(
                "LIFEMETRICS_OURA_TOKEN_STORE=keyring needs the keyring package: pip install 'lifemetrics[keyring]'"
            ) from None
        self._keyring = keyring
        self.account = account
        self.description = f"system keyring entry {KEYRING_SERVICE}/{account}"

    def load(self) -> TokenPair | None:
        """The stored pair, or None."""
        text = self._keyring.get_password(KEYRING_SERVICE, self.account)
        return TokenPair.from_json(text, self.description) if text else None

    def save(self, pair: TokenPair) -> None:
        """Replace the keyring entry (a single write: atomic as far as the keyring goes)."""
        self._keyring.set_password(KEYRING_SERVICE, self.account, pair.to_json())


def token_store(settings: Settings) -> TokenStore:
    """The store the settings choose: the 0600 file under LIFEMETRICS_HOME (default) or the keyring."""
    if settings.oura_token_store == "keyring":
        return KeyringTokenStore(account=str(settings.home))
    return FileTokenStore(settings.home / TOKEN_FILE_NAME)
