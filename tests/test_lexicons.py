"""Every lexicon file is checked against its schema and the ontology when loaded: a mistake is one line
naming the file and the key, never a KeyError deep in a rule. Broken copies are made here from the real
files; the real files pass."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.knowledge import schemas
from kg.knowledge.ontology import ONTOLOGY_DIR


@pytest.mark.parametrize("name", sorted(schemas.SCHEMAS))
def test_every_shipped_lexicon_passes_its_schema(name):
    assert schemas.load(name)


def broken(tmp_path: Path, name: str, change) -> str:
    folder = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_DIR, folder)
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(folder)


@pytest.mark.parametrize(
    ("name", "change", "says"),
    [
        ("lexicon/events.json", lambda d: d["verbs"]["attack"].update(clas="Attack"), "verbs.attack.clas"),
        ("lexicon/events.json", lambda d: d["verbs"]["attack"].update({"class": "Attak"}), "'Attak' is no event class"),
        ("lexicon/events.json", lambda d: d["nouns"]["attack"].update(prep={"on": "victim"}), "nouns.attack.prep.on"),
        ("lexicon/events.json", lambda d: d.update(light_verbs="make"), "light_verbs"),
        ("lexicon/events.json", lambda d: d.pop("hedge_words"), "hedge_words"),
        ("lexicon/words.json", lambda d: d.update(peeple=["x"]), "peeple"),
        ("lexicon/coding.json", lambda d: d["means"][-1].update(sentence_names="Bombing"), "means.6.sentence_names"),
        ("lexicon/casualties.json", lambda d: d["verbs"].update(maim="maimed"), "verbs.maim"),
        (
            "lexicon/events.json",
            lambda d: d["verbs"]["set"]["senses"][0].update(class_if_agent={"Crowd": "Riot"}),
            "verbs.set.senses.0",
        ),
        ("lexicon/entity_words.json", lambda d: d["compass_parts"].update(north=3), "compass_parts.north"),
        ("lexicon/entity_nouns.json", lambda d: d.update(troops="soldiers"), "troops"),
    ],
)
def test_a_broken_lexicon_is_one_line_naming_the_file_and_the_key(tmp_path, name, change, says):
    folder = broken(tmp_path, name, change)
    with pytest.raises(schemas.LexiconError) as caught:
        schemas.load(name, folder)
    message = str(caught.value)
    assert "\n" not in message and name in message and says in message, message


def test_comments_are_left_out_of_what_a_loader_gets():
    assert not any(k.startswith("_") for k in schemas.load("lexicon/casualties.json")["vague"])
