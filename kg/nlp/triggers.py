"""Encounter triggers (verbs and nouns) and the clause each one governs in a sentence."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.nlp.status import CLAUSE_EDGES, forms, vocabulary

LIGHT_VERBS = frozenset({"hold", "have", "attend", "join", "host", "take", "conduct", "participate",
                         "follow", "begin", "open", "chair", "start", "end", "conclude", "pay"})
#: Particles and clauses that make "call" a demand, not a phone call ("called on", "called it").
NOT_A_CALL = frozenset({"on", "for", "off", "upon", "out"})
#: Dependencies a finite verb gets when the small model misparses the sentence around it.
MISPARSED = frozenset({"amod", "compound", "nmod", "npadvmod", "appos", "dep"})
WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})


def find_triggers(sent: Span, side_tokens: frozenset[int] = frozenset()) -> list[tuple[Token, str]]:
    """Tokens of the sentence that announce an encounter, with the event kind.

    ``side_tokens`` are the tokens of side and person mentions: "received the Iraqi prime
    minister", "called Modi" are encounters because their object is a side.
    """
    vocab = vocabulary()
    found: list[tuple[Token, str]] = []
    for token in sent:
        lower = token.lower_
        if token.pos_ in ("VERB", "AUX"):
            kind = _verb_kind(token, side_tokens)
            if kind is not None:
                found.append((token, kind))
        elif token.pos_ in ("NOUN", "PROPN") and lower in vocab["noun_triggers"]:
            if lower == "call" and not _is_phone_call(token):
                continue
            if token.head in (t for t, _ in found) and token.dep_ == "dobj":
                continue
            found.append((token, vocab["noun_triggers"][lower]))
    return found


def _verb_kind(token: Token, side_tokens: frozenset[int]) -> str | None:
    vocab = vocabulary()
    lemmas = forms(token)
    lemma = next((w for w in vocab["verb_triggers"] if w in lemmas), None)
    if lemma is not None:
        needs = vocab["verb_needs"].get(lemma)
        window = {t.lower_ for t in token.doc[token.i + 1: token.i + 6]} | {
            t.lemma_.lower() for t in token.children}
        if needs is None or window & set(needs):
            return vocab["verb_triggers"][lemma]
    lemma = next((w for w in vocab["object_triggers"] if w in lemmas), None)
    if lemma is None or any(
            c.dep_ in ("xcomp", "ccomp") or (c.lower_ in NOT_A_CALL and (
                c.dep_ == "prt" or c.i == token.i + 1)) for c in token.children):
        return None
    objects = [c for c in token.children if c.dep_ == "dobj"] or [
        c for c in token.children if c.dep_ == "oprd"]
    if any(t.i in side_tokens for c in objects for t in c.subtree):
        return vocab["object_triggers"][lemma]
    return None


def _is_phone_call(token: Token) -> bool:
    words = {c.lower_ for c in token.children} | {token.doc[token.i - 1].lower_}
    return bool(words & {"phone", "telephone", "video", "with"})


def scope(trigger: Token, others: set[int]) -> tuple[set[int], set[int]]:
    """Token indices of the trigger's clause (and the subject it shares), and of those the
    ones whose sides take part (relative clauses, "according to which ..." and "on the
    sidelines of ..." inside it only give places)."""
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
        if trigger.dep_ in ("nsubj", "nsubjpass") or verb.lemma_ in LIGHT_VERBS:
            add(verb)
            head = verb
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


def _subordinate(tokens: set[int], trigger: Token) -> set[int]:
    """Tokens of relative and wh- clauses and of venue phrases that do not hold the trigger."""
    doc = trigger.doc
    venues = set(vocabulary()["venue_nouns"])
    heads = [doc[i] for i in tokens if doc[i].dep_ in ("relcl", "acl") or doc[i].lower_ in venues]
    for i in tokens:
        if doc[i].tag_ in WH_TAGS and doc[i].lower_ != "when":
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
