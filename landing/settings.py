"""Where the data lives (the settings every package that touches files shares), and the one way
every package reads its settings: `load_settings`, whose errors name the environment variable.

Each package has one typed settings class and one uncached factory, `get_<package>_settings()`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from pydantic import AliasChoices, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SettingsT = TypeVar("SettingsT", bound=BaseSettings)


class SettingsError(ValueError):
    """A setting with a value that cannot work; the message names the environment variable,
    the value and what it should be."""


class DataSettings(BaseSettings):
    """`MERCREDI_DATA_DIR` and `MERCREDI_LANDING_DIR` (default `<data dir>/landing`).

    Relative paths are taken from the current directory. Two instances with different data
    folders never touch each other's files.
    """

    # `NAME=` (as in .env.example) means "the default", never the current folder.
    model_config = SettingsConfigDict(
        env_prefix="MERCREDI_",
        env_file=".env",
        extra="ignore",
        env_ignore_empty=True,
        populate_by_name=True,
    )

    data_dir: Path = Path("data")
    landing_dir: Path | None = None

    @field_validator("data_dir", "landing_dir")
    @classmethod
    def _a_folder(cls, value: Path | None) -> Path | None:
        if value is not None and value.exists() and not value.is_dir():
            raise ValueError("is a file, not a folder")
        return value

    @property
    def landing(self) -> Path:
        """The landing folder: `MERCREDI_LANDING_DIR`, else `<data dir>/landing`."""
        return self.landing_dir if self.landing_dir is not None else self.data_dir / "landing"


def get_landing_settings() -> DataSettings:
    """The data folders read from the environment (and `.env`), fresh at each call."""
    return load_settings(DataSettings)


def load_settings(settings_class: type[SettingsT], **values: Any) -> SettingsT:
    """`settings_class` read from the environment (and `.env`), `values` overriding them.

    Raises SettingsError naming the environment variable at fault, its value and what it
    should be (`MERCREDI_NUM_THREADS='abc' is not a whole number`), never a pydantic field.
    """
    try:
        return settings_class(**values)
    except ValidationError as error:
        raise SettingsError(describe_settings_error(settings_class, error)) from None


def environment_variables(settings_class: type[BaseSettings], field: str) -> list[str]:
    """Every environment variable that sets `field`, the one that wins first."""
    info = settings_class.model_fields.get(field)
    if info is not None:
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            return [str(choice).upper() for choice in alias.choices]
        if isinstance(alias, str):
            return [alias.upper()]
    prefix = str(settings_class.model_config.get("env_prefix", ""))
    return [f"{prefix}{field}".upper()]


def environment_variable(settings_class: type[BaseSettings], field: str) -> str:
    """The environment variable that sets `field`: of several, the first one set in the
    environment (else the first)."""
    names = environment_variables(settings_class, field)
    return next((name for name in names if os.environ.get(name)), names[0])


def describe_settings_error(settings_class: type[BaseSettings], error: ValidationError) -> str:
    """One line per wrong setting: variable, value, what it should be, where to fix it."""
    lines = []
    for item in error.errors(include_url=False):
        location = str(item["loc"][0]) if item["loc"] else "?"
        field = _field_of(settings_class, location)
        variable = environment_variable(settings_class, field) if field else location
        lines.append(f"{variable}={item.get('input')!r} {_expected(item)}")
    return "; ".join(lines) + " (set in the environment or .env; see .env.example)"


def _field_of(settings_class: type[BaseSettings], location: str) -> str | None:
    for name, info in settings_class.model_fields.items():
        alias = info.validation_alias
        choices = alias.choices if isinstance(alias, AliasChoices) else [alias]
        if location == name or location in choices:
            return name
    return None


def _expected(item: Any) -> str:
    kind, context = item["type"], item.get("ctx", {})
    phrases = {
        "int_parsing": "is not a whole number",
        "int_from_float": "is not a whole number",
        "float_parsing": "is not a number",
        "finite_number": "is not a finite number",
        "bool_parsing": "is not true or false",
        "literal_error": f"is not one of {context.get('expected', '')}",
        "greater_than_equal": f"must be >= {context.get('ge')}",
        "greater_than": f"must be > {context.get('gt')}",
        "less_than_equal": f"must be <= {context.get('le')}",
        "less_than": f"must be < {context.get('lt')}",
        "path_type": "is not a usable path",
    }
    if kind in phrases:
        return phrases[kind]
    if kind == "value_error" and "error" in context:
        return str(context["error"])
    return str(item["msg"]).lower()
