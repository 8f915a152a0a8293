"""Code every event a document reports: pattern match, CAMEO/PLOVER codes, actors, time, place, provenance."""

from __future__ import annotations

import logging
from typing import Any

from spacy.tokens import Doc, Span, Token

from eventwire.document import Extraction
from eventwire.events import anchors, modality
from eventwire.events.arguments import ActorResolver, ArgumentRules, among, noun_arguments, verb_arguments
from eventwire.events.matching import best_pattern
from eventwire.events.ontology import CameoCode
from eventwire.events.patterns import Pattern, PatternLexicon
from eventwire.events.syntax import direct_subjects, is_passive, lemma, next_to_hyphen, prep_objects, subjects
from eventwire.nlp import parser_lemmas, token_lower_lemmas, token_lowers, token_pos, token_texts

log = logging.getLogger(__name__)
SKIPPED_SECTIONS = {"title", "credit", "caption", "dateline"}
ABSORBING_DEPS = {"dobj", "nsubjpass", "nsubj", "attr", "pobj", "oprd", "dative"}


class Coder:
    """The event coder of one data chain (`Resources.coder` builds it from the chain's files)."""

    def __init__(self, lexicon: PatternLexicon, agents: dict[str, str | None], rules: ArgumentRules,
                 table: dict[str, CameoCode]):
        self.lexicon = lexicon
        self.agents = agents
        """Unnamed agent nouns and their sectors (eventwire/data/actors/agents.yaml), for 'police', 'troops'."""
        self.rules = rules
        self.table = table
        self.pattern_lemmas = parser_lemmas(self.lexicon.verbs.keys() | self.lexicon.nouns.keys(),
                                            self.lexicon.lemma_fixes)
        """The lemmas, as the parser gives them, that have patterns: `best_pattern` finds nothing for any other
        word unless it is part of a hyphenated word."""
        self.evaluation_cues = self.lexicon.report_verbs | {"call"}
        """Lemmas of the verbs whose clause may evaluate someone ('X said the cooperation was illegal')."""

    def resolver(self, result: Extraction) -> ActorResolver:
        return ActorResolver(result, self.lexicon.actor_nouns, self.agents, self.lexicon.light_verbs, self.rules)

    def code(self, doc: Doc, result: Extraction) -> list[dict[str, Any]]:
        resolver = self.resolver(result)
        events: list[dict[str, Any]] = []
        for sentence in doc.sents:
            try:
                events.extend(self._code_sentence(sentence, result, resolver))
            except Exception:  # an odd parse must not cost the document its other events
                log.warning("events: skipped a sentence at %d", sentence.start_char, exc_info=True)
            resolver.remember_subjects(sentence)
        events.sort(key=lambda e: (e["sentence"]["start"], e["background"], e["trigger"]["start"], e["cameo"]))
        for number, event in enumerate(events, 1):
            event["id"] = f"v{number}"
        return events

    def _code_sentence(self, sentence: Span, result: Extraction, resolver: ActorResolver) -> list[dict[str, Any]]:
        matches = self._matches(sentence, result)
        coded = [self._event(token, pattern, sentence, result, resolver)
                 for token, pattern in matches if not self._absorbed(token, pattern, matches)]
        if any(e["plover"] == "PROTEST" for e in coded):  # PLOVER: a protest's topic is not an event of its own
            coded = [e for e in coded if e["plover"] not in self.lexicon.protest_topics]
        coded = [e for e in coded if e["plover"] not in self.lexicon.requires_recipient
                 or e["target"] or len(e["source"] or []) > 1]
        return coded + self._evaluations(sentence, result, resolver) + self._reported_demands(sentence, result, resolver)

    def _matches(self, sentence: Span, result: Extraction) -> list[tuple[Token, Pattern]]:
        found = []
        tags, lemmas, texts = token_pos(sentence.doc), token_lower_lemmas(sentence.doc), token_texts(sentence.doc)
        for i in range(sentence.start, sentence.end):
            if tags[i] not in ("VERB", "NOUN") and not (tags[i] == "PROPN" and i == sentence.start):
                continue
            if lemmas[i] not in self.pattern_lemmas and not next_to_hyphen(texts, i):
                continue  # `best_pattern` would find nothing
            token = sentence.doc[i]
            pos = token.pos_
            if pos == "PROPN" and token.i == sentence.start and token.is_title:  # 'Curfew imposed in ...'
                pos = "NOUN"
            if pos not in ("VERB", "NOUN") or result.document.section_at(token.idx) in SKIPPED_SECTIONS:
                continue
            if pos == "VERB" and (self._is_report(token) or self._has_object(token)):
                continue
            pattern = best_pattern(token, self.lexicon, pos)
            if pattern is not None:
                found.append((token, pattern))
        return found

    def _is_report(self, verb: Token) -> bool:
        return lemma(verb) in self.lexicon.report_verbs and any(c.dep_ in ("ccomp", "parataxis") for c in verb.children)

    def _has_object(self, verb: Token) -> bool:
        """'the case demonstrates that ...': an objectless verb with an object or clause reports no event."""
        return lemma(verb) in self.lexicon.objectless and any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children)

    def _absorbed(self, token: Token, pattern: Pattern, matches: list[tuple[Token, Pattern]]) -> bool:
        """A nominal event that is an argument of a coded verb, or merely described, is not an event of its own."""
        if token.pos_ != "NOUN":
            return False
        if token.dep_ == "compound":
            return True
        patterns = {other.i: found for other, found in matches if other.i != token.i}
        own = self.table[pattern.code].plover
        if own in self.lexicon.unabsorbed:  # 'police broke up the rally': the rally stays an event
            patterns = {i: p for i, p in patterns.items() if self.table[p.code].plover == own}
        if token.dep_ == "pobj":  # only the object of the pattern's own preposition: 'agreed on a truce'
            governing = patterns.get(token.head.head.i)
            if governing is not None and token.head.lower_ in governing.preps:
                return True
        elif token.dep_ in ABSORBING_DEPS and token.head.i in patterns:
            return True
        return token.dep_ in ("dobj", "attr", "nsubjpass", "oprd") and lemma(token.head) in self.lexicon.stative_governors

    def _event(self, token: Token, pattern: Pattern, sentence: Span, result: Extraction, resolver: ActorResolver):
        cameo = self.table[pattern.code]
        sources, targets = self.arguments(token, pattern, resolver)
        rule = f"{pattern.pos}s {pattern.code}: {pattern.text}"
        if self._by_protesters(token, cameo):
            cameo = self.table[self.lexicon.protester_violence["code"]]
            rule = f"{rule}; violence by protesters coded as {cameo.code} (PLOVER: riot)"
        if pattern.obj is None and pattern.mod is None:
            refined = self._refine(cameo, sentence, token)
            if refined is not None:
                cameo, rule = refined, f"{rule}; refined to {refined.code} by a cue word in the sentence"
        is_negated = modality.negated(token, self.lexicon)
        mood = modality.modality(token, self.lexicon)
        if mood in ("future", "intent") and not is_negated and cameo.plover in self.lexicon.future_recode:
            cameo = self.table[self.lexicon.future_recode[cameo.plover]]
            rule = f"{rule}; {mood} cooperation coded as {cameo.code} (PLOVER: promises are AGREE)"
        reporter = modality.reporter(token, self.lexicon)
        reporters = resolver.actors([reporter]) if reporter is not None and resolver.names_actor(reporter) else []
        confidence = 0.5 + 0.1 * min(pattern.specificity, 2) + 0.1 * bool(sources) + 0.1 * bool(targets)
        confidence += 0.05 * (modality.anchor(token).dep_ == "ROOT") - 0.1 * (mood is not None)
        background = self._background(token)
        confidence -= 0.1 * background
        bare = pattern.specificity == 0 or pattern.lemma in self.lexicon.light_verbs  # 'the meeting was held'
        if not sources and not targets and bare and self.table[pattern.code].plover in self.lexicon.weak_alone:
            confidence = min(confidence, self.lexicon.weak_confidence)
            rule = f"{rule}; no actor and a bare trigger: weak evidence"
        return build_event(cameo, sources, targets, (token.idx, token.idx + len(token.text), token.text), sentence,
                           result, token, is_negated, mood, reporters,
                           rule, confidence, background)

    def arguments(self, token: Token, pattern: Pattern, resolver: ActorResolver):
        """(sources, targets) of the event a pattern fires at a token; where the parse gives none, the nearest
        actor within a verb's clause: before an active verb for the source, after it for the target (a nominal
        event's clause is another event's, so it gets none; a passive verb's subject is the target the parse
        gives, so a passive with one gets no positional target either)."""
        if pattern.pos == "verb":
            sources, targets = verb_arguments(token, pattern, resolver)
        else:
            of_role = self.lexicon.of_role.get(self.table[pattern.code].plover or "", "target") if pattern.code else "target"
            sources, targets = noun_arguments(token, pattern, of_role, resolver, self.lexicon.light_verbs)
        targets = [t for t in targets if not among(t, sources)]
        if not sources and pattern.pos == "verb" and not is_passive(token):
            sources = resolver.nearest(token, "left", targets, pattern)
        if not targets and not pattern.theme and pattern.pos == "verb" and not any(
                c.dep_ == "nsubjpass" for c in token.children):  # 'the price was cut in the US': the parse's patient
            targets = resolver.nearest(token, "right", sources, pattern)
        return sources, targets

    def read_at(self, doc: Doc, result: Extraction, token: Token):
        """(sources, targets) the coder gives an event at any verb or noun, coded or not: its own pattern when it
        has one, else the general reading. For scoring the argument reader on gold triggers the lexicon does not
        know; the resolver has seen the sentences before the token's, as in `code`."""
        resolver = self.resolver(result)
        for sentence in doc.sents:
            if sentence.start >= token.sent.start:
                break
            resolver.remember_subjects(sentence)
        pos = "VERB" if token.pos_ in ("VERB", "AUX") else "NOUN"
        pattern = best_pattern(token, self.lexicon, pos) or Pattern(code="", lemma=lemma(token), pos=pos.lower(), text="")
        return self.arguments(token, pattern, resolver)

    def _background(self, token: Token) -> bool:
        """An event told as a modifier ('the mayor, jailed a year ago'), in a time or cause phrase ('following
        last week's shelling', 'after attacking'), as a purpose ('in a bid to ease sanctions', 'met to discuss')
        or as a threatened alternative ('leave or face arrest') is the background of the sentence's news, not the
        news. Read up the clause chain from the trigger to the sentence's root."""
        if token.dep_ == "amod":
            return True
        current = token
        for _ in range(8):
            if current.dep_ in ("acl", "relcl"):
                return True
            if current.dep_ in ("pobj", "pcomp") and current.head.lower_ in self.lexicon.background_preps:
                return True
            if current.dep_ == "advcl" and any(
                    (c.dep_ == "mark" and c.lower_ in self.lexicon.background_preps) or (c.dep_ == "aux" and c.lower_ == "to")
                    for c in current.children):
                return True
            if current.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ in self.rules.alternative_conjunctions
                                               for c in current.head.children):
                return True
            if current.head.i == current.i:
                return False
            current = current.head
        return False

    def _by_protesters(self, token: Token, cameo: CameoCode) -> bool:
        rule = self.lexicon.protester_violence
        if rule is None or cameo.plover not in rule["from"]:
            return False
        heads = subjects(token) if token.pos_ == "VERB" else [c for c in token.children if c.dep_ in ("poss", "compound")]
        heads += [obj for head in heads for _, obj in prep_objects(head, ("of",))]  # 'thousands of protesters'
        if lemma(token) in rule["two_sided"]:  # 'police clashed with rioters', 'clashes broke out between ...'
            hosts = [token, token.head] if token.dep_ == "nsubj" else [token]
            heads += [obj for host in hosts for _, obj in prep_objects(host, ("with", "between"))]
        return any(lemma(h) in rule["subjects"] for head in heads for h in (head, *head.conjuncts))

    def _refine(self, cameo: CameoCode, sentence: Span, trigger: Token) -> CameoCode | None:
        refinements = self.lexicon.refinements.get(cameo.code[:2])
        if not refinements:
            return None
        lowers = token_lowers(sentence.doc)[sentence.start:sentence.end]
        present = set(lowers) | set(token_lower_lemmas(sentence.doc)[sentence.start:sentence.end])
        bigrams = set(zip(lowers, lowers[1:]))
        for refinement in refinements:
            if refinement.triggers and lemma(trigger) not in refinement.triggers:
                continue
            if refinement.words & present or refinement.bigrams & bigrams:
                refined = self.table.get(refinement.code)
                return refined if refined is not None and refined.code != cameo.code else None
        return None

    def _evaluations(self, sentence: Span, result: Extraction, resolver: ActorResolver) -> list[dict[str, Any]]:
        """'X said the cooperation between A and B was illegal': X criticises A and B (CAMEO 111)."""
        events = []
        lemmas, lowers = token_lower_lemmas(sentence.doc), token_lowers(sentence.doc)
        for i in range(sentence.start, sentence.end):
            if lemmas[i] not in self.evaluation_cues:
                continue
            verb = sentence.doc[i]
            if result.document.section_at(verb.idx) in SKIPPED_SECTIONS:
                continue
            clauses = [c for c in verb.children if c.dep_ in ("ccomp", "oprd")]
            for clause in clauses:
                if not any(lemmas[j] in self.lexicon.evaluations or lowers[j] in self.lexicon.evaluations
                           for j in range(clause.left_edge.i, clause.right_edge.i + 1)):
                    continue  # no evaluation word anywhere in the clause's stretch of text, so none in its subtree
                word = next((t for t in clause.subtree if lemma(t) in self.lexicon.evaluations
                             or t.lower_ in self.lexicon.evaluations), None)
                if word is None:
                    continue
                cameo = self.table[self.lexicon.evaluations.get(lemma(word), self.lexicon.evaluations.get(word.lower_, "111"))]
                sources = resolver.actors(subjects(verb))
                subject_tokens = [t for s in clause.children if s.dep_ in ("nsubj", "nsubjpass") for t in s.subtree]
                if lemma(verb) == "call":
                    subject_tokens = [t for d in verb.children if d.dep_ == "dobj" for t in d.subtree]
                targets = _entity_actors(subject_tokens, resolver, sources)
                events.append(build_event(
                    cameo, sources, targets, (word.idx, word.idx + len(word.text), word.text), sentence, result, word,
                    modality.negated(word, self.lexicon), None, [], f"evaluation {cameo.code}: '{lemma(word)}' in what "
                    f"the source says", 0.55 + 0.1 * bool(sources) + 0.1 * bool(targets)))
        return events

    def _reported_demands(self, sentence: Span, result: Extraction, resolver: ActorResolver) -> list[dict[str, Any]]:
        """'X said Y must withdraw': X demands something of Y (patterns.yaml `reported_demands`)."""
        demand = self.lexicon.reported_demands
        events = []
        lemmas = token_lower_lemmas(sentence.doc)
        for i in range(sentence.start, sentence.end):
            if lemmas[i] not in self.lexicon.report_verbs:  # read from the lemma column, no Token made per word
                continue
            verb = sentence.doc[i]
            if verb.pos_ != "VERB" or not self._is_report(verb) or result.document.section_at(verb.idx) in SKIPPED_SECTIONS:
                continue
            for clause in (c for c in verb.children if c.dep_ == "ccomp"):
                modal = next((c for c in clause.children if c.dep_ == "aux" and c.lower_ in demand["modals"]), None)
                if modal is None:
                    continue
                sources = resolver.actors(subjects(verb))
                targets = [a for a in resolver.actors(direct_subjects(clause)) if not among(a, sources)]
                if not targets:  # 'said action must be taken': a demand of no one named
                    continue
                cameo = self.table[demand["code"]]
                events.append(build_event(
                    cameo, sources, targets, (verb.idx, verb.idx + len(verb.text), verb.text), sentence, result, verb,
                    modality.negated(verb, self.lexicon), None, [], f"reported demand {cameo.code}: '{lemma(verb)}' "
                    f"with '{modal.lower_}' in its clause", 0.55 + 0.1 * bool(sources) + 0.1))
        return events


def _entity_actors(tokens: list[Token], resolver: ActorResolver, exclude: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for token in tokens:
        entity = resolver.entity(token)
        if entity is None or entity.actor is None or not entity.actor.code:
            continue
        actor = resolver.actor(token)
        if actor is not None and not among(actor, out) and not among(actor, exclude):
            out.append(actor)
    return out


def build_event(cameo: CameoCode, sources, targets, trigger, sentence: Span, result: Extraction, token: Token,
                is_negated: bool, mood: str | None, reporters, rule: str, confidence: float,
                background: bool = False) -> dict[str, Any]:
    start, end, text = trigger
    return {
        "id": None,
        "cameo": cameo.code,
        "cameo_name": cameo.name,
        "plover": cameo.plover,
        "mode": cameo.mode,
        "context": list(cameo.context),
        "quad_class": cameo.quad_class,
        "goldstein": cameo.goldstein,
        "source": sources or None,
        "target": targets or None,
        "trigger": {"start": start, "end": end, "text": text},
        "sentence": {"start": sentence.start_char, "end": sentence.end_char},
        "date": anchors.event_date(token, sentence, result),
        "location": anchors.event_location(token, result),
        "negated": is_negated,
        "hypothetical": mood is not None,
        "modality": mood,
        "background": background,
        "reported_by": reporters[0] if reporters else None,
        "rule": rule,
        "confidence": round(max(0.1, min(confidence, 0.95)), 2),
    }
