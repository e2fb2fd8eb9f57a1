"""Who did what to whom, and where: roles from the dependency parse, never from word order.

Example: `Civilians were evacuated to Armenia by Russian peacekeepers`:
    agent Russian peacekeepers (the `by` phrase), target civilians (passive subject), destination Armenia
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.analysis.events.amounts import add_quantity
from kg.analysis.events.context import PLACE_ROLES, SUBJECT_DEPS, Context, Draft, entity_at
from kg.analysis.events.fillers import (
    dangling_subject,
    filler,
    fillers,
    is_people,
    named_before,
    places_inside,
    subjects,
)
from kg.analysis.events.owners import by_phrase, cause_agents, owner_of, owning_actors, used_by
from kg.analysis.events.sides import attacked_elsewhere, fighting, one_side_each
from kg.analysis.events.triggers import match_noun, match_verb

SITE_TYPES = {"City", "Place"}  # places that never act (a country or a region can: `Israel struck`)


def _grievance(ctx: Context, verb: Token) -> bool:
    """`burned tyres to demand power`: a purpose clause of a verb that tells its own event is that event's
    grievance, not a second event (`entered the premises to demand free tuition` is the protest). Asked
    only of a verb whose class its agent may change, so the head verb's entry is looked up once there."""
    return (
        verb.dep_ == "advcl"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and match_verb(ctx.lex, verb.head) is not None
    )


def fill_verb(ctx: Context, verb: Token, entry: dict) -> Draft | None:
    """A verb's event with its subject, objects and prepositions in the roles its entry gives them."""
    if verb.dep_ == "acl" and verb.tag_ in {"VBG", "VBN"} and ctx.lex.flag(entry["class"], "not_a_modifier"):
        return None  # `forces backing his rival`: who the forces are, not what they did
    draft = Draft(entry["class"], verb)
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) or reduced_passive(ctx, verb, entry)
    subj_role = entry.get("passive_subject", entry.get("object", "target")) if passive else entry.get("subject", "agent")
    obj_role = entry.get("object", "target")
    subjs = subjects(ctx, verb)
    if entry.get("subject_nouns") and not any(s.lower_ in entry["subject_nouns"] for s in subjs):
        return None
    if entry.get("subject_people") and not any(is_people(ctx, s) for s in subjs):
        return None
    for subj in subjs:
        assign(ctx, draft, subj_role, subj)
        if subj_role == "target":
            add_quantity(ctx, draft, subj)
    if not passive and subj_role == "agent":
        for subj in (s for s in subjs if not filler(ctx, s)):
            # `a landmine planted by X exploded`, `an IS landmine detonated`; not an event noun's owner, the
            # agent of that noun's own event (`Israeli air strikes killed 20`: one event), nor a site's
            weapon = match_noun(ctx.lex, subj) is None and subj.lemma_.lower() not in ctx.lex.place_nouns
            draft.add("agent", used_by(ctx, subj, owner_too=weapon))
    if subj_role == "instrument":  # `an IED planted by X exploded`: who planted it set it off
        for subj in subjs:
            draft.add("agent", used_by(ctx, subj, owner_too=True))
    if not subjs or not any(filler(ctx, s) for s in subjs):
        draft.add(subj_role if subj_role in {"agent", "target"} else "agent", dangling_subject(ctx, verb))
    if entry.get("subject_types") and not any(ctx.types.get(k) in entry["subject_types"] for k in draft.roles.get("agent", [])):
        return None
    if entry.get("class_if_agent") and not _grievance(ctx, verb):
        for kind, cls in entry["class_if_agent"].items():
            if any(ctx.types.get(k) == kind for k in draft.roles.get("agent", [])):
                draft.type = cls
    by_role = "target" if entry.get("subject") == "target" else "agent"  # `protesters were dispersed by police`
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                # `hit by a Taliban-planted landmine`, `killed by a Taliban mortar`: who used the weapon
                draft.add(by_role, fillers(ctx, pobj) or used_by(ctx, pobj, owner_too=True))
        elif child.dep_ == "dobj" and entry.get("object_prep"):
            # `blamed the attacks on the group`: the object's own preposition names who is accused
            assign(ctx, draft, obj_role, child)
            for prep in (g for g in child.children if g.dep_ == "prep" and g.lower_ in entry["object_prep"]):
                for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                    assign(ctx, draft, entry["object_prep"][prep.lower_], pobj)
        elif child.dep_ in {"dobj", "dative", "attr", "oprd"} or (
            child.dep_ == "npadvmod"
            and child.i > verb.i
            and entity_at(ctx, child)
            and not any(c.dep_ == "dobj" for c in verb.children)
        ):
            assign(ctx, draft, "target" if child.dep_ == "dative" else obj_role, child)
        elif child.dep_ == "prep" or (child.dep_ == "prt" and child.lower_ in ctx.lex.prepositions):
            assign_prep(ctx, draft, child, entry)
        elif child.dep_ in {"npadvmod", "appos"} and child.lower_ in ctx.lex.collective_heads:
            # `fled into neighbouring countries, most of them into DR Congo`: a share of the subject, whose
            # own places are the event's too
            for prep in (g for g in child.children if g.dep_ == "prep" and g.lower_ != "of"):
                assign_prep(ctx, draft, prep, entry)
    if passive and not draft.roles.get("agent"):
        draft.add("agent", cause_agents(ctx, verb))
    one_side_each(ctx, draft, verb)
    if not draft.roles.get("location") and not ctx.lex.flag(draft.type, "moves_people"):
        # `shot a driver in Bafoussam town`: a place the parser hangs on the object is where it happened,
        # when the verb names no place of its own
        for child in (c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}):
            draft.add("location", places_inside(ctx, child))
    return draft


def reduced_passive(ctx: Context, verb: Token, entry: dict) -> bool:
    """A passive whose auxiliary was left out, as wire copy does: `Five officers killed in ambush` (a
    headline or a reduced clause, parsed as a clause or as a participle modifying the noun), `Three soldiers
    were killed and four others wounded` (a participle joined to a passive), or one with a `by` phrase. Only
    a verb whose subject acts and that takes an object, and only when neither it nor a verb sharing its
    subject has an object (`Gunmen killed and wounded dozens` stays active)."""
    if entry.get("subject", "agent") != "agent" or entry.get("intransitive") or verb.dep_ in {"relcl", "amod"}:
        return False  # (`firefighters protested`, parsed as a participle on its noun, is no passive)
    if verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children):
        return True  # `soldiers who found themselves encircled by enemies`: a `by` phrase makes it passive
    if any(c.dep_ in {"aux", "auxpass", "dobj", "dative", "xcomp"} for c in verb.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ in (entry.get("requires") or ()) for c in verb.children):
        return False  # `Forces fired on the positions` (a headline): a verb told with its own preposition acts
    if verb.dep_ == "acl":  # `35 soldiers killed in a Taliban ambush`: the noun a participle modifies suffered it
        return verb.tag_ == "VBN"
    if verb.dep_ == "conj" and verb.tag_ == "VBN" and any(c.dep_ == "nsubj" for c in verb.children):
        return True  # `leaving four dead and nine others injured`: a participle with its own subject, no auxiliary
    if any(c.dep_ == "dobj" for conj in verb.conjuncts for c in conj.children):
        return False
    if verb.dep_ == "conj":
        head = verb.head
        return verb.tag_ == "VBN" and any(c.dep_ in {"nsubjpass", "auxpass"} for c in head.children)
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return False
    in_headline = ctx.offset + verb.idx < ctx.document.title_end
    return verb.tag_ == "VBN" or (verb.tag_ == "VBD" and in_headline)


def assign(ctx: Context, draft: Draft, role: str, tok: Token) -> None:
    """Put the entities of `tok` in `role`; a target with no entity still gives the places inside it."""
    if role == "item":
        add_quantity(ctx, draft, tok, item_role=True)
        return
    if role in {"theme", "instrument"}:
        return
    if role == "agent_extra":
        draft.add("agent", fillers(ctx, tok))
        return
    if role in {"target_owner", "alleged"}:
        draft.add("target", owner_of(ctx, tok))
        return
    keys = fillers(ctx, tok)
    if role in PLACE_ROLES:
        places = [k for k in keys if ctx.types.get(k) in ctx.lex.place_types]
        if not places and role == "location":
            draft.add("target", keys)
            places = places_inside(ctx, tok)
            if not keys and not places:  # `looted civilians' crops`, `burned the houses of villagers`: the owner
                actors = ctx.lex.actor_types - ctx.lex.place_types
                draft.add("target", [k for k in owner_of(ctx, tok) if ctx.types.get(k) in actors])
            facilities = ctx.lex.facility_nouns
            if not places and not keys and (tok.lemma_.lower() in facilities or tok.lower_.removesuffix("s") in facilities):
                # `seized the bases of the Harbour Brigade`: a site taken from who held it
                draft.add("target", owner_of(ctx, tok))
                draft.site = True
        draft.add(role, places)
        return
    if role == "target":  # `Jakana has been hit`: a town or a site is where an attack happened, not its target
        # and so is a region named as one (`fired at areas of X district`), not a region that acts
        named_as_place = tok.lemma_.lower() in ctx.lex.place_nouns
        sites = [k for k in keys if ctx.types.get(k) in SITE_TYPES or (named_as_place and ctx.types.get(k) == "Region")]
        draft.add("location", sites)
        keys = [k for k in keys if k not in sites]
    if role == "agent" and ctx.types.get(filler(ctx, tok) or "") in ctx.lex.actor_types - ctx.lex.place_types:
        # `in X, Y, nurses and doctors protested`, parsed as one chain: a town joined to the people who act
        # is where they are, not one of them
        keys = [k for k in keys if ctx.types.get(k) not in ctx.lex.place_types - {"Country"}]
    if role == "target" and not keys and ctx.lex.flag(draft.type, "owner_is_target") and not is_people(ctx, tok):
        keys = owning_actors(ctx, tok)  # `attacked LNA positions`: the owner is attacked
    draft.add(role, keys)
    if role == "target" and not keys:
        draft.add("location", places_inside(ctx, tok))
    if role == "target":
        add_quantity(ctx, draft, tok)
        if ctx.lex.flag(draft.type, "origin_from_target"):
            draft.add("origin", places_inside(ctx, tok))


def assign_prep(ctx: Context, draft: Draft, prep: Token, entry: dict) -> None:
    """`to Armenia` -> destination, `from Goma` -> origin: the entry's own mapping first, then the default."""
    word = prep.lower_
    role = entry.get("prep", {}).get(word) or ctx.lex.prepositions.get(word)
    if word == "at" and role == "target" and _aimed_elsewhere(ctx, prep.head):
        # `shot at two civilians` aims at them; `shot a man at the market`, `was shot at the checkpoint`: where
        role = ctx.lex.prepositions.get(word)
    if word == "according":
        return
    if role is None:
        return
    for pobj in prep.children:
        if word == "between" and role in {"agent", "target"} and pobj.dep_ == "pobj" and fighting(ctx, draft.type):
            # `clashes between X and Y`: the first named acts on the second, as `X clashed with Y` (and as
            # coders write actor1 and actor2); talks or a deal between two parties have two agents
            keys = fillers(ctx, pobj)
            draft.add("agent", keys[:1])
            draft.add("target", keys[1:])
            continue
        if pobj.dep_ == "pobj" or (prep.dep_ == "prt" and pobj.dep_ == "pobj"):
            if role == "target":  # `an offensive on Tripoli`, `fired on the positions of X`: as an object is
                assign(ctx, draft, role, pobj)
                continue
            keys = fillers(ctx, pobj)
            if role in PLACE_ROLES:
                keys = [k for k in keys if ctx.types.get(k) in ctx.lex.place_types] or places_inside(ctx, pobj)
            draft.add(role, keys)
        elif pobj.dep_ == "prep":
            assign_prep(ctx, draft, pobj, entry)


def _aimed_elsewhere(ctx: Context, verb: Token) -> bool:
    """Whether a verb's `at` phrase is where, not whom: its object or passive subject already names who was
    hit (`shot a man at the market`, `was shot at the checkpoint`); `fired mortars at the positions of X`
    and `a grenade was thrown at a checkpoint` aim at them."""
    actors = ctx.lex.actor_types - ctx.lex.place_types
    hit = (c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"})
    return any(ctx.types.get(k) in actors for c in hit for k in fillers(ctx, c))


def _possessor(ctx: Context, noun: Token, pron: Token) -> str | None:
    """Whose event a possessive names, where a verb of fighting takes it as its object: the other side's
    (`Afghan forces repulsed their attack`: the attackers', named before the subject of `repulsed`), the
    nearest actor named before it, in its sentence or the one before, who is not that verb's subject.
    Elsewhere none (a support verb gives `launched its offensive` its subject; `sanctions in response to its
    alleged attack` tells no attack)."""
    verb = noun.head if noun.dep_ == "dobj" else None
    if verb is None or not fighting(ctx, ctx.lex.verb_class(verb.lemma_.lower()) or ""):
        return None
    barred = {k for s in subjects(ctx, verb) for k in fillers(ctx, s)}
    actors = ctx.lex.actor_types - ctx.lex.place_types
    return next((k for k in named_before(ctx, pron) if k not in barred and ctx.types.get(k) in actors), None)


def fill_noun(ctx: Context, noun: Token, entry: dict) -> Draft | None:
    """An event noun's roles from its modifiers: `Azerbaijan's offensive`, `the exodus of Armenians from X`."""
    draft = Draft(entry["class"], noun, evidence=0.7)
    draft.definite = any(c.lower_ in {"the", "this", "that"} for c in noun.children)
    draft.distinct = any(c.dep_ in {"det", "amod"} and c.lower_ in ctx.lex.distinct_markers for c in noun.children)
    is_move = ctx.lex.flag(entry["class"], "moves_people")
    # `flare-up`: the trigger is a compound of the phrase's head, whose modifiers are the event's too.
    children = list(noun.children) + (list(noun.head.children) if noun.dep_ == "compound" else [])
    for child in children:
        if child is noun:
            continue
        key = entity_at(ctx, child)
        if child.dep_ == "poss" and child.tag_ == "PRP$" and not is_move:
            key = _possessor(ctx, noun, child)  # `their attack`, `its offensive`
        if child.dep_ in {"poss", "compound", "amod", "nmod"} and key:
            role = "target" if is_move else "agent"
            if ctx.types.get(key) in ctx.lex.place_types - {"Country"}:
                role = "location"
            draft.add(role, [key])
        elif child.dep_ == "prep":
            if child.lower_ == "of":
                role = entry.get("of", "target")
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    if role == "item":
                        add_quantity(ctx, draft, pobj, item_role=True)
                    else:
                        keys = fillers(ctx, pobj)
                        if role == "target" and attacked_elsewhere(ctx, noun, entry["class"], pobj, keys):
                            role = "agent"  # `an attack of Boko Haram militants on Monguno`
                        places = [k for k in keys if ctx.types.get(k) in ctx.lex.place_types]
                        draft.add("location" if places and role == "target" else role, places or keys)
                        if role == "target":
                            add_quantity(ctx, draft, pobj)
                            if is_move:
                                draft.add("origin", places_inside(ctx, pobj))
            elif child.lower_ == "by":
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    draft.add("agent", fillers(ctx, pobj))
            else:
                assign_prep(ctx, draft, child, entry)
        elif child.dep_ in {"relcl", "acl"}:
            for subj in (c for c in child.children if c.dep_ == "nsubj"):
                draft.add("agent", fillers(ctx, subj))
            if child.lemma_.lower() in ctx.lex.light_verbs | ctx.lex.claiming | ctx.lex.delivering:
                draft.add("agent", by_phrase(ctx, child))  # `the attack, claimed by al-Shabaab`, `shells fired by X`
        elif (
            child.dep_ == "appos"
            and key
            and ctx.types.get(key) in ctx.lex.actor_types
            and not is_move
            and any(c.dep_ == "acl" for c in noun.children)
        ):
            # `the operation Azerbaijan conducted`, parsed as an apposition: the actor of a reduced relative
            draft.add("agent", [key])
    if noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.lemma_.lower() in ctx.lex.occurrence_verbs:
        # `clashes erupted between X and Y`, `clashes were reported between X and Y`: the parser hangs the
        # noun's own prepositions on the verb that says it happened
        for prep in (c for c in noun.head.children if c.dep_ == "prep" and c.lower_ in entry.get("prep", {})):
            assign_prep(ctx, draft, prep, entry)
    if not draft.roles.get("agent"):
        support_verb_agent(ctx, draft, noun)
    if not draft.roles.get("location"):
        support_verb_place(ctx, draft, noun)
    if entry.get("optional") and not draft.roles:
        return None
    return draft


def support_verb_agent(ctx: Context, draft: Draft, noun: Token) -> None:
    """`Azerbaijan launched measures`, `agreed to a cessation`, `after talks`: the clause's subject acts."""
    cur = noun
    while cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.dep_ in {"pobj", "dobj", "nsubj", "nsubjpass"}:
        cur = cur.head.head
    head = cur.head
    phrase = head if cur.dep_ == "compound" and head.pos_ == "NOUN" else cur  # `a ceasefire order was announced`
    if phrase.dep_ == "nsubjpass" and phrase.head.lemma_.lower() in ctx.lex.light_verbs - ctx.lex.announcing:
        # `a truce was declared by both sides`: the passive's by-phrase acts (not who announced it: a mediator)
        draft.add("agent", by_phrase(ctx, phrase.head))
        return
    if cur.dep_ == "dobj" and head.lemma_.lower() in ctx.lex.light_verbs:
        verb = head
        entry = ctx.lex.nouns.get(noun.lemma_.lower()) or ctx.lex.nouns.get(noun.lower_) or {}
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in entry.get("prep", {})):
            assign_prep(ctx, draft, prep, entry)  # `launched an offensive on Aleppo`: the verb's `on` is the noun's
    elif (
        cur.dep_ == "pobj"
        and head.dep_ == "prep"
        and head.lower_ not in ctx.lex.non_agent_prepositions
        and head.head.pos_ in {"VERB", "AUX"}
        and not ctx.lex.flag(ctx.lex.verb_class(head.head.lemma_.lower()) or "", "speech_act")
        and not any(c.dep_ in {"nsubjpass", "auxpass"} for c in head.head.children)  # `18 were killed in an attack`
        and not (
            head.head.lemma_.lower() in ctx.lex.verbs and reduced_passive(ctx, head.head, ctx.lex.verbs[head.head.lemma_.lower()])
        )  # `Five officers killed in ambush`: the officers did not ambush
    ):
        verb = head.head
    else:
        return
    for subj in subjects(ctx, verb):
        keys = fillers(ctx, subj)
        if ctx.lex.flag(draft.type, "moves_people"):
            # `Armenians began an exodus`: people move; `the operation triggered an exodus`: a cause does not
            draft.add("target", [k for k in keys if ctx.types.get(k) == "PopulationGroup"])
        else:
            draft.add("agent", keys)


def support_verb_place(ctx: Context, draft: Draft, noun: Token) -> None:
    """`fishermen held a protest in Kish`, `staged a sit-in at the square`: where the light verb happened is
    where its event noun happened (the parser hangs the place on the verb, not the noun)."""
    # (`protests were held in X`: the passive's subject too)
    if noun.dep_ not in {"dobj", "nsubjpass"} or noun.head.lemma_.lower() not in ctx.lex.light_verbs:
        return
    for prep in (c for c in noun.head.children if c.dep_ == "prep" and c.lower_ in ctx.lex.event_place_prepositions):
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            keys = [k for k in fillers(ctx, pobj) if ctx.types.get(k) in ctx.lex.place_types]
            draft.add("location", keys or places_inside(ctx, pobj))


def fill_adjective(ctx: Context, adj: Token, entry: dict) -> Draft:
    """`his nation was ready to take in all those fleeing`, `fully committed to implementing the deal`."""
    draft = Draft(entry["class"], adj, evidence=0.8)
    head = adj.head if adj.dep_ in {"acomp", "amod"} else adj
    for subj in (c for c in head.children if c.dep_ in SUBJECT_DEPS):
        draft.add("agent", fillers(ctx, subj))
    if not draft.roles.get("agent"):
        for subj in subjects(ctx, head):
            draft.add("agent", fillers(ctx, subj))
    return draft
