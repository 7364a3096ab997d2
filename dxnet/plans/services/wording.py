"""Template words that name a tier or body gone on the plan's day ("Ủy ban nhân dân cấp huyện" in a 2026 plan):
rewritten with the template's role map and the shipped list, or left as written and listed for the author."""

import datetime
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from dxnet.agencies.models import Agency
from dxnet.geo.services import tiers

RETIRED_NAMES = Path(__file__).parent.parent / "data" / "retired_names.json"


@cache
def _shipped() -> tuple[dict, ...]:
    return tuple(json.loads(RETIRED_NAMES.read_text(encoding="utf-8"))["names"])


def _gone(tier: str, on: datetime.date) -> bool:
    found = tiers().get(tier)
    return found is not None and not found.exists_on(on)


def _retired(entry: dict, on: datetime.date) -> tuple[bool, str | None]:
    """Whether the words of `entry` name something gone on `on`, and what names it then (None: to review).
    A tier ends by `geo/data/tiers.csv`; a body by its own end date, its successor taking its place."""
    if "tier" in entry:
        return _gone(entry["tier"], on), entry.get("replacement")
    body = Agency.objects.filter(code=entry["agency"]).select_related("successor").first()
    if body is None or body.valid_to is None or body.valid_to >= on:
        return False, None
    return True, entry.get("replacement") or (body.successor.name if body.successor else None)


@dataclass
class Rewording:
    """The rules for one plan (words → replacement, or None to review) and what they did."""

    rules: dict[str, str | None]
    pattern: re.Pattern | None
    replaced: dict[str, int] = field(default_factory=dict)
    review: list[dict] = field(default_factory=list)

    def apply(self, text: str, where: str) -> str:
        """`text` with the gone names replaced; unchanged (and listed for review) when it names one without a
        replacement, so that a sentence is never half rewritten."""
        if not text or self.pattern is None:
            return text
        found = [m[0] for m in self.pattern.finditer(text)]
        if not found:
            return text
        unmapped = [words for words in found if self._rule(words) is None]
        if unmapped:
            self.review.append({"where": where, "text": text, "names": sorted(set(unmapped), key=unmapped.index)})
            return text
        for words in found:
            self.replaced[self._key(words)] = self.replaced.get(self._key(words), 0) + 1
        return self.pattern.sub(lambda m: _same_case(m[0], self._rule(m[0])), text)

    def _key(self, words: str) -> str:
        return next(k for k in self.rules if k.casefold() == words.casefold())

    def _rule(self, words: str) -> str | None:
        return self.rules[self._key(words)]

    def notes(self, on: datetime.date) -> list[str]:
        return [f"Ngày {on:%d/%m/%Y} không còn “{words}”: trong văn bản thay bằng “{self.rules[words]}” ({count} chỗ)."
                for words, count in sorted(self.replaced.items())]


def _same_case(found: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if found[:1].isupper() else replacement


def rewording_for(roles: dict, on: datetime.date) -> Rewording:
    """The rules in force for a plan whose organisation is that of `on`: a role of a tier gone that day is named as
    the role replacing it (the same map the tasks' assignments follow), then the shipped list."""
    rules: dict[str, str | None] = {}
    for role in roles.values():
        successor = roles.get(role.get("replaced_by") or "")
        if role.get("tier") and _gone(role["tier"], on) and successor:
            rules[role["label"]] = successor["label"]
    for entry in _shipped():
        gone, replacement = _retired(entry, on)
        if gone:
            rules.setdefault(entry["words"], replacement)
    if not rules:
        return Rewording(rules, None)
    alternatives = "|".join(re.escape(w) for w in sorted(rules, key=len, reverse=True))
    return Rewording(rules, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE))


def _reword(value, rewording: Rewording, where: str):
    if isinstance(value, str):
        return rewording.apply(value, where)
    if isinstance(value, list):
        return [_reword(item, rewording, where) for item in value]
    if isinstance(value, dict):
        return {key: item if key == "code" else _reword(item, rewording, where) for key, item in value.items()}
    return value


def reword_document(document: dict, rewording: Rewording) -> dict:
    """A plan's document (preamble, sections, assessment) through `rewording`; each text listed for review says
    the part it stands in."""
    reworded = dict(document)
    reworded["preamble"] = _reword(document.get("preamble", []), rewording, "Phần mở đầu")
    reworded["sections"] = [_reword(section, rewording, f"Mục “{section.get('heading', '')}”")
                            for section in document.get("sections", [])]
    if document.get("assessment"):
        reworded["assessment"] = _reword(document["assessment"], rewording, "Phần đánh giá")
    return {key: value for key, value in reworded.items() if key in document}
