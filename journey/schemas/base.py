"""Strict models for the files users write, and one way to read them with clear refusals.

Every file is read into a pydantic model that forbids unknown keys; a mistake is refused with
the file and the key path (`bad.yaml: ratings[3].scale: expected "MIN:MAX", got "1-5"`), as a
`FileError` (a `JourneyError`), so the app and the command line judge a file the same way.
"""

import difflib
import json
import re
import tomllib
from typing import Any, TypeVar, get_args

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from journey.errors import JourneyError

Model = TypeVar("Model", bound=BaseModel)


class StrictModel(BaseModel):
    """A file's part: unknown keys are mistakes, values are what they say they are."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class FileError(JourneyError):
    """A file a user wrote does not fit its schema; the message names the file and the key."""


def key_path(location: tuple[int | str, ...]) -> str:
    """`ratings[3].scale` from pydantic's location ('ratings', 3, 'scale')."""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


# pydantic's words for types, in the words of someone writing a YAML file.
PLAIN_WORDS = {
    "Input should be a valid tuple": "expected a list",
    "Input should be a valid list": "expected a list",
    "Input should be a valid dictionary": "expected a mapping (key: value)",
    "Input should be a valid string": "expected text",
    "Input should be a valid integer": "expected a whole number",
    "Input should be a valid number, unable to parse string as a number": "expected a number",
    "Input should be a valid number": "expected a number",
    "Input should be a valid boolean": "expected true or false",
    "String should have at least 1 character": "expected text, not nothing",
    # A name read through a converter (numbers as text) has its length checked generically.
    "Value should have at least 1 item after validation, not 0": "expected text, not nothing",
    "Input should be greater than or equal to": "expected at least",
    "Input should be less than or equal to": "expected at most",
    "Input should be greater than": "expected more than",
}


def between(low: float, high: float) -> AfterValidator:
    """A number from low to high inclusive, refused as `expected a number between -1 and 1`."""

    def check(value: float) -> float:
        if not low <= value <= high:
            raise ValueError(f"expected a number between {low:g} and {high:g}, got {value:g}")
        return value

    return AfterValidator(check)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "…"


def _part_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside a field's type (`tuple[RatingItem, ...]`, `OutcomeItem | None`…)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _part_model(argument)
        if found is not None:
            return found
    return None


def _near_miss(model: type[BaseModel] | None, location: tuple[int | str, ...]) -> str | None:
    """The key the file probably meant where it has an unknown one (`colum` for `column`)."""
    for part in location[:-1]:
        if model is None:
            return None
        if isinstance(part, str):
            field = model.model_fields.get(part)
            model = _part_model(field.annotation) if field else None
    if model is None:
        return None
    close = difflib.get_close_matches(str(location[-1]), list(model.model_fields), n=1, cutoff=0.6)
    return close[0] if close else None


def validation_message(error: ValidationError, model: type[BaseModel] | None = None) -> str:
    """The first problem of a validation error, in one line: key path, what, what was given.

    An unknown key comes first (a misspelt key also makes its right spelling "missing"), with
    the key the file probably meant.
    """
    problems = error.errors(include_url=False)
    first = next((p for p in problems if p["type"] == "extra_forbidden"), problems[0])
    location = tuple(p for p in first["loc"] if not str(p).startswith("function-"))
    if location and location[-1] == "[key]":  # a mapping's key was refused: show it as written
        key = first["input"]
        location = (*location[:-2], str(key).lower() if isinstance(key, bool) else str(key))
    where = key_path(location)
    message = str(first["msg"]).removeprefix("Value error, ")
    for words, plain in PLAIN_WORDS.items():
        message = message.replace(words, plain)
    message = re.sub(r" or instance of \w+", "", message).replace("Input should be ", "expected ")
    if first["type"] == "extra_forbidden":
        meant = _near_miss(model, location)
        message = "unknown key " + (
            f"(did you mean {meant!r}?)" if meant else "(a typo, or a key this file does not have)"
        )
    elif first["type"] == "missing":
        message = "required, but missing"
    elif "input" in first and first["type"] not in ("value_error",):
        message = f"{message}, got {_shown(first['input'])}"
    more = len(problems) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{where}: {message}{suffix}" if where else f"{message}{suffix}"


def parse_yaml(text: str, source: str) -> Any:
    """The YAML document, or FileError with the line and column where it breaks."""
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise FileError(
            f"not valid YAML ({error.problem})",
            file=source,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise FileError(f"not valid YAML ({error})", file=source) from None


def read_model(document: Any, model: type[Model], source: str) -> Model:
    """The document as the model, or FileError naming the file and the key path."""
    try:
        return model.model_validate(document if document is not None else {})
    except ValidationError as error:
        raise FileError(validation_message(error, model), file=source) from None


def load_yaml_model(text: str, model: type[Model], source: str) -> Model:
    """Read a YAML file's text into its model (see `read_model`)."""
    return read_model(parse_yaml(text, source), model, source)


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """The TOML document, or FileError with the line and column where it breaks."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Python 3.11 gives the place only in the message: "… (at line 2, column 5)".
        place = re.search(r" \(at line (\d+), column (\d+)\)$", str(error))
        problem = str(error)[: place.start()] if place else str(error)
        raise FileError(
            f"not valid TOML ({problem})",
            file=source,
            line=int(place.group(1)) if place else None,
            column=int(place.group(2)) if place else None,
        ) from None


def load_toml_model(text: str, model: type[Model], source: str) -> Model:
    """Read a TOML file's text into its model (see `read_model`)."""
    return read_model(parse_toml(text, source), model, source)
