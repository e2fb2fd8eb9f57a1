"""Repairs of the parser's reading of constructions conflict news uses all the time and the statistical
parser gets wrong: a place chain fronted before the verb (`On 8 May, in Sinop, Mato Grosso, a man was
killed`), a participle phrase after the subject (`armed men riding a motorcycle shot ...`), a name in capitals
read as a verb (`IS militants attacked`). Each moves heads and labels of the parse only; run by the
`kg_gazetteer` component of `kg.analysis.nlp` before the entities stage reads the parse.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token


def repair(doc: Doc, crowd_verbs: frozenset[str] = frozenset()) -> None:
    """Every repair but `name_not_verb` (which needs the gazetteer's spans), token by token; `crowd_verbs`
    (entity_words.json: protest, march, riot...) are the verbs `_verb_read_as_modifier` repairs."""
    for tok in doc:
        _fronted_place_subject(tok)
        _fronted_region_subject(tok)
        _fronted_passive_subject(tok)
        _participle_subject(tok)
        _verb_read_as_modifier(tok, crowd_verbs)
        _lone_number(tok)


def name_not_verb(tok: Token) -> None:
    """`IS militants attacked a checkpoint`: a name written in capitals that the parser read as an
    auxiliary (`is`), before a noun of its sentence, modifies that noun. Read as `is`, it made the
    sentence passive and the militants its target."""
    after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if (
        tok.text.isupper()
        and tok.dep_ in {"aux", "auxpass"}
        and after is not None
        and after.pos_ in {"NOUN", "PROPN"}
        and not after.is_sent_start
        and after.head.i != tok.i
    ):
        for child in list(tok.children):  # what the parser hung on the auxiliary belongs to its verb
            child.head = tok.head
        tok.head, tok.dep_, tok.tag_, tok.pos_, tok.lemma_ = after, "compound", "NNP", "PROPN", tok.text
    elif tok.text.isupper() and tok.tag_ == "VBZ":
        _name_not_copula(tok)


def _name_not_copula(tok: Token) -> None:
    """`the army shelled IS militants`, `killed 2 IS suicide bombers`: the parser read the name as the copula
    of a clause of its own, its noun the attribute (`IS militants` = `is militants`), and the militants were
    nobody's target. The noun is the object of the verb the copula hung on (or, the copula at the root, of
    the verb it took for its subject); a number left as that verb's object counts the noun; the name
    modifies the noun. A copula with a subject of its own is one (`the toll IS rising` in capitals aside)."""
    attr = next((c for c in tok.rights if c.dep_ == "attr"), None)
    if attr is None or attr.left_edge.i != tok.i + 1 or any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in tok.children):
        return
    if tok.dep_ == "ROOT":
        verb = next((c for c in tok.lefts if c.dep_ == "csubj" and c.pos_ == "VERB"), None)
        if verb is None:
            return
        verb.head, verb.dep_ = verb, "ROOT"
    elif tok.dep_ in {"ccomp", "advcl", "xcomp", "conj", "dep"} and tok.head.pos_ == "VERB" and tok.head.i < tok.i:
        verb = tok.head
    else:
        return
    count = next((c for c in verb.rights if c.dep_ == "dobj" and c.i == tok.i - 1 and c.tag_ == "CD"), None)
    if count is not None:
        count.head, count.dep_ = attr, "nummod"
    elif any(c.dep_ == "dobj" for c in verb.children):
        return
    for child in list(tok.children):  # what the parser hung on the copula belongs to the verb
        if child.i != attr.i:
            child.head = verb
    attr.head, attr.dep_ = verb, "dobj"
    tok.head, tok.dep_, tok.tag_, tok.pos_, tok.lemma_ = attr, "compound", "NNP", "PROPN", tok.text


def fronted_place_verb(tok: Token) -> Token | None:
    """The verb a fronted place phrase belongs to, for a word the parser hung on that place as an apposition
    (`in X, Y, workers protested`: `workers` on `X` or `Y`); None for any other word."""
    if tok.dep_ != "appos":
        return None
    place = tok.head
    while place.dep_ in {"conj", "appos"} and place.head.i != place.i:
        place = place.head
    if place.dep_ != "pobj" or place.head.dep_ != "prep":
        return None
    return place.head.head


def _fronted_place_subject(tok: Token) -> None:
    """`On 7 May, in Acapulco, Guerrero, around 100 merchants protested`: the parser takes the fronted town
    for the verb's subject, leaves `in` without its object and hangs the people on the town as an
    apposition. The town is the preposition's object, the people the verb's subject."""
    verb = tok.head
    if tok.dep_ not in {"nsubj", "nsubjpass"} or tok.pos_ != "PROPN" or verb.i < tok.i or tok.left_edge.i == 0:
        return
    prep = tok.doc[tok.left_edge.i - 1]
    if prep.pos_ != "ADP" or any(c.dep_ == "pobj" for c in prep.children):
        return
    people = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i < verb.i]
    if not people:
        return
    tok.head, tok.dep_ = prep, "pobj"
    people[0].head, people[0].dep_ = verb, "nsubjpass" if any(c.dep_ == "auxpass" for c in verb.children) else "nsubj"


def _fronted_region_subject(tok: Token) -> None:
    """`On 8 May, in Sinop, Mato Grosso, a man was killed`: the parser takes the region after a fronted town
    for a second subject of the verb. A name right after the fronted place and its comma, before the verb's
    other subject, is the place's region (an apposition of the place), not a subject."""
    verb = tok.head
    if tok.dep_ not in {"nsubj", "nsubjpass"} or tok.pos_ != "PROPN" or verb.i < tok.i:
        return
    if not any(c.dep_ == tok.dep_ and c.i > tok.i for c in verb.children):
        return  # the only subject: `in Sinop, Maria Silva was killed`
    comma = tok.doc[tok.left_edge.i - 1] if tok.left_edge.i > 0 else None
    place = tok.doc[comma.i - 1] if comma is not None and comma.text == "," and comma.i > 0 else None
    while place is not None and place.dep_ in {"conj", "appos", "compound"} and place.head.i != place.i:
        place = place.head
    if place is None or place.dep_ != "pobj":
        return
    prep = place.head
    while prep.dep_ in {"conj", "prep"} and prep.head.pos_ == "ADP":  # `On 8 May, in Sinop`: `in` hung on `On`
        prep = prep.head
    if prep.dep_ != "prep" or prep.head != verb:
        return
    tok.head, tok.dep_ = place, "appos"


def _fronted_passive_subject(tok: Token) -> None:
    """`On 5 May, in Bacayopa, Sinaloa, a man and a woman were found dead`: after a fronted place and its
    region the parser hangs the subject on the place as an apposition, and the passive verb has none. A
    common noun so hung, before a passive verb the fronted phrase belongs to that has no subject, is that
    verb's subject."""
    verb = fronted_place_verb(tok) if tok.pos_ == "NOUN" else None
    if verb is None:
        return
    kids = list(verb.children)
    if (
        verb.pos_ == "VERB"
        and tok.right_edge.i < verb.i
        and any(c.dep_ == "auxpass" for c in kids)
        and not any(c.dep_ in {"nsubj", "nsubjpass", "csubjpass"} for c in kids)
    ):
        tok.head, tok.dep_ = verb, "nsubjpass"


def _participle_subject(tok: Token) -> None:
    """`Two armed men driving a vehicle carried out a drive-by shooting against a man`, `in X, Y, armed men
    riding a motorcycle shot ...`: the parser reads the participle as the clause (`men driving`), the subject
    as the root or a place's conjunct, and the verb after the phrase as a modifier of its object (`a vehicle
    carried out ...`) or as a verb with no subject. A noun followed by a participle (`-ing`, no auxiliary)
    whose phrase ends right before a past verb with no subject of its own that acts (an object or a particle:
    no reduced passive) is that verb's subject, the participle a modifier of the noun, the verb the clause."""
    noun = tok.doc[tok.i - 1] if tok.i > 0 else None
    if tok.tag_ != "VBG" or tok.dep_ not in {"acl", "ROOT", "pcomp"} or noun is None or noun.pos_ not in {"NOUN", "PROPN"}:
        return  # not `militants including a commander were killed`: `including` is a preposition there
    if noun.sent != tok.sent or noun.dep_ in {"dobj", "dative", "attr", "oprd"}:
        return  # `beat a man living there and threatened ...`: an object is no subject
    if any(c.dep_ in {"aux", "auxpass"} for c in tok.children) or not (noun.head == tok or tok.head == noun):
        return
    # the first verb after the participle's phrase (`driving a vehicle`, `riding a motorcycle to the market`)
    verb = next((t for t in tok.doc[tok.i + 1 : tok.sent.end] if t.tag_.startswith("VB") or t.tag_ == "MD"), None)
    if verb is None:
        return
    kids = list(verb.children)
    if verb.pos_ != "VERB" or verb.dep_ in {"aux", "auxpass"}:
        return  # `a man driving a motorcycle was shot`: a passive of its own, the man its subject
    acts = verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(c.dep_ in {"dobj", "prt"} for c in kids))
    if not acts or any(c.dep_ in {"nsubj", "nsubjpass", "auxpass", "aux", "csubj"} for c in kids):
        return
    root = tok.sent.root
    subject = noun  # `a gunman and a woman driving a motorcycle`: the whole coordination is the subject
    while (
        subject.dep_ == "conj"
        and subject.head.pos_ in {"NOUN", "PROPN"}
        # joined by `and`, not by the comma that hangs it on a fronted place (`in X, Y, a gunman and ...`)
        and any(c.dep_ == "cc" and subject.head.i < c.i < subject.i for c in subject.head.children)
    ):
        subject = subject.head
    if root != verb:
        verb.head, verb.dep_ = verb, "ROOT"
        if root not in (noun, tok, subject):
            root.head, root.dep_ = verb, "prep" if root.pos_ == "ADP" else "dep"
    if subject is not noun and tok.head == noun.head == subject:
        noun.head, noun.dep_ = subject, "conj"
    subject.head, subject.dep_ = verb, "nsubj"
    tok.head, tok.dep_ = noun, "acl"
    for t in tok.doc[tok.i + 1 : verb.i]:  # the phrase is the participle's, not the verb's
        if (t.head.i >= verb.i and t.head != verb) or (t.head == verb and t.dep_ in {"nsubj", "dobj"}):
            t.head = tok
    for t in tok.doc[verb.i + 1 : tok.sent.end]:  # and what follows the verb is the verb's (`... a shooting`)
        if tok.i <= t.head.i < verb.i:
            t.head, t.dep_ = verb, "dobj" if t.dep_ in {"acl", "dobj", "appos"} and t.pos_ in {"NOUN", "VERB"} else t.dep_


def _verb_read_as_modifier(tok: Token, crowd_verbs: frozenset[str]) -> None:
    """`a group of workers in a textile factory protested in X`: with no verb before it, the parser makes the
    subject noun the root and the verb a modifier of the last noun (`factory protested`, read as `the man
    killed in X`). A crowd's verb (`protested`, `rallied`, `rioted`: no passive reading) with no subject or
    auxiliary of its own, hung as a modifier of a noun in a place or time phrase (not an `of` phrase) of a
    sentence whose root is a noun before it, is the sentence's verb and that noun its subject; what the parser
    hung on the noun before it (`On 4 May,`) is the verb's."""
    root = tok.sent.root
    if tok.lemma_.lower() not in crowd_verbs or tok.dep_ != "acl" or root.pos_ not in {"NOUN", "PROPN"} or root.i > tok.i:
        return
    if any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in tok.children):
        return
    path = [a for a in tok.ancestors if a.i != root.i]
    if not any(a.dep_ == "prep" and a.lower_ != "of" for a in path):
        return  # `a group of people protested`, `the X section of the Y party protested`: the modified noun acts
    for child in list(root.children):
        if child.dep_ == "punct" or (child.i < root.i and child.dep_ in {"prep", "npadvmod", "advmod"}):
            child.head = tok
    tok.head, tok.dep_ = tok, "ROOT"
    root.head, root.dep_ = tok, "nsubj"


NOUN_INSIDE = frozenset({"compound", "amod", "det", "nmod"})


def _lone_number(tok: Token) -> None:
    """`Clashes broke out. 14 Al-Shabaab militants were killed.`: the parser cut the number that opens a
    sentence off as a sentence of its own, so the militants counted no one. A number alone as a sentence,
    right before a sentence that opens with a noun phrase whose noun has no number of its own, counts that
    noun (not a year: `in 2019. 2020 Olympics ...`)."""
    if not tok.like_num or tok.dep_ != "ROOT" or tok.i + 1 >= len(tok.doc) or tok.n_lefts or tok.n_rights:
        return
    if tok.text.isdecimal() and len(tok.text) == 4:
        return
    after = tok.doc[tok.i + 1]
    if not after.is_sent_start or after.is_punct or after.is_space:
        return
    noun = after
    while noun.dep_ in NOUN_INSIDE and noun.head.i > noun.i:
        noun = noun.head
    if noun.pos_ not in {"NOUN", "PROPN"} or any(c.dep_ == "nummod" for c in noun.children):
        return
    tok.head, tok.dep_ = noun, "nummod"
