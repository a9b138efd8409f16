"""Tables printed as people and programs read them: aligned text, CSV or JSON."""

import json
import math
import sys
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def print_table(table: "pd.DataFrame", form: str) -> None:
    """Print the table as `table` (aligned, 3 decimals), `csv` or `json` (a list of objects)."""
    if form == "json":
        print(json.dumps([plain(record) for record in table.to_dict("records")], indent=2))
    elif form == "csv":
        table.to_csv(sys.stdout, index=False)
    else:
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="–"))


def plain(record: dict[Hashable, Any]) -> dict[str, Any]:
    """JSON-ready values: NaN and None become null, numpy scalars plain numbers."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            out[str(key)] = None
        elif hasattr(value, "item"):
            out[str(key)] = value.item()
        else:
            out[str(key)] = value
    return out
