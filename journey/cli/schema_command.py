"""`schema`: the JSON Schema of a file users write, for editors that validate as you type."""

import argparse
import json
from typing import Any

from pydantic import BaseModel

from journey.schemas.codebook import CodebookFile
from journey.schemas.definitions import DefinitionsFile
from journey.schemas.mapping import MappingFile
from journey.schemas.settings import SettingsFile

FILES: dict[str, type[BaseModel]] = {
    "mapping": MappingFile,
    "definitions": DefinitionsFile,
    "settings": SettingsFile,
    "codebook": CodebookFile,
}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `schema` to the command parser."""
    schema = commands.add_parser(
        "schema", help="print the JSON Schema of a mapping, definitions, settings or codebook file"
    )
    schema.add_argument("file", choices=tuple(FILES), help="which file")
    schema.set_defaults(run=_schema, needs_database=False)


def file_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the file `name` (one of FILES), as editors read it."""
    schema = FILES[name].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def _schema(_engine: None, args: argparse.Namespace) -> None:
    print(json.dumps(file_schema(args.file), indent=2, ensure_ascii=False))
