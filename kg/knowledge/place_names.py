"""Place names as the index keys them: accents, apostrophes and case aside (`norm`), spelling-tolerant for
transliterations (`loose`), regions with and without their region word (`region_keys`), and the other names
reports and coders give regions and their abbreviations (`region_aliases`, `spelt_out`). Data, not code: the
words and aliases are `ontology/gazetteer/places.json`. The index (`kg.knowledge.places`) is built and read
with these keys; the geocoder (`kg.analysis.geocode`) compares chains with them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from functools import cache
from pathlib import Path

from kg.knowledge.ontology import ONTOLOGY_DIR

_APOSTROPHES = re.compile(r"[\u2019\u02bc\u02bb'`\u2018]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h\b")
_Y_DIPHTHONG = re.compile(r"(?<=[ae])y(?=[^aeiouy]|$)")  # `Ayn`/`Ain`, `Sheykh`/`Sheikh`, `Haydar`/`Haidar`


def unaccented(name: str) -> str:
    """A name without its diacritics, case kept: `Thessaloníki` -> `Thessaloniki`."""
    text = unicodedata.normalize("NFKD", name)
    if text.isascii():  # (most names are: no character-by-character pass for them)
        return text
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def norm(name: str) -> str:
    """The key a name is looked up by: `Mek'ele` -> `mekele`, `Mocímboa da Praia` -> `mocimboa da praia`."""
    text = _APOSTROPHES.sub("", unaccented(name).lower())
    return " ".join(_NOT_ALNUM.sub(" ", text).split())


ARTICLES = ("al ", "el ", "ad ", "an ", "ar ", "as ", "ash ", "at ", "az ", "ed ", "en ", "er ", "es ", "et ")


def loose(key: str) -> str:
    """A spelling-tolerant key for transliterated names: no leading Arabic article, no doubled letters, no
    final `h` after a vowel. `Hodeidah`, `Hodeida` and `Al Hudaydah` stay apart from each other only where
    the letters differ: `kismaayo` -> `kismayo`, `al hudaydah` -> `hudaida`, `hodeidah` -> `hodeida`; a `y`
    closing a diphthong is written `i` as often (`ras al ayn`, `ras al ain` -> `ras al ain`)."""
    for article in ARTICLES:
        if key.startswith(article) and len(key) > len(article) + 3:
            key = key[len(article) :]
            break
    key = _DOUBLED.sub(r"\1", key)
    return _Y_DIPHTHONG.sub("i", _FINAL_H.sub("", key))


def latin(name: str) -> bool:
    return bool(name) and all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in name)


@cache
def place_words(ontology_dir: str | None = None) -> dict:
    base = Path(ontology_dir) if ontology_dir else ONTOLOGY_DIR
    return json.loads((base / "gazetteer" / "places.json").read_text(encoding="utf-8"))


def spelt_out(name: str, ontology_dir: str | None = None) -> str:
    """A region's name for its abbreviation in a place's chain (`j k` -> `jammu and kashmir`), else the name;
    both normalised."""
    return _abbreviations(ontology_dir).get(name, name)


@cache
def _abbreviations(ontology_dir: str | None = None) -> dict[str, str]:
    words = place_words(ontology_dir)
    return {norm(k): norm(v) for k, v in words.get("region_abbreviations", {}).items()}


@cache
def region_aliases(ontology_dir: str | None = None) -> dict[str, tuple[tuple[str, str], ...]]:
    """An alias of a first-level region (normalised) -> the (country, GeoNames name) pairs it names:
    `extreme nord` -> (("CMR", "Far North"),). Data: `region_aliases` in `gazetteer/places.json`."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for country, names in place_words(ontology_dir).get("region_aliases", {}).items():
        for canonical, aliases in names.items():
            for alias in aliases:
                out[norm(alias)].append((country, canonical))
    return {k: tuple(v) for k, v in out.items()}


@cache
def alias_keys(ontology_dir: str | None = None) -> dict[str, frozenset[str]]:
    """A region's GeoNames name (normalised) -> the normalised names it is also written as."""
    out: dict[str, set[str]] = defaultdict(set)
    for alias, named in region_aliases(ontology_dir).items():
        for _country, canonical in named:
            out[norm(canonical)].add(alias)
    return {k: frozenset(v) for k, v in out.items()}


def region_keys(name: str, words: dict) -> set[str]:
    """`Cabo Delgado Province` -> {cabo delgado province, cabo delgado}; `Province of Ifugao` -> {..., ifugao}."""
    key = norm(name)
    keys = {key}
    for word in words["region_words"]:
        w = norm(word)
        if key.endswith(" " + w):
            keys.add(key[: -len(w) - 1])
        if key.startswith(w + " of "):
            keys.add(key[len(w) + 4 :])
    return {k for k in keys if k}
