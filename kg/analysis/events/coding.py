"""Which kind of its class an event is, as conflict data coders code it: an attack by air, by artillery, by a
roadside bomb; an abduction; a protest the police dispersed; a riot. The kinds are subclasses of the classes
the extraction finds (`ontology/conflict.ttl`), chosen from what the event's clause and sentence say
(`ontology/lexicon/coding.json`); the crosswalk (`ontology/crosswalk.json`) maps each to ACLED's event and
sub-event type.

Example: `Government forces shelled rebel positions near Kafr Nabl with artillery` -> Shelling;
`Police fired tear gas to disperse the protesters` (a Protest in the same sentence) -> ProtestWithIntervention;
`A mob lynched a suspected thief` -> MobViolence.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from kg.analysis.events.amounts import COUNT_NOUNS
from kg.analysis.events.casualties import running, toll_words
from kg.analysis.events.context import Context, Draft, by_agents, has_any, sentence_words, sentences_of, words_text
from kg.analysis.events.lexicon import CodingWords, Means
from kg.analysis.events.protests import AIMED_AT, RECIPROCAL, against_protesters, protest_kind
from kg.knowledge import places

CLAUSE_EDGES = {"ccomp", "advcl", "relcl", "parataxis", "conj"}  # another clause's words are not this clause's


ARMED_OR_STATE = {"ArmedGroup", "ArmedForce", "Government", "Country", "PeacekeepingForce"}


def code(ctx: Context, draft: Draft, words: CodingWords) -> str:
    """The kind of the draft's class the text says it is, or its class when it says no more; "" when the
    text tells of a disaster, an accident or a fire with no armed or state actor: no conflict event."""
    if draft.type == "Attack" and (mishap(ctx, draft, words) or running_toll(draft.trigger)):
        return ""
    if draft.type == "Looting" and not draft.roles.get("agent") and mishap(ctx, draft, words):
        return ""  # `a gymnasium demolished by a fertilizer plant explosion`: no one destroyed it
    if draft.type == "Attack":
        return _attack(ctx, told_in_full(ctx, draft), words)
    if draft.type == "Protest":
        return protest_kind(ctx, draft, words)
    return draft.type


def told_in_full(ctx: Context, draft: Draft) -> Draft:
    """The draft as its body tells it, when its trigger is in a headline cut short (`observed 21 explosions
    involving unknown weapons in both`, where the lead goes on `in both directions of the frontline`): the
    same word in another sentence of the event stands for the trigger, so the means are read whole."""
    sentence = ctx.sentence_of(draft.trigger.sent.start)
    if not ctx.document.title or sentence != ctx.sentence_of(0) or len(draft.sentences) < 2:
        return draft
    lemma = draft.trigger.lemma_.lower()
    for sent in sentences_of(ctx, draft.sentences - {sentence}):
        twin = next((t for t in sent if t.lemma_.lower() == lemma and t.pos_ == draft.trigger.pos_), None)
        if twin is not None:
            return replace(draft, trigger=twin)
    return draft


def running_toll(trigger: Token) -> bool:
    """Whether a killing is a war's running count (`the conflict has killed thousands since 2019`): no attack."""
    tolls = toll_words()
    lemma = trigger.lemma_.lower()
    return (lemma in tolls.verbs or lemma in tolls.intransitive) and running(trigger, tolls)


def mishap(ctx: Context, draft: Draft, words: CodingWords) -> bool:
    """Whether an attack draft is a disaster or an accident told with attack words (`killed`, `explosion`):
    its sentence names a mishap, no one but a crowd did it and no armed or state actor suffered it."""
    doers = draft.roles.get("agent", [])
    if any(ctx.types.get(k) != "PopulationGroup" for k in doers):
        return False  # someone named did it (`Hifter launched an offensive`)
    if any(ctx.types.get(k) in ARMED_OR_STATE - {"Country"} for k in draft.roles.get("target", [])):
        return False  # a country is where it struck (`an earthquake hit Afghanistan`), not who suffered it
    return has_any(words_text(list(draft.trigger.sent)), words.mishap)


def _attack(ctx: Context, draft: Draft, words: CodingWords) -> str:
    trigger = draft.trigger
    tokens = clause_tokens(trigger)
    clause = words_text(tokens)
    if has_any(clause, words.sexual):
        return "SexualViolence"
    if trigger.lemma_.lower() in words.abduction or trigger.lower_ in words.abduction:
        return "Abduction"
    if draft.casualties and all(c.kind == "abducted" for c in draft.casualties):
        return "Abduction"
    against = against_protesters(ctx, draft, clause, words)
    if against:
        return against
    if (
        _thrown_by_a_crowd(trigger, clause, words)
        or (_crowd_clash(ctx, draft) and not has_any(clause, words.firearms))
        or _crude_fight(ctx, draft, words)
    ):
        return "Riot" if sentence_words(trigger) & words.protest_words else "MobViolence"
    # a means named in the name of a party other than the attacker is no means of this attack (`shot dead a
    # member of the Air Force Intelligence`); in the attacker's (`the Air Force bombed`) it is
    agents = draft.roles.get("agent", [])
    named = {t.i for t in tokens if ctx.types.get(ctx.found.token_entity.get(t.i) or "") in ARMED_OR_STATE}
    named -= {t.i for t in tokens if ctx.found.token_entity.get(t.i) in agents}
    used = words_text([t for t in tokens if t.i not in named]) if named else clause
    for means in words.means:
        if has_any(used, means.words) and not has_any(used, means.unless):
            return _named_in_sentence(trigger, means, words) or means.event_class
    if not agents and _crowd_subject(ctx, trigger, words):
        return "MobViolence"
    crowds = [
        ctx.found.entities[k].label.lower() for k in agents if ctx.types.get(k) == "PopulationGroup" and k in ctx.found.entities
    ]
    if any(set(label.split()) & words.protest_words for label in crowds):
        return "Riot"  # `clashes broke out between police and protesters`: demonstrators fighting riot
    if agents and all(ctx.types.get(k) == "PopulationGroup" and k.startswith("populationgroup:") for k in agents):
        # unnamed crowds only (residents, a mob, youths): a people named by its demonym (`Armenians`) at war
        # is no crowd
        # a crowd attacks: mob violence, unless a demonstration beside it makes it a violent one (a riot)
        labels = " ".join(ctx.found.entities[k].label.lower() for k in agents if k in ctx.found.entities)
        if set(labels.split()) & words.mob or {t.lower_ for t in tokens} & words.mob:
            return "MobViolence"
        if sentence_words(trigger) & words.protest_words:
            return "Riot"
        return "Attack" if has_any(clause, words.firearms) else "MobViolence"
    return "AttackOnSettlement" if _on_a_settlement(ctx, draft, words) else "Attack"


def _on_a_settlement(ctx: Context, draft: Draft, words: CodingWords) -> bool:
    """Whether an attack names a village, a town or homes as what it struck and no one as its target, and
    tells of no fight (`militants attacked X village`, `gunmen opened fire on a housing complex`): its people
    are the victims, as coders code it, where an attack by an armed group on no one named is most often a
    clash. A fight told in the event's sentences or the two after (`repulsed`, `clashed with`) means the place
    had defenders."""
    if draft.roles.get("target"):
        return False
    told = draft.sentences | {ctx.sentence_of(draft.trigger.sent.start)}
    told |= {max(told) + 1, max(told) + 2}  # the defenders' part is often told after the raid
    if has_any(words_text([t for s in sentences_of(ctx, told) for t in s]), words.fight_back):
        return False
    # the trigger, and the attack verbs of the event's other sentences (`Raid near Goma`, a headline, is told
    # by `gunmen attacked Kibati village` in the lead)
    said = [draft.trigger] + [
        t
        for s in sentences_of(ctx, draft.sentences)
        for t in s
        if t.pos_ == "VERB" and ctx.lex.verb_class(t.lemma_.lower()) == "Attack"
    ]
    heads = [c for t in said for c in t.children if c.dep_ in {"dobj", "nsubjpass"}]
    # `attacks on homes`, `opened fire on a housing complex` (the parser hangs `on` on the verb or on `fire`)
    heads += [
        g
        for h in (*said, *heads)
        for p in h.children
        if p.dep_ == "prep" and p.lower_ in AIMED_AT
        for g in p.children
        if g.dep_ == "pobj"
    ]
    heads += [c for h in heads for c in h.conjuncts]
    return any(_a_settlement(ctx, head, words) for head in heads)


def _a_settlement(ctx: Context, head: Token, words: CodingWords) -> bool:
    """A noun naming a settlement by its kind (`the village of X`, `Y village`, `a cattle camp`, `two houses`),
    or a name of a place too small for the gazetteer to know as a town of its own (`attacked Napula`, placed
    in its region): a village. A town it knows (`M23 attacked Goma`) is as often a front line as a target."""
    named = sorted((head, *(c for c in head.children if c.dep_ in {"compound", "amod"})), key=lambda t: t.i)
    if has_any(words_text(named), words.settlements):
        return True
    entity = ctx.found.entities.get(ctx.found.token_entity.get(head.i) or "")
    if entity is None or entity.type != "City":
        return False
    return not any(p.kind == "town" for p in places.index().lookup(entity.label))  # placed later: any country


def _thrown_by_a_crowd(trigger: Token, clause: str, words: CodingWords) -> bool:
    """Stones, bricks, Molotov cocktails, or anything thrown by hand but a grenade, with no gun: a crowd's
    weapons whoever throws them, as coders code it (`projectiles were thrown at police` is no shelling,
    `petrol bombs` no bombing)."""
    if has_any(clause, words.firearms) or any(
        m.event_class == "GrenadeAttack" and has_any(clause, m.words) and not has_any(clause, m.unless) for m in words.means
    ):
        return False
    verbs = [trigger] + ([trigger.head] if trigger.dep_ in {"nsubj", "nsubjpass", "dobj"} else [])
    return any(v.lemma_.lower() in words.throwing_verbs for v in verbs) or has_any(clause, words.crowd_weapons)


def _crude_fight(ctx: Context, draft: Draft, words: CodingWords) -> bool:
    """Sticks, axes and iron rods, no gun, and no armed or state actor that wields them: a fight of neighbours,
    villages or factions (`two groups attacked each other with axes and sticks over a land dispute`), which
    coders code as mob violence, not as an armed clash or an armed group's attack. Read in the sentence: the
    weapons are often told in a clause of their own."""
    sentence = words_text(list(draft.trigger.sent))
    if not has_any(sentence, words.crude_weapons) or has_any(sentence, words.firearms):
        return False
    return not any(ctx.types.get(k) in ARMED_OR_STATE for k in draft.roles.get("agent", []))


def _crowd_clash(ctx: Context, draft: Draft) -> bool:
    """A clash or a fight one side of which is an unnamed crowd (villagers, vendors, youths) and no side an
    armed group: coders code no armed clash without two organised armed sides, but mob violence (`vendors
    clashed with police officers enforcing the curfew`; a riot where the sentence tells of a protest). The
    dead its tolls count are victims, not a side; a clash with guns is an armed one (the caller checks)."""
    trigger = draft.trigger
    if trigger.lemma_.lower() not in RECIPROCAL and trigger.lower_ not in RECIPROCAL:
        return False
    dead = {c.party for c in draft.casualties}  # `clashes between two groups left 16 people dead`: victims, no side
    sides = [*draft.roles.get("agent", []), *draft.roles.get("target", [])]
    crowd = any(ctx.types.get(k) == "PopulationGroup" and k.startswith("populationgroup:") for k in sides if k not in dead)
    # an armed group stays a side though its dead are counted (`clashed with militias and killed a militia leader`)
    return crowd and not any(ctx.types.get(k) == "ArmedGroup" for k in sides)


def _names_a_crowd(tok: Token, words: CodingWords) -> bool:
    """A name that only says whose crowd it is (`two groups of Solangi community`, `MCP party members`)."""
    return tok.dep_ == "compound" and tok.head.lower_ in words.crowd_names and tok.head.pos_ == "NOUN"


def _crowd_subject(ctx: Context, trigger: Token, words: CodingWords) -> bool:
    """Whether the attack's doer, named by no actor, is an unorganised group (`two groups clashed`, `a group
    of people clashed`, `party members beat monitors`): the subject's head noun, or the noun after `of`."""
    if trigger.pos_ == "NOUN" and trigger.lower_ in RECIPROCAL:  # `a clash between two groups`
        sides = [g for p in trigger.children if p.dep_ == "prep" and p.lower_ == "between" for g in p.children]
        sides += [c for g in sides for c in g.children if c.dep_ == "conj"]
        return bool(sides) and all(_a_crowd(ctx, side, words) for side in sides)
    if trigger.pos_ not in {"VERB", "AUX"}:
        return False
    if trigger.lemma_.lower() in toll_words().intransitive:
        return False  # `three people died`: the subject is the dead
    doers = [c for c in trigger.children if c.dep_ == "nsubj"]
    verbs = [trigger, *(c for c in trigger.children if c.dep_ == "conj" and c.pos_ == "VERB")]  # `attacked and beaten by`
    doers += [g for v in verbs for g in by_agents(v)]  # `by locals`
    return any(_a_crowd(ctx, doer, words) for doer in doers)


def _a_crowd(ctx: Context, subj: Token, words: CodingWords) -> bool:
    """Whether a noun phrase names an unorganised group by its head noun, or the noun after `of`, and no
    organised actor within it."""
    owners = [g for p in subj.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children]
    tokens = [t for t in _phrase(subj) if not _names_a_crowd(t, words)]
    named = {ctx.types.get(ctx.found.token_entity.get(t.i, "")) for t in tokens} - {None, "PopulationGroup"}
    if named or any(t.pos_ == "PROPN" or t.lower_ in words.armed_modifiers for t in tokens):
        return False  # `members of the Gulf Cartel`, `members of the security forces`, `two armed groups`
    return any(h.tag_ in {"NN", "NNS"} and h.lower_ in words.crowd_subjects for h in [subj, *owners])


def _phrase(head: Token) -> list[Token]:
    """A noun phrase's own words: its modifiers and `of` phrase, not its conjuncts (`two groups and the
    police`), nor where or why (`groups at a centre in Motihari`, `over a dispute`)."""
    out = [head]
    for child in head.children:
        if child.dep_ in {"conj", "cc", "relcl", "acl", "appos", "punct"} or (child.dep_ == "prep" and child.lower_ != "of"):
            continue
        out += _phrase(child)
    return out


def _named_in_sentence(trigger: Token, means: Means, words: CodingWords) -> str:
    """The class a means word defers to when its sentence names that class's means (`four children died in
    an explosion` after `explosive devices were found`: the device is the explosion's)."""
    if means.sentence_names is None:
        return ""
    sentence = words_text(list(trigger.sent))
    for other in words.means:
        if other.event_class == means.sentence_names and has_any(sentence, other.words):
            return other.event_class
    return ""


def clause_tokens(trigger: Token) -> list[Token]:
    """The trigger's phrase; for a noun (or a gerund used as one), also the verb it depends on, with that
    verb's subject, objects and prepositions (`a drone strike killed two`: drone; `killed by a roadside
    bomb`: roadside bomb); a noun that modifies another stands for the whole phrase (`explosions/shots`).
    A verb's phrase holds the clauses under it (`killed when a landmine hit him`)."""
    phrase = trigger  # a noun that modifies another (`explosions/shots/bursts of fire`): the whole phrase
    while phrase.dep_ in {"compound", "nmod"} and phrase.head.pos_ in {"NOUN", "PROPN"} and phrase.head is not phrase:
        phrase = phrase.head
    anchor = trigger
    if trigger.pos_ in {"NOUN", "PROPN"} or phrase.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}:
        head = phrase.head
        # `observed a total of 15 projectiles ... in both directions`: a count's noun stands for what it counts
        while head.head is not head and (head.dep_ == "prep" or (head.pos_ == "NOUN" and head.lemma_.lower() in COUNT_NOUNS)):
            head = head.head
        anchor = head if head.pos_ in {"VERB", "AUX"} else trigger
    elif trigger.dep_ in {"advcl", "xcomp", "conj"} and trigger.head.pos_ in {"VERB", "AUX"}:
        anchor = trigger.head  # `threw a grenade into a bar, wounding six`: the wounding's means are the throw's
    out = []
    stack = [anchor]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in CLAUSE_EDGES or c is trigger)
    out.extend(t for t in phrase.subtree if t not in out)
    return sorted(set(out), key=lambda t: t.i)
