import csv
from pathlib import Path


def read_csv(path: Path) -> list[dict]:
    """Rows of a data file shipped in the repo; lines starting with # name its sources."""
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))
