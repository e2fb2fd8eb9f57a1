"""Score a built corpus of reports against its `gold.json`: which incidents are joined, which distractors stay
apart, which reports give an event of the incident's kind at all. Used by `tests/test_incidents.py` and by hand:

    .venv/bin/python tests/score_incidents.py tests/data-outlets          # builds, then scores and explains

The measures are the ones the incidents issue (#32) states for real reports, so the score of our own
corpus reads like theirs: an incident is joined when one `conf:Incident` holds an event of its kind from every
report; a distractor stays apart when none of its events shares an incident with another group's report; a
report is found when it gives at least one event of its incident's kind.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROWS = """PREFIX conf: <https://w3id.org/conflict-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?c ?art ?inc ?date ?place WHERE {
  ?e conf:inArticle/dcterms:identifier ?art ; a ?c ; conf:incident ?inc .
  OPTIONAL { ?e conf:date ?date } OPTIONAL { ?e conf:location/rdfs:label ?place } }"""


@dataclass
class Score:
    joined: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)
    apart: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    found: int = 0
    reports: int = 0
    lines: list[str] = field(default_factory=list)

    def summary(self) -> str:
        n, d = len(self.joined) + len(self.split), len(self.apart) + len(self.merged)
        return (
            f"incidents joined {len(self.joined)} of {n}; distractors apart {len(self.apart)} of {d}; "
            f"reports found {self.found} of {self.reports}"
        )


def events(built: Path) -> list[tuple[str, str, str, str, str]]:
    """(root class, article, incident, date, place) of every event of the build."""
    from kg import store
    from kg.knowledge.ontology import classes

    st = store.load_oxigraph(built, with_ontology=False)
    rows = st.query(ROWS, use_default_graph_as_union=True)
    seen, out = set(), []
    for r in rows:
        if r["e"].value in seen:
            continue
        seen.add(r["e"].value)
        cls = r["c"].value.split("#")[-1]
        date, place = (r[k].value if r[k] is not None else "" for k in ("date", "place"))
        out.append((classes().root(cls), r["art"].value, r["inc"].value, date, place))
    return out


def score(built: Path, gold_dir: Path) -> Score:
    gold = json.loads((gold_dir / "gold.json").read_text(encoding="utf-8"))
    rows = events(built)
    s = Score()
    kinds = {a: set(spec["kinds"]) for spec in gold["incidents"].values() for a in spec["reports"]}
    kinds |= {a: set(spec["kinds"]) for a, spec in gold["distractors"].items()}
    of_kind = {a: [r for r in rows if r[1] == a and r[0] in k] for a, k in kinds.items()}
    for a, mine in of_kind.items():
        s.reports += 1
        s.found += bool(mine)
        told = ", ".join(f"{c} {d or 'undated'} at {p or 'nowhere'}" for c, _, _, d, p in mine) or "nothing of its kind"
        s.lines.append(f"  {a}: {told}")
    main: dict[str, set[str]] = {}  # each incident's own: the incidents holding most of its reports
    for g, spec in gold["incidents"].items():
        holders: dict[str, set[str]] = {}
        for a in spec["reports"]:
            for _c, _a, inc, _d, _p in of_kind[a]:
                holders.setdefault(inc, set()).add(a)
        best = max((len(v) for v in holders.values()), default=0)
        main[g] = {inc for inc, v in holders.items() if len(v) == best}
        (s.joined if best == len(spec["reports"]) else s.split).append(g)
        s.lines.append(f"{g}: {best} of {len(spec['reports'])} reports in one incident")
    for a, spec in gold["distractors"].items():
        # A report may tell a distractor too (the strike that a retaliation answers): only the incident that
        # holds the group's reports must stay free of it.
        mine = {inc for _c, _a, inc, _d, _p in of_kind[a]}
        others = {g for g, incs in main.items() if mine & incs}
        (s.merged if others else s.apart).append(a)
        s.lines.append(f"{a} (distractor of {spec['distractor_of']}): " + (f"joined {sorted(others)}" if others else "apart"))
    return s


def main(argv: list[str]) -> int:
    from kg import pipeline

    gold_dir = Path(argv[0])
    with tempfile.TemporaryDirectory() as tmp:
        pipeline.build([str(gold_dir)], Path(tmp) / "out", html=False)
        s = score(Path(tmp) / "out", gold_dir)
    print("\n".join(s.lines))
    print(s.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
