"""How much one uploaded file may hold; past these, it is refused whole with a clear reason.

The limits are far above real survey exports and low enough that a hostile or broken file
cannot exhaust the server's memory.
"""

MAX_FILE_BYTES = 1 << 30  # 1 GiB, Streamlit's upload limit in .streamlit/config.toml
MAX_ROWS = 20_000_000
MAX_COLUMNS = 2_000
MAX_CELL_CHARS = 100_000
