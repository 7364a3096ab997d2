"""Passwords hashed with Argon2id at OWASP's recommended cost (19 MiB, two passes, one lane).

Django's default, PBKDF2 at a million rounds, costs a quarter of a second of CPU per sign-in on a 2-core server:
a hundred officials signing in at the start of the day queue behind each other for half a minute. Argon2id at
OWASP's parameters costs about 20 ms and, being memory-hard, resists guessing on GPUs better than PBKDF2 does.
Passwords stored with PBKDF2 are rehashed at their owner's next sign-in (settings.PASSWORD_HASHERS keeps it second).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    # https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
