"""The clause a trigger governs: the tokens whose sides take part in its encounter.

A verb's clause is its subject and its objects and prepositional phrases, not the clauses
it embeds ("said that ...") nor a coordinated verb; a verb with no subject shares the
subject of the verb it depends on ("X arrived in Y to meet Z"). A noun trigger ("talks",
"a meeting") takes the clause of the light verb it is the object of ("held talks with").
Relative clauses, wh- clauses and venue phrases ("on the sidelines of the UN General
Assembly") inside the clause give places, not sides.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from kg.linking._tables import data_json

LIGHT_VERBS = frozenset({"hold", "have", "attend", "join", "host", "take", "conduct",
                         "participate", "follow", "begin", "open", "chair", "start", "end",
                         "conclude", "pay", "make", "mediate", "broker", "facilitate"})
#: Dependencies that open a clause of its own.
CLAUSE_EDGES = frozenset({"relcl", "advcl", "ccomp", "parataxis", "acl"})
#: Dependencies a finite verb gets when the small model misparses the sentence around it.
MISPARSED = frozenset({"amod", "compound", "nmod", "npadvmod", "appos", "dep"})
WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
#: "After talks in Kyiv, X and Y ...", "During a call, X thanked Y": the encounter was
#: between the subject (and the object) of the verb the phrase hangs on.
SEQUENCE_PREPS = frozenset({"after", "before", "following", "during", "ahead"})
#: Prepositions that give what an encounter was about, not who took part.
TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning", "against"})


@cache
def _venue_nouns() -> frozenset[str]:
    return frozenset(data_json("events.json")["venue_nouns"])


def clause_scope(trigger: Token, others: set[int]) -> tuple[set[int], set[int]]:
    """(tokens of the trigger's clause, the ones of those whose sides take part).

    ``others`` are the other triggers of the sentence: a clause holding one is theirs.
    """
    tokens: set[int] = set()

    def add(node: Token) -> None:
        for child in node.children:
            sub = {t.i for t in child.subtree}
            if child.dep_ in CLAUSE_EDGES | {"conj"} and sub & others:
                continue
            if child.dep_ in ("ccomp", "parataxis") or (
                    child.dep_ == "conj" and child.pos_ in ("VERB", "AUX")):
                continue
            tokens.update(sub)
        tokens.add(node.i)

    if trigger.pos_ in ("VERB", "AUX") and trigger.dep_ in MISPARSED and not others:
        sent = trigger.sent
        tokens = set(range(sent.start, sent.end))
        return tokens, tokens - _subordinate(tokens, trigger)
    add(trigger)
    head = trigger
    if trigger.pos_ in ("NOUN", "PROPN"):
        verb = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
        if trigger.dep_ == "pobj" and trigger.head.lower_ in SEQUENCE_PREPS | {"in"}:
            tokens.update(t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")
                          for t in c.subtree)
        elif trigger.dep_ in ("nsubj", "nsubjpass") or verb.lemma_ in LIGHT_VERBS:
            add(verb)
            head = verb
    relative = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")
                     and c.tag_ in ("WP", "WDT")), None)
    if relative is not None:
        tokens.update(_antecedent(relative, head))
    elif head.dep_ == "acl" and head.pos_ in ("VERB", "AUX") and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
        tokens.update(_noun_phrase(head.head))
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
        up = head
        while up.dep_ in ("xcomp", "conj", "advcl", "acl", "relcl") and up.head.i != up.i:
            control = up.dep_ == "xcomp"
            up = up.head
            subjects = [c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")]
            if control:
                subjects = [c for c in up.children if c.dep_ == "dobj"] + subjects
            if subjects:
                tokens.update(t.i for t in subjects[0].subtree)
                break
    return tokens, tokens - _subordinate(tokens, trigger)


def _antecedent(pronoun: Token, verb: Token) -> set[int]:
    """The tokens "who" stands for: the noun a relative clause hangs on, or (where the
    parser attached the clause elsewhere) the name just before the pronoun."""
    doc = pronoun.doc
    noun = verb.head if verb.dep_ == "relcl" else doc[pronoun.i - 1] if pronoun.i else pronoun
    return _noun_phrase(noun)


def _noun_phrase(noun: Token) -> set[int]:
    """A noun and the words before it that modify it ("Serbian negotiators ...")."""
    if noun.pos_ not in ("PROPN", "NOUN"):
        return set()
    doc = noun.doc
    start = noun.i
    while start > 0 and doc[start - 1].dep_ in ("compound", "amod", "flat", "poss") and (
            doc[start - 1].head.i == noun.i):
        start -= 1
    return set(range(start, noun.i + 1))


def _subordinate(tokens: set[int], trigger: Token) -> set[int]:
    """Tokens that name no party though they sit in the clause: relative and wh- clauses,
    venue phrases, topics ("talks on Syria", "called to discuss Ukraine") and other events
    ("signed in 1984, after mediation by the Vatican")."""
    doc = trigger.doc
    venues = _venue_nouns()
    heads = [doc[i] for i in tokens if doc[i].dep_ in ("relcl", "acl", "xcomp")
             or (doc[i].dep_ == "advcl" and any(c.lower_ == "to" for c in doc[i].children))
             or doc[i].lower_ in venues
             or (doc[i].dep_ == "prep" and doc[i].lower_ in TOPIC_PREPS | SEQUENCE_PREPS
                 and not any(t.ent_type_ in ("DATE", "TIME") for t in doc[i].subtree))]
    for i in tokens:
        if doc[i].tag_ in WH_TAGS:
            verb = doc[i]
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            heads.append(verb)
    found: set[int] = set()
    for head in heads:
        subtree = {t.i for t in head.subtree}
        if head.i != trigger.i and trigger.i not in subtree:
            found |= subtree - ({head.i} if head.lower_ in venues else set())
    return found
