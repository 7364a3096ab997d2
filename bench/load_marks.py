"""What marks the rows the mixed load writes (bench/locustfile.py), so that bench/run.py finds and removes them
before each run."""

LOAD_MARK = "Đo tải"  # in a text of every row the load writes
PHONE_PREFIX = "098"  # members' phones: the generator's run from 0900000001 up (one phone, one member nationwide)
