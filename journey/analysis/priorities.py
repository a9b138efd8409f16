"""Where to act first: each driver's importance against how the stage (or touchpoint) feels,
in the four quadrants of the importance × performance matrix."""

import pandas as pd

FIX_FIRST, KEEP_IT_UP = "Fix first", "Keep it up"
LOW_PRIORITY, OVERKILL = "Low priority", "Possible overkill"
NEGATIVE_LINK = "Negative link"
QUADRANTS = {  # (more important than the typical stage, felt worse than it)
    (True, True): FIX_FIRST,
    (True, False): KEEP_IT_UP,
    (False, True): LOW_PRIORITY,
    (False, False): OVERKILL,
}


def priority_matrix(drivers: pd.DataFrame, performance: pd.DataFrame) -> pd.DataFrame:
    """Importance against performance (mean emotion), in quadrants, in the drivers' rank.

    `drivers` is a `DriverAnalysis.table()`; `performance` has its first column (stage or
    touchpoint) and `mean_emotion`. Only items with an importance are placed. The quadrants
    split at the medians of the items shown: "fix first" is strictly more important than the
    typical item and felt strictly worse than it. An item whose emotion goes down as the
    outcome goes up (r < 0) is a "negative link", never "fix first": improving it would not be
    expected to lift the outcome.
    """
    name = str(drivers.columns[0])
    table = drivers.dropna(subset=["importance"]).merge(
        performance[[name, "mean_emotion"]], on=name, how="inner"
    )
    table = table.dropna(subset=["mean_emotion"]).reset_index(drop=True)
    if table.empty:
        return table.assign(quadrant=pd.Series(dtype=object))
    important = table["importance"] > table["importance"].median()
    worse = table["mean_emotion"] < table["mean_emotion"].median()
    table["quadrant"] = [
        NEGATIVE_LINK if r < 0 else QUADRANTS[(bool(i), bool(w))]
        for r, i, w in zip(table["r"], important, worse, strict=True)
    ]
    return table
