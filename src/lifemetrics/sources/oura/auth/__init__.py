"""Oura authorisation: a personal access token, or the OAuth2 login with stored, rotating tokens."""

from lifemetrics.sources.oura.auth.bearer import Bearer, bearer_for
from lifemetrics.sources.oura.auth.login import login
from lifemetrics.sources.oura.auth.status import token_status

__all__ = ["Bearer", "bearer_for", "login", "token_status"]
