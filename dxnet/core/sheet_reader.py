"""Read the first worksheet of the workbook on stdin and write its rows, pickled, on stdout.

Run by `upload_guard.read_xlsx` as a child process (`python -I sheet_reader.py MEMORY_MB SECONDS`), under the
limits it is given: if the reader asks for more memory or time, this process dies and the server does not. It
imports nothing of the project, so it starts fast and has nothing to leak.
"""

import io
import pickle
import resource
import sys


def _plain(value):
    """Calamine reads every number as a float: 12.0 back to 12, as the person typed it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def main() -> int:
    memory_mb, seconds = int(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    from python_calamine import CalamineError, CalamineWorkbook

    data = sys.stdin.buffer.read()
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        rows = [[_plain(value) for value in row] for row in sheet.iter_rows()]
    except (CalamineError, ValueError, OSError, IndexError) as error:
        sys.stderr.write(f"{type(error).__name__}: {error}\n")
        return 2
    sys.stdout.buffer.write(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(main())
