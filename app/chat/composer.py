"""The offline composer: an answer from retrieval, the award rules and the calculator, with no model.

retrieve → take the best clause → choose the measure within it → read the question's numbers and
levels into the rule's inputs → calculate when every figure the rule needs is given, else quote the
clause's caps and say what is needed. A follow-up ("那市属的呢？", "投资是三千万") continues the measure
of the answer before, with the inputs stated so far (app/chat/topic.py). Every sentence comes from `prompts/chat.yaml`; every figure from the
clause or the calculation, which the grounding guard checks afterwards.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from pydantic import ValidationError

from app.awards.calculator import Calculation, unmet_reasons
from app.awards.engine import AwardCalculator
from app.awards.money import format_money
from app.awards.plan import Plan
from app.awards.rules import Rule
from app.chat.contract import ChatStatus, Citation
from app.chat.history import Turn
from app.chat.measures import MeasureIndex
from app.chat.pauses import spaces_as_pauses
from app.chat.quantities import NUMERAL, find_amounts, find_shares, number_value
from app.chat.scope import ScopeDecision, ScopeRules
from app.chat.slots import (
    TOTAL_WORDS,
    InputValue,
    read_cases,
    read_inputs,
    read_items,
    undecided_inputs,
)
from app.chat.topic import FollowUpRules, Topic, continues, merge_inputs, merge_items, parts_on_top
from app.errors import InvalidInputError
from indexer.models import Clause
from indexer.references import missing_references
from indexer.retrieval import Hit, Retriever
from indexer.spelling import HomophoneSpeller

logger = logging.getLogger(__name__)

ClauseKey = tuple[str, str]
ENGINE_NAME = "offline"
_SEARCH_DEPTH = 5
# How far down the hits a measure is looked for when the first clause found has none the question names.
_NEXT_HITS_SEARCHED = 3
# A topic outlives one reply that turned a question away, not two.
_TOPIC_REACH = 2
# How many clauses a part of a question is searched for: enough to pass the clause on stacking its words
# may find first.
_PART_HITS = 2
# Where a question's parts divide: punctuation, and the words that add another thing.
# Not a comma before three digits: a thousands separator is inside one amount.
_SEGMENT = re.compile(r"[，；;。？?！!、]|,(?!\d{3})|另外|还有|以及|同时|并且|而且")
# A period supposed of an award: "可以连续五年", and "每年都能拿", which a clause granting a yearly award says.
_SUPPOSED_YEARS = re.compile(rf"连续(?P<years>{NUMERAL})年")
_SUPPOSED_YEARLY = re.compile(r"^(?:每年|年年)")
# Within a part of a stacking question, the words joining two things asked about together ("A和B能一起拿吗").
_JOINED = re.compile(r"和|与|跟|及|还是")
# An article of another text named ("数据安全法第四十五条", "《条例》第三条"): not this policy's, nor made up.
_ANOTHER_TEXTS_ARTICLE = re.compile(r"(法|条例|办法|规定|意见|》)\s*第[一二三四五六七八九十百\d]+条")
_NAME_CHARS = 2  # a measure's shortest names ("算力券", "入表") are short parts of their own


@dataclass
class Draft:
    """An engine's answer before the grounding guard: what it says and what it rests on."""

    answer: str
    citations: list[Citation]
    calculation: Calculation | None
    status: ChatStatus
    retrieved: set[ClauseKey] = field(default_factory=set)
    topic: Topic | None = None
    engine: str | None = None  # which engine wrote it, when not the one the service was built with
    # The calculator's results for other measures the answer states a figure of ("这两件事分别能拿多少"):
    # the reply carries one calculation, the guard accepts the figures of these as well.
    supporting: list[Calculation] = field(default_factory=list)
    # Several measures' awards added up by the calculator, when the question asks what they come to together.
    totals: list[Plan] = field(default_factory=list)


def _key(hit: Hit) -> ClauseKey:
    return (hit.clause.doc_id, hit.clause.clause_id)


def cite(hit: Hit) -> Citation:
    return cite_clause(hit.clause, hit.quote_text)


def cite_clause(clause: Clause, quote: str) -> Citation:
    """The clause, resting on `quote` (a rule's own words are verbatim in it: the drift check proves it)."""
    return Citation(
        doc_id=clause.doc_id,
        clause_id=clause.clause_id,
        title=clause.title,
        text=clause.text,
        quote=quote,
    )


class OfflineComposer:
    name = ENGINE_NAME

    def __init__(
        self,
        retriever: Retriever,
        calculator: AwardCalculator,
        measures: MeasureIndex,
        scope: ScopeRules,
        follow_up: FollowUpRules,
        templates: dict[str, Any],
    ) -> None:
        self.retriever = retriever
        self.calculator = calculator
        self.measures = measures
        self.scope = scope
        self.follow_up = follow_up
        self.templates = templates
        self._rules = {rule.id: rule for rule in calculator.book.rules}
        # Every rule's words for its amounts, to keep an amount said for one measure away from another,
        # and the unit's own figures no measure counts.
        self._money_cues = frozenset(
            cue
            for rule in calculator.book.rules
            for item in rule.inputs
            if item.type == "money"
            for cue in item.cues
        ) | frozenset(calculator.book.other_figures)
        self._clauses = {(c.doc_id, c.clause_id): c for c in retriever.clauses}
        tokenizer = retriever.tokenizer
        self._speller = HomophoneSpeller(
            tokenizer.terms(c.text for c in retriever.clauses),
            tokenizer.words,
            tokenizer.is_dictionary_word,
            tokenizer.vocabulary.plain_characters,
        )
        # The calculator's note on a whole run of years, told from the other notes by its wording.
        self._full_run = _note_pattern(calculator.templates["notes"]["full_run"])
        # …and its note on the years of a run left after those had ("已获得2年，还可获得1年").
        self._run_left = _note_pattern(calculator.templates["notes"]["run_left"])

    def compose(self, question: str, history: Sequence[Turn] = ()) -> Draft:
        asked, question = question, self._as_read(question)
        return self._for_applicant(self._draft(question, asked, history), question)

    def _as_read(self, question: str) -> str:
        """The question as every step reads it: homophone slips put right ("数椐标住" is 数据标注), a space
        between words a pause, everyday spellings plain ("咋申报" is 怎么申报)."""
        return self._speller.correct(self.follow_up.in_plain_words(spaces_as_pauses(question)))

    def _draft(self, question: str, asked: str, history: Sequence[Turn]) -> Draft:
        hits, previous, follows_up, decision = self._read_question(question, history, asked)
        retrieved = {_key(h) for h in hits}
        top = hits[0] if hits else None
        if decision.decision != "in_scope":
            # Says what the assistant can help with; no clause, no figure.
            logger.info("question put %s: %s", decision.decision, decision.reason)
            answer = (
                self._t("missing_clause", names=self._join(list(decision.missing)))
                if decision.missing
                else self.templates[decision.decision]
            )
            return Draft(answer, [], None, decision.decision, retrieved)
        if (
            previous is not None
            and follows_up
            and previous.rule_id is None
            and top is not None
            and self._measure_over_general(question, top, hits) is not top
        ):
            # After who may apply, an amount asked of a measure named by its own words ("如果我们搬到西城
            # 经营，做安全监测产品，最多奖多少") is that measure's.
            follows_up = False
        if previous is not None and follows_up:
            draft = self._continue(question, previous, hits, retrieved)
            if draft is not None:
                return self._with_other_measures(
                    draft,
                    question,
                    None,
                    earlier=self._measure_before(question, history, draft),
                    stated=_stated_award(history, draft),
                )
        if top is None:
            return Draft(self.templates["safe"], [], None, "answered", retrieved)
        top = self._owner_of(self.follow_up.awards_named(question), top, hits)
        top = self._measure_over_general(question, top, hits)
        if (highest := self._highest_measure(question, hits)) is not None:
            return highest
        if (applicant := self._applicant_clause(question, top, hits)) is not None:
            return self._clause_answer(
                applicant, retrieved | {(applicant.doc_id, applicant.clause_id)}, question, previous
            )
        citation = cite(top)
        key = _key(top)
        reads = {rule.id: self._read_whole(rule, question) for rule in self.measures.of_clause(*key)}
        # An amount no measure reads as the user's own figure ("活动花了…") names an award ("能拿这笔…吗").
        told = {v for said in reads.values() for v in said.values() if type(v) is int}
        named = {amount.yuan for amount in find_amounts(question)} - told
        # An input said two ways ("一等奖给多少？二等奖呢") is spoken of as much as one settled.
        rules = self.measures.choose(
            question,
            *key,
            lambda rule: len(reads[rule.id]) + len(undecided_inputs(rule, question) - set(reads[rule.id])),
            lambda rule: bool(named & rule.amounts_yuan()),
            self.follow_up.near_share,
        )
        if not rules:
            return self._clause_answer(citation, retrieved, question, previous)
        draft = self._about(rules[0], reads[rules[0].id], citation, retrieved, question)
        return self._with_other_measures(
            draft,
            question,
            None,
            fresh=True,
            alike=self._alike(rules[0], reads, question),
            earlier=self._measure_before(question, history, draft),
        )

    def _for_applicant(self, draft: Draft, question: str) -> Draft:
        """`draft`, unless it is about a measure's award and the question says the asker is not one of the
        units the policy applies to ("我是个人开发者", "注册和办公都在朝阳，西城没有任何机构"): then 第一条
        and the reason, with no award worked out."""
        applicant = self.calculator.book.applicant
        if applicant is None or draft.status != "answered":
            return draft
        rule_id = (
            draft.calculation.rule_id if draft.calculation else draft.topic.rule_id if draft.topic else None
        )
        rule = self._rules.get(rule_id or "")
        clause = self._clauses.get((applicant.doc_id, applicant.clause_id))
        if rule is None or rule.kind == "no_figure" or clause is None:
            return draft
        values = self._read(applicant, question)
        unmet = next((c for c in applicant.conditions if values.get(c.input) is False), None)
        if unmet is None:
            return draft
        logger.info("applicant condition unmet (%s): no award worked out", unmet.input)
        citation = cite_clause(clause, applicant.quote)
        answer = self._t(
            "applicant_ineligible",
            label=self._label(citation),
            quote=applicant.quote,
            reason=unmet.reason,
            title=rule.title,
        )
        others = [c for c in draft.citations if c.clause_id != citation.clause_id]
        retrieved = draft.retrieved | {(clause.doc_id, clause.clause_id)}
        return Draft(answer, [citation, *others], None, "answered", retrieved, draft.topic)

    def _clause_answer(
        self, citation: Citation, retrieved: set[ClauseKey], question: str, previous: Topic | None
    ) -> Draft:
        """A clause without a measure, quoted; with a measure asked about just before when the clause is a
        general one about it (stacking, who may apply)."""
        answer = self._t("clause", label=self._label(citation), quote=_sentence_body(citation.quote))
        topic = Topic(citation.doc_id, citation.clause_id)
        draft = Draft(answer, [citation], None, "answered", retrieved, topic)
        return self._with_other_measures(draft, question, previous)

    def _highest_measure(self, question: str, hits: Sequence[Hit]) -> Draft | None:
        """Which measure gives the most, asked of the whole policy ("整份措施里单项奖励金额最高的是哪一条"): the
        measure with the largest sum, its clause and its cap. Not when the question names a measure by its own
        words or a clause by number: "算力券和数据保险哪个最高", "第四条（二）里哪项奖励最高"."""
        if (
            not self.follow_up.asks_highest_of_policy(question)
            or not self._rules
            or any(hit.referenced for hit in hits)
        ):
            return None
        if self._names_a_measure(question, hits):
            return None
        rule = max(self._rules.values(), key=lambda r: max(r.amounts_yuan(), default=0))
        clause = self._clauses.get((rule.doc_id, rule.clause_id))
        if clause is None or not rule.amounts_yuan():
            return None
        citation = cite_clause(clause, rule.quote)
        label, most = self._label(citation), format_money(max(rule.amounts_yuan()))
        answer = self._t("highest", label=label, amount=most) + self._t(
            "clause", label=label, quote=_sentence_body(rule.quote)
        )
        retrieved = {_key(hit) for hit in hits} | {(rule.doc_id, rule.clause_id)}
        return Draft(
            answer, [citation], None, "answered", retrieved, Topic(rule.doc_id, rule.clause_id, rule.id)
        )

    def _applicant_clause(self, question: str, top: Hit, hits: Sequence[Hit]) -> Citation | None:
        """Who may apply (第一条), for a question asking whether the asker may apply at all that names no
        measure by its own words ("非企业的数据研究院能申请吗", "做数据标注的，适用这个措施吗"): words about the
        unit find a measure first, but the measure is not what is asked. Past a clause without measures only
        when who may apply reads closer to the question by meaning: "我在西城开了家奶茶店，和数据没什么关系，这个
        政策我也能申请吗" finds the clause on stacking by its word 政策; "已经拿了其他专项政策的补贴，还能申请吗" asks
        about stacking, "到2031年底还能申请吗" how long the policy lasts."""
        applicant = self.calculator.book.applicant
        if applicant is None or not self.follow_up.asks_who_may_apply(question):
            return None
        applicant_key = (applicant.doc_id, applicant.clause_id)
        if not self.measures.of_clause(*_key(top)):
            # Who may apply may lie below the hits searched: every clause's score, for this rare question.
            found = next((hit for hit in hits if _key(hit) == applicant_key), None) or next(
                (
                    h
                    for h in self.retriever.search(question, k=len(self._clauses))
                    if _key(h) == applicant_key
                ),
                None,
            )
            # (without vectors every dense score is 0: nothing reads closer, and the clause found stands)
            if found is None or found.dense <= top.dense:
                return None
        clause = self._clauses.get(applicant_key)
        if clause is None or self._names_a_measure(question, hits):
            return None
        return cite_clause(clause, applicant.quote)

    def _names_a_measure(self, question: str, hits: Sequence[Hit]) -> bool:
        """Whether the question names a measure of the best clauses by its own words, at least
        `may_apply_measure_score` strongly: then it asks about that measure, not the policy as a whole."""
        least = self.follow_up.may_apply_measure_score
        return any(
            (naming := self.measures.naming(question, *_key(hit))) is not None and naming[1] >= least
            for hit in hits[:_NEXT_HITS_SEARCHED]
        )

    def _owner_of(self, awards: set[int], top: Hit, hits: Sequence[Hit]) -> Hit:
        """The clause of the one measure whose figure the question names as an award ("西城最高那个X的奖励是
        针对什么的"), when the best clause has no such figure and that clause was retrieved too."""
        if not awards or any(awards & rule.amounts_yuan() for rule in self.measures.of_clause(*_key(top))):
            return top
        owners = {
            (rule.doc_id, rule.clause_id) for rule in self._rules.values() if awards & rule.amounts_yuan()
        }
        if len(owners) != 1:
            return top  # a figure several measures share names none of them
        return next((hit for hit in hits if _key(hit) in owners), top)

    def _measure_over_general(self, question: str, top: Hit, hits: Sequence[Hit]) -> Hit:
        """For an amount asked about a measure the question names by its own words, that measure's clause
        rather than a clause with no measure that other words find first: who may apply (第一条), which words
        about the unit find ("我们是一家财险公司的西城分公司，推出了数据保险产品，能拿多少？"), or how long the
        policy lasts (第十条（三）: "有效期内建高质量数据集接入交易平台，最高多少奖励"). Who may apply is
        still read from the question (`_for_applicant`). Not the clause on stacking, which answers with the
        measures named beside it.

        A best clause with measures gives way too, to one the question names `another_measure_ratio` times as
        strongly (as strongly, when the best clause's measure has no figure), when the embedding finds that one
        at least as near: words said of the unit (在武汉有研发中心)
        found the best clause, not what is asked about (承接…交流活动，这种活动怎么补)."""
        if top.clause.clause_id in self.follow_up.about_measures:
            return top
        if not self.follow_up.asks_how_much(question):
            return self._measure_over_applicant(question, top, hits)
        own = self.measures.naming(question, *_key(top))
        least = self.follow_up.another_measure_score
        if own is not None:
            # An amount asked: a measure with a figure named as strongly as the best clause's measure
            # without one ("拿数据知识产权融资，贴息有上限吗": the IP registration has no figure) is what is asked.
            ratio = 1.0 if own[0].kind == "no_figure" else self.follow_up.another_measure_ratio
            least = max(least, ratio * own[1])
        for hit in hits[1:_NEXT_HITS_SEARCHED]:
            if own is not None and hit.dense < top.dense:
                continue
            naming = self.measures.naming(question, *_key(hit))
            if naming is not None and naming[0].kind != "no_figure" and naming[1] >= least:
                return hit
        return top

    def _measure_over_applicant(self, question: str, top: Hit, hits: Sequence[Hit]) -> Hit:
        """For a question about a measure named by its own words that asks neither an amount nor whether the
        asker may apply ("“双管家”服务是干嘛的？什么样的企业能享受？"), that measure's clause rather than who may
        apply (第一条), which words about the unit find first — when the embedding finds it at least as near.
        (Not past the other general clauses: "算力券政策有效期多久" asks how long the policy lasts.)"""
        applicant = self.calculator.book.applicant
        if (
            applicant is None
            or _key(top) != (applicant.doc_id, applicant.clause_id)
            or self.follow_up.asks_who_may_apply(question)
        ):
            return top
        for hit in hits[1:_NEXT_HITS_SEARCHED]:
            naming = self.measures.naming(question, *_key(hit))
            if (
                hit.dense >= top.dense
                and naming is not None
                and naming[1] >= self.follow_up.another_measure_score
            ):
                return hit
        return top

    def _alike(self, chosen: Rule, reads: dict[str, dict[str, InputValue]], question: str) -> list[Rule]:
        """The clause's measures with a figure a question answered by one without ("我们是运营楼宇的，有啥
        政策" → the retrofit measure, which another policy pays) is about too, when it states nothing that
        settles which: they are listed with their caps."""
        if chosen.kind != "no_figure" or reads[chosen.id]:
            return []
        scored = self.measures.scored(question, chosen.doc_id, chosen.clause_id)
        best = max((score for _, score in scored), default=0.0)
        share = self.follow_up.figure_beside_no_figure_share
        return [
            rule for rule, score in scored if rule.kind != "no_figure" and score > 0 and score >= share * best
        ]

    def _named_only(self, question: str, rule: Rule, other: Rule) -> bool:
        """Whether the question names `rule` by a word of its own title that `other` lacks, and not `other` the
        same way ("改造投资2亿，按10%算" names the retrofit measure only; "数据中心也评上了国家级试点示范" both)."""
        return bool(self.measures.named_apart(question, rule, other)) and not self.measures.named_apart(
            question, other, rule
        )

    def _topic_pointed_back(self, question: str, history: Sequence[Turn]) -> Topic | None:
        """ "回到刚才那个入表的奖励，具体金额怎么定" after a turn on another measure: the question points back, so
        the measure answered earlier that its words name — however weakly, a short name scoring low — is the
        topic it goes on about, when it names that measure more strongly than the latest one."""
        if not self.follow_up.points_back(question):
            return None
        latest = previous_topic(history)
        mine = self.measures.score(question, latest.rule_id) if latest and latest.rule_id else 0.0
        # Named by a word of its title ("入表", "平台"), not only by a word it shares ("北京市的呢").
        scored = [
            (self.measures.score(question, topic.rule_id or ""), topic)
            for topic in _answered_topics(history)
            if self.measures.title_score(question, topic.rule_id or "") > 0
        ]
        # Latest first on ties: max keeps the first.
        best = max(scored, key=lambda pair: pair[0], default=None)
        if best is None or best[0] <= mine or best[1] == latest:
            return None
        return best[1]

    def judge_scope(self, question: str, history: Sequence[Turn] = ()) -> ScopeDecision:
        """Whether to answer, refuse, or say the policy does not cover it — for any engine, judged as the
        offline answer is: on the question as the speller reads it, and refused on it as written too."""
        return self._read_question(self._as_read(question), history, question)[3]

    def _read_question(
        self, question: str, history: Sequence[Turn], asked: str | None = None
    ) -> tuple[list[Hit], Topic | None, bool, ScopeDecision]:
        """The clauses near the question, the topic before it, whether it follows that topic up, and its
        scope: the lists and the classifier; then, for a question with no topic before it to follow,
        whether anything in the policy is near it at all. `asked` is the question as the user wrote it,
        before the speller."""
        hits, vector = self.retriever.search_with_vector(question, k=_SEARCH_DEPTH)
        previous = self._topic_pointed_back(question, history) or previous_topic(history)
        top = hits[0] if hits else None
        top_key = _key(top) if top else None
        follows_up = continues(previous, top_key, top.bm25 if top else 0.0, self.follow_up)
        before = self._rules.get(previous.rule_id or "") if previous else None
        if follows_up and previous is not None and _turned_away_last(history):
            # Past a question turned away, only one that states something the measure reads goes back to
            # it ("那要是再通过一项呢？"), or one that only asks the amount again ("好吧，那到底最高多少？");
            # "那员工食堂的餐补标准呢？" is judged on its own.
            follows_up = before is not None and (
                bool(self._read(before, question)) or self.follow_up.only_asks_amount(question)
            )
        if follows_up and top_key != (previous.clause_key if previous else None):
            # "这政策能用几年" after a measure: about the policy, found however weakly.
            follows_up = not self.follow_up.names_the_policy(question)
        # "那数据资产入表呢？" after a cross-border question: weak on the whole policy, but it names another
        # clause's measure by that measure's own words — a new topic, whatever it states the one before reads.
        names_another = (
            before is not None
            and top_key is not None
            and top_key != (before.doc_id, before.clause_id)
            and self.measures.names_another(
                question,
                before,
                top_key,
                self.follow_up.another_measure_score,
                self.follow_up.another_measure_ratio,
            )
        )
        follows_up = follows_up and not names_another
        if (
            not follows_up
            and before is not None
            and not names_another
            and (self.follow_up.opens_follow_up(question) or self.follow_up.only_states(question))
            # "那我们的可信数据空间评上了国家级试点…" names another measure strongly: a new topic.
            and (top is None or top.bm25 < self.follow_up.segment_bm25)
        ):
            follows_up = bool(self._read(before, question))
        if (
            not follows_up
            and before is not None
            and previous is not None
            and not names_another
            and _takes_back(previous.inputs, self._read(before, question))
            and (
                self.follow_up.only_states(question)
                or not any(
                    self.measures.named_apart(question, rule, before)
                    for rule in (self.measures.of_clause(*top_key) if top_key else [])
                    if rule.id != before.id
                )
            )
        ):
            # "现在已经在三个场景落地推广了(，能拿多少？)" after "还没做推广": what was said of the measure, now said
            # otherwise, however strongly its words find another clause (第四条（二）'s 场景落地) — unless a question
            # names that clause's measure by a word of its title the measure before lacks ("另外示范应用场景奖励
            # 能拿多少": 示范).
            follows_up = True
        if (
            not follows_up
            and before is not None
            and top_key is not None
            and not names_another
            # A stacking question answers with the measure before anyway ("两边能重复拿吗").
            and top_key[1] not in self.follow_up.about_measures
            and any(_key(hit) == (before.doc_id, before.clause_id) for hit in hits[:_NEXT_HITS_SEARCHED])
            and not any(score > 0 for _, score in self.measures.scored(question, *top_key))
        ):
            # "用数据知识产权融资的也行吗" after the financing measure: its words find another clause first
            # (数据知识产权登记), but no measure there, while the measure before reads what it states.
            follows_up = bool(self._read(before, question))
        states = follows_up and before is not None and bool(self._read(before, question))
        decision = self.scope.judge(question, vector, follows_up, states)
        if decision.decision != "refused" and (sentences := self.scope.sentences(question)):
            # Each sentence judged alone too, with its own vector: an instruction put after a genuine question.
            embed = self.retriever.vectors.embedder.embed_query if self.retriever.vectors else None
            if embed is not None:
                decision = self.scope.refused_sentence([(s, embed(s)) for s in sentences]) or decision
        if decision.decision != "refused" and asked is not None and asked != question:
            # A request against the rules is judged in the user's own words too: the speller reads by
            # sound and may take a word of it for a policy term ("这个时先写已获得" is not 时限).
            written = self.scope.decide(asked)
            if written.decision == "refused":
                decision = written
        if (
            decision.decision == "in_scope"
            or (decision.decision == "refused" and decision.reason.startswith("classifier"))
            or (
                decision.decision == "out_of_scope"
                and decision.reason.startswith("topic")
                and not _ANOTHER_TEXTS_ARTICLE.search(question)
            )
        ) and (missing := missing_references(question, [clause_id for _, clause_id in self._clauses])):
            # "第十条（四）写了外区企业可按X%申请，是吧？": a clause the policy does not have is not confirmed,
            # nor its content made up — and a refusal by the classifier says which it lacks (a list's keeps
            # its own reply: a request against the rules is refused as such). So too when what the clause is
            # said to give is a subject of its own ("按照第十一条，首年房租全免"): the clause is the claim.
            decision = ScopeDecision("refused", f"names what the policy lacks: {missing}", tuple(missing))
        # The clause a supposed figure is checked against: the one the question names by number, else the one
        # whose award it names ("标准奖励那个300万其实是每年300万吧" — not 第三条（一）, which 每年 finds first).
        about = next((hit for hit in hits if hit.referenced), None) or (
            self._owner_of(self.follow_up.awards_named(question), top, hits) if top is not None else None
        )
        if decision.decision == "in_scope" and (lacking := self._figures_the_policy_lacks(question, about)):
            # "假设每项备案奖励是200万，5项能拿多少": a figure the policy does not give is not computed with.
            decision = ScopeDecision("refused", f"supposes figures the policy lacks: {lacking}")
        if (
            decision.decision == "in_scope"
            and previous is None
            and hits
            # "第七条讲啥", "第三条总的方向是什么" name a clause, though they share no word with it.
            and not any(hit.referenced for hit in hits)
            and self.scope.unrelated(max(h.bm25 for h in hits), max(h.dense for h in hits))
        ):
            decision = ScopeDecision("out_of_scope", "nothing in the policy near it")
        return hits, previous, follows_up, decision

    def _figures_the_policy_lacks(self, question: str, top: Hit | None) -> list[str]:
        """The figures the question supposes that the measures of the clause it is about do not give (any
        rule's, for a clause without measures): "假设每项备案奖励是200万" — 200万 is another measure's."""
        rules = (self.measures.of_clause(*_key(top)) if top is not None else []) or list(self._rules.values())
        yuan = {amount for rule in rules for amount in rule.amounts_yuan()}
        rates = {Fraction(rate) for rule in rules if (rate := rule.rate_value) is not None}
        clause = self._clauses.get(_key(top)) if top is not None else None
        texts = [clause.text] if clause is not None else [c.text for c in self._clauses.values()]
        lacking = []
        for figure in self.scope.supposed_figures(question):
            if shares := find_shares(figure):
                if any(share.value not in rates for share in shares):
                    lacking.append(figure)
            elif amounts := find_amounts(figure):
                if any(amount.yuan not in yuan for amount in amounts):
                    lacking.append(figure)
            elif not _said_in(figure, texts):
                lacking.append(figure)
        return lacking

    def _with_other_measures(
        self,
        draft: Draft,
        question: str,
        previous: Topic | None,
        fresh: bool = False,
        alike: Sequence[Rule] = (),
        earlier: tuple[Topic, Calculation | None] | None = None,
        stated: Calculation | None = None,
    ) -> Draft:
        """`draft` with every other measure the question names (or, for a general clause, the measure
        asked about before): their caps and conditions, and their figure when the part of the question
        naming it gives what it needs — the reply's calculation if the draft has none, else kept as
        `supporting` for the guard. Each measure reads its figures only from its
        own part of the question: "活动花了X万，另外基础设施投资Y万" gives the second sum to neither.
        A question asking what they come to together also gets their total; with `earlier` (the latest other
        measure the conversation answered) that measure is added in too ("另一个项目评上了典型案例，两个加起来
        多少")."""
        found, main_parts, caps_only = self._other_measures(question, draft)
        # Each part of the question belongs to the measure named last before it (or in it): another
        # measure's from the part naming it, the main one's from a part finding its clause ("…活动花了X万；
        # 另外建的可信数据空间评上国家级试点，投资Y万" gives Y to the pilot measure). Parts
        # before any is named belong to the first named, the main one when none is.
        parts = _SEGMENT.split(question)
        anchors = {index: index for _, _, index in found}
        anchors.update({index: -1 for index in main_parts if index not in anchors})
        first = anchors[min(anchors)] if anchors else -1
        owner = [
            anchors[max((i for i in anchors if i <= n), default=-1)]
            if any(i <= n for i in anchors)
            else first
            for n in range(len(parts))
        ]

        def text_of(index: int) -> str:
            return "，".join(part for n, part in enumerate(parts) if owner[n] == index)

        others: list[tuple[Rule, Clause, str | None]] = [
            (r, c, None if r.id in caps_only else text_of(i)) for r, c, i in found
        ]
        main_rule = self._rules.get(draft.topic.rule_id or "") if draft.topic else None
        if fresh and found and main_rule is not None and draft.citations:
            rest = text_of(-1)
            draft = self._about(
                main_rule, self._read_whole(main_rule, rest), draft.citations[0], set(draft.retrieved), rest
            )
        general = draft.citations[0].clause_id if draft.citations and draft.calculation is None else None
        if (
            previous is not None
            and previous.rule_id in self._rules
            and general in self.follow_up.about_measures
        ):
            # The measure asked about before, re-chosen within its clause by this question's words.
            clause = self._clauses.get(previous.clause_key)
            rule = self._rules[previous.rule_id]
            scored = self.measures.scored(question, *previous.clause_key)
            previous_score = next((score for r, score in scored if r.id == rule.id), 0.0)
            best, best_score = scored[0] if scored else (rule, 0.0)
            # Only a question that names another measure of that clause moves to it.
            if best_score > max(previous_score, self.follow_up.weak_bm25) and best.kind != "no_figure":
                rule = best
            if clause is not None and all(r.id != rule.id for r, _, _ in others):
                # Its caps only: the question is about the general clause, and a figure in it ("再拿3个")
                # may add to the earlier ones rather than replace them.
                others.append((rule, clause, None))
        clause_of = {rule.id: self._clauses.get((rule.doc_id, rule.clause_id)) for rule in alike}
        listed = {rule.id for rule, _, _ in others}
        also = [
            (rule, clause, None) for rule in alike if (clause := clause_of[rule.id]) and rule.id not in listed
        ]
        others = [*also, *others]
        total_asked = self.follow_up.asks_total(question)
        if (
            total_asked
            and main_rule is not None
            and (case := self._case_before(question, main_rule, draft, stated))
        ):
            draft = self._with_case_before(draft, main_rule, case)
        before = self._earlier_award(earlier, main_rule, others) if total_asked else None
        if not others and before is None:
            return draft
        answer, citations, calculation = draft.answer, list(draft.citations), draft.calculation
        supporting = list(draft.supporting)
        retrieved = set(draft.retrieved)
        cap_note = self.calculator.book.notes["cap"]
        # Each measure's award for a total: the one worked out, or the one its words name when the question
        # gives nothing more ("另一个项目评上了典型案例" — a measure with one cap and no condition unsettled).
        awards: list[Calculation | None] = []
        named_only: list[Calculation] = []  # awards the answer states only in the total
        worked: list[Calculation] = []  # the other measures' awards worked out here
        if total_asked and main_rule is not None:
            # Only the award this answer works out — or, for a measure that asks nothing, its cap: a condition
            # the question left open is not taken as met for a sum.
            # A follow-up stating nothing of its own: the award the answer before worked out (`stated`).
            # Not when this question says anything of the measure: "推广的事还在商量，两个加起来多少"
            # puts the earlier award in doubt.
            says_nothing = not self._read(main_rule, question) and not undecided_inputs(main_rule, question)
            main_award = (
                draft.calculation
                or (
                    stated
                    if stated is not None
                    and stated.rule_id == main_rule.id
                    and stated.eligible
                    and says_nothing
                    else None
                )
                or (None if main_rule.inputs else self._award_named(main_rule, {}, ()))
            )
            awards.append(main_award)
            if main_award is not None and draft.calculation is None:
                named_only.append(main_award)
        if before is not None:
            awards.append(before[2])
            named_only.append(before[2])
        # Whether awards stack, asked without asking how much and without the user's figures ("…既按数据集
        # 又按语料库申请，能叠加拿吗"): the measures' caps and conditions, no award worked out from conditions alone.
        caps_asked = general in self.follow_up.about_measures and not self.follow_up.asks_how_much(question)
        for rule, clause, part in others:
            citation = cite_clause(clause, rule.quote)
            said = self._read_whole(rule, part) if part is not None else {}
            undecided = undecided_inputs(rule, part) - set(said) if part is not None else set()
            if caps_asked and not any(type(value) is int for value in said.values()):
                said, undecided = {}, set()
            text, computed = self._measure(rule, said, citation, undecided)
            if total_asked:
                # A measure listed without a part of its own (the one asked about before a stacking
                # question) has only its caps here: what was said of it is not read again.
                named = computed or (self._award_named(rule, said, undecided) if part is not None else None)
                awards.append(named)
                if named is not None and computed is None:
                    named_only.append(named)
            # Each measure's own figure is worked out from its own part; the reply's calculation is the
            # first one, the others stand behind the figures the answer states for them.
            if computed is not None and calculation is None:
                calculation = computed
            elif computed is not None:
                supporting.append(computed)
            if computed is not None and computed.eligible and computed.amount_yuan > 0:
                worked.append(computed)
            if cap_note in answer:
                text = text.replace(cap_note, "")
            answer += self._t("alike" if any(rule is r for r, _, _ in also) else "also", text=text)
            if all((c.doc_id, c.clause_id) != (clause.doc_id, clause.clause_id) for c in citations):
                citations.append(citation)
            retrieved.add((clause.doc_id, clause.clause_id))
        totals = list(draft.totals)
        stacked = (
            self._total(question, worked)
            if general in self.follow_up.about_measures and not total_asked and len(worked) > 1
            else None
        )
        if stacked is not None:
            # "两个奖都能拿吗" with two awards worked out: their sum as different projects, and the highest as
            # one project gets it (第十条（二）) — the highest is the reply's figure.
            text, total = stacked
            answer += text
            totals.append(total)
            highest = max(worked, key=lambda award: award.amount_yuan)
            supporting = [c for c in [*supporting, calculation] if c is not None and c is not highest]
            calculation = highest
        added = self._total(question, awards) if total_asked else None
        if added is not None:
            text, total = added
            answer += text
            totals.append(total)
            supporting += named_only
            if before is not None:
                # The measure answered before, added in: cited, so the guard lets its figure stand.
                rule, clause, _ = before
                if all((c.doc_id, c.clause_id) != (clause.doc_id, clause.clause_id) for c in citations):
                    citations.append(cite_clause(clause, rule.quote))
                retrieved.add((clause.doc_id, clause.clause_id))
        return Draft(
            answer,
            citations,
            calculation,
            draft.status,
            retrieved,
            draft.topic,
            draft.engine,
            supporting,
            totals,
        )

    def _measure_before(
        self, question: str, history: Sequence[Turn], draft: Draft
    ) -> tuple[Topic, Calculation | None] | None:
        """The measure answered before that a total asked now adds in, if the question adds one — not when
        this turn's measure has as many items of its own as the question counts, or several and it counts
        none ("那再加一项行业标准，两个加起来多少")."""
        topic = draft.topic
        if not self.follow_up.adds_earlier(question) or topic is None:
            return None
        rule = self._rules.get(topic.rule_id or "")
        count = topic.inputs.get(rule.count_input) if rule is not None and rule.count_input else None
        own = max(len(topic.items), count if isinstance(count, int) else 0)
        said = self.follow_up.counted_total(question)
        # "两个加起来" with two standards of its own; with four filings, "两个" are two measures.
        if own > 1 and (said is None or said == own):
            return None
        return _latest_other_measure(history, draft)

    def _total(self, question: str, awards: Sequence[Calculation | None]) -> tuple[str, Plan] | None:
        """The sentence giving what the measures' awards come to, and the calculator's total behind it; None
        when one has no figure, when one is a year's award of a run (what would the sum be of?), or when the
        question counts more or fewer things than there are ("这三个加起来" with two measures)."""
        counted = [award for award in awards if award is not None and award.eligible and award.amount_yuan]
        if len(counted) < 2 or len(counted) != len(awards):
            return None
        if any(self._full_run.match(note) for award in counted for note in award.notes):
            return None
        said = self.follow_up.counted_total(question)
        if said is not None and said != len(counted):
            return None
        if self.follow_up.says_same_project(question):
            # One project fitting several measures gets the highest (第十条（二）): no sum.
            total = self.calculator.total(counted, project=self.follow_up.same_project_name)
            kept = max(total.items, key=lambda item: item.counted_yuan)
            text = self._t("total_same_project", title=kept.calculation.title, amount=kept.counted_text)
            return text, total
        total = self.calculator.total(counted)
        key = "total_capped" if any(award.capped for award in counted) else "total"
        # Titles have 、 of their own ("智能化、低碳化改造支持"): the items are set apart by the template's mark.
        items = str(self.templates["total_separator"]).join(
            self._t("total_item", title=i.calculation.title, amount=i.counted_text) for i in total.items
        )
        return self._t(key, items=items, total=total.total_text), total

    def _case_before(
        self, question: str, rule: Rule, draft: Draft, stated: Calculation | None
    ) -> Calculation | None:
        """The award worked out just before for another case of this turn's measure ("还有一场也是市级部门主办
        的，投入X万，两场合计多少"), for a measure paid as a share of each case's cost."""
        now = draft.calculation
        if rule.kind != "rate" or now is None or stated is None:
            return None
        if not self.follow_up.names_another_case(question):
            return None
        # "两场加起来投入500万": the figure said is both cases' together, and this turn's award already theirs.
        if self.follow_up.states_total_amount(question):
            return None
        same = stated.rule_id == rule.id == now.rule_id
        return (
            stated
            if same and stated.eligible and now.eligible and stated.amount_yuan and now.amount_yuan
            else None
        )

    def _with_case_before(self, draft: Draft, rule: Rule, before: Calculation) -> Draft:
        """`draft` with the two cases' total, when it stays within the measure's cap; past it, what the sum is
        turns on whether the cap is per case or per unit, which the policy does not say."""
        now = draft.calculation
        assert now is not None and rule.cap is not None
        cap = rule.cap_yuan
        if cap is not None and before.amount_yuan + now.amount_yuan > cap:
            return replace(draft, answer=draft.answer + self._t("cases_over_cap", cap=rule.cap))
        total = self.calculator.total([before, now])
        first, second = (item.counted_text for item in total.items)
        text = self._t("total_cases", total=total.total_text, before=first, now=second, cap=rule.cap)
        return replace(
            draft,
            answer=draft.answer + text,
            supporting=[*draft.supporting, before],
            totals=[*draft.totals, total],
        )

    def _earlier_award(
        self,
        earlier: tuple[Topic, Calculation | None] | None,
        main_rule: Rule | None,
        others: Sequence[tuple[Rule, Clause, str | None]],
    ) -> tuple[Rule, Clause, Calculation] | None:
        """The award of the measure answered before (one of the last two answers), when this turn asks about
        another one: the award that answer worked out — or, for a measure that asks nothing, its cap. Never
        one worked out anew from what was said then, where a condition left open would count as met."""
        if earlier is None:
            return None
        topic, stated = earlier
        if topic.rule_id is None or topic.rule_id not in self._rules:
            return None
        if (
            main_rule is None
            or topic.rule_id == main_rule.id
            or any(r.id == topic.rule_id for r, _, _ in others)
        ):
            return None
        rule, clause = self._rules[topic.rule_id], self._clauses.get(topic.clause_key)
        if stated is not None and stated.rule_id == rule.id and stated.eligible and stated.amount_yuan:
            award: Calculation | None = stated
        else:
            award = None if rule.inputs else self._award_named(rule, {}, ())
        return (rule, clause, award) if clause is not None and award is not None else None

    def _award_named(
        self, rule: Rule, values: dict[str, InputValue], undecided: Collection[str]
    ) -> Calculation | None:
        """The award of a measure the user says they have, from what they said of it, when nothing it
        needs is missing or unsettled and it is due: its cap, with unsaid yes/no conditions taken as met."""
        if rule.kind == "no_figure" or self._gaps(rule, values, undecided) != ([], []):
            return None
        values = dict(values)
        self._assume_conditions(rule, values)
        try:
            award = self.calculator.calculate(rule.id, values)
        except InvalidInputError:
            return None
        return award if award.eligible and award.amount_yuan else None

    def _other_measures(
        self, question: str, draft: Draft
    ) -> tuple[list[tuple[Rule, Clause, int]], list[int], set[str]]:
        """Measures other than the draft's that a part of the question finds strongly on its own — in
        another clause, or another measure of the same clause ("既做评估服务，又推出了保险产品") — with the
        part each starts at; the parts that find the draft's own clause; and the measures a stacking
        question only names, listed with their caps: what it says of them is said in passing ("我们已经拿了
        算力券"), not a case to work out."""
        found: list[tuple[Rule, Clause, int]] = []
        caps_only: set[str] = set()
        main_parts: list[int] = []
        cited = {(c.doc_id, c.clause_id) for c in draft.citations}
        taken = {draft.topic.rule_id} if draft.topic and draft.topic.rule_id else set()
        main_rule = self._rules.get(draft.topic.rule_id or "") if draft.topic else None
        segment_needed = self.follow_up.segment_needed(question)
        # A question saying it asks about several things ("两项分别…") lists a part naming another clause's
        # measure by that measure's own words, however weakly the part finds it on the whole policy.
        says_several = self.follow_up.says_several(question)
        # A question answered from the clause on stacking is about the measures its parts name ("我们已经拿了
        # 算力券，数据资产入表还能拿吗"), however weakly a part finds its measure's clause.
        stacking = (
            main_rule is None
            and bool(draft.citations)
            and draft.citations[0].clause_id in self.follow_up.about_measures
        )
        for index, part in enumerate(_SEGMENT.split(question)):
            if len(part.strip()) < self.follow_up.min_segment_chars:
                continue
            if stacking and any(word in part for word in self.follow_up.stacked_skip_words):
                continue  # who the asker is, or what it has not done: no measure asked about
            # Past the clause on stacking, which a part's words about having been paid ("后来又拿了…") find
            # first, whatever measure the part names.
            hits = self.retriever.search(part, k=_PART_HITS, mode="bm25")
            hit = next((h for h in hits if h.clause.clause_id not in self.follow_up.about_measures), None)
            if hit is None:
                continue
            key, bm25 = _key(hit), hit.bm25
            in_main_clause = main_rule is not None and key == (main_rule.doc_id, main_rule.clause_id)
            if in_main_clause and bm25 >= self.follow_up.same_clause_bm25:
                main_parts.append(index)
            # Within the clause already answered a short part may name a measure; the named-word check
            # below keeps it from adding one by words the main measure shares.
            needed = self.follow_up.same_clause_bm25 if in_main_clause else segment_needed
            # A part naming another clause's measure by that measure's own words is one of the things asked
            # about when the question says it asks about several (above), or when the main measure has no
            # figure ("数据知识产权登记…，另外用数据资产质押贷了500万"), however weakly it finds that clause.
            named = (
                (says_several or (main_rule is not None and main_rule.kind == "no_figure"))
                and not in_main_clause
                and main_rule is not None
                and self.measures.names_another(
                    part,
                    main_rule,
                    key,
                    self.follow_up.another_measure_score,
                    self.follow_up.another_measure_ratio,
                )
            )
            if bm25 < min(needed, segment_needed) and not named:
                continue
            scored = self.measures.scored(part, *key)
            if not scored:
                continue  # a clause without an award (第一条, 第十条 …) is not another measure
            # Chosen as a question about the clause alone would be: words two measures share ("全国总决赛
            # 一等奖" is in both contest measures) leave it to what the part states.
            chosen = self.measures.choose(
                part, *key, self._stated_in(part), lambda rule: False, self.follow_up.near_share
            )[0]
            rule, score = next((r, s) for r, s in scored if r is chosen)
            # A part the main measure reads more of than this one describes the main measure's case
            # ("已在场景里推广应用"); "承接了国家数据局主办的活动" reads as much for the events measure.
            # Not when the part names the other measure by its own words far more than the main one's.
            main_reads = len(self._read(main_rule, part)) if main_rule is not None else 0
            if main_reads > len(self._read(rule, part)) and not named:
                continue
            # In a clause already cited, only a measure the part names by its own words is another one:
            # words the main measure has too ("交易所", "数据") describe the main measure's case; so does a part
            # naming the main measure by its title and the other by none ("可信数据空间只评上了北京市级试点" has
            # 北京市 of the retrofit measure's funding).
            same_clause_unnamed = key in cited and (
                len(scored) < 2
                or score <= 0
                or (
                    in_main_clause
                    and main_rule is not None
                    and (
                        not self.measures.only_in(part, rule, main_rule)
                        or (
                            bool(self.measures.named_apart(part, main_rule, rule))
                            and not self.measures.named_apart(part, rule, main_rule)
                        )
                    )
                )
            )
            if rule.id in taken or rule.kind == "no_figure" or same_clause_unnamed:
                continue
            taken.add(rule.id)
            found.append((rule, hit.clause, index))
        if stacking:
            # A part, or a piece of one ("算力券和数据资产入表奖励能一起拿吗"), naming a measure by its own words,
            # however weakly it finds the measure's clause ("我们已经拿了算力券" finds 第十条（二） first); listed
            # in the order the question names them.
            named_at: dict[str, tuple[int, int]] = {}
            for index, part in enumerate(_SEGMENT.split(question)):
                offset = 0
                for piece in _JOINED.split(part):
                    offset = part.find(piece, offset)
                    named_rule = self._stacked_measure(piece)
                    if named_rule is None:
                        continue
                    named_at.setdefault(named_rule.id, (index, offset))
                    its_clause = self._clauses.get((named_rule.doc_id, named_rule.clause_id))
                    if its_clause is None or named_rule.id in taken or named_rule.kind == "no_figure":
                        continue
                    taken.add(named_rule.id)
                    found.append((named_rule, its_clause, index))
                    caps_only.add(named_rule.id)
            found.sort(key=lambda item: named_at.get(item[0].id, (item[2], 0)))
        return found, main_parts, caps_only

    def _stacked_measure(self, part: str) -> Rule | None:
        """The measure a part of a stacking question names by its own words, if any."""
        if len(part.strip()) < _NAME_CHARS or any(word in part for word in self.follow_up.stacked_skip_words):
            return None
        return self.measures.named(
            part, self.follow_up.stacked_measure_score, self.follow_up.stacked_title_score
        )

    def _stated_in(self, part: str) -> Callable[[Rule], int]:
        """How many of a rule's inputs `part` states."""
        return lambda rule: len(self._read(rule, part))

    def _continue(
        self,
        question: str,
        previous: Topic,
        hits: list[Hit],
        retrieved: set[ClauseKey],
    ) -> Draft | None:
        """The previous answer's measure again, with what this question adds; None when it cannot be
        continued (its rule is gone after a policy update, or it had no measure and is not retrieved)."""
        hit = next((h for h in hits if _key(h) == previous.clause_key), None)
        rule = self._rules.get(previous.rule_id or "")
        if rule is None or (rule.doc_id, rule.clause_id) != previous.clause_key:
            if hit is None:
                return None
            answer = self._t("clause", label=self._label(cite(hit)), quote=_sentence_body(hit.quote_text))
            return Draft(answer, [cite(hit)], None, "answered", retrieved, Topic(*previous.clause_key))
        # The session carried this clause here: it counts as retrieved for the turn.
        retrieved = retrieved | {previous.clause_key}
        clause = hit.clause if hit else self._clauses.get(previous.clause_key)
        if clause is None:
            return None
        scored = self.measures.scored(question, *previous.clause_key)
        said_before = dict(previous.inputs)
        best, best_score = scored[0] if scored else (rule, 0.0)
        previous_score = next((score for r, score in scored if r.id == rule.id), 0.0)
        if best.id != rule.id and previous_score < self.follow_up.near_share * best_score:
            # The question may name another measure of the same clause: by a word only that one has
            # ("那北京分赛一等奖呢？", "那评估机构呢？"), or by stating more for it. Not when its words score
            # close to the one asked about, nor when it states at least as much for that one with words
            # both share ("那国家级的呢？" gives the level of the funding asked about before).
            kept = len(self._read(rule, question))
            # A figure the measure asked about reads stays with it beside one word only a measure without a
            # figure has ("又加了两场分论坛，总投入变成了900万" is the events measure's spending); not beside
            # that measure's own name ("在金融街论坛上做个分享，花了20万" asks about the forum platforms).
            only = self.measures.only_in(question, best, rule)
            # Nor when it names the measure asked about by a word of that one's own title ("改造投资2亿，按10%
            # 算是不是能给2000万" after the retrofit measure is still about the retrofit, whatever the pilot
            # measure's rate and investment words read).
            if (
                (only and not (kept and best.kind == "no_figure" and len(only) == 1))
                or not kept
                or len(self._read(best, question)) > kept
            ) and not self._named_only(question, rule, best):
                rule, said_before = best, {}
        # The measure kept reads nothing of this question while a near one of its clause does ("我们拿了
        # 全国一等奖" after the 北京分赛 measure): the question states that one's case.
        if not self._read(rule, question):
            near = [
                r
                for r, score in scored
                if r.id != rule.id and score > 0 and score >= self.follow_up.near_share * best_score
            ]
            reading = [r for r in near if self._read(r, question) and not self._named_only(question, rule, r)]
            if reading:
                rule, said_before = reading[0], {}
        # What this question puts in doubt ("是不是首次我也不确定") no longer counts as said.
        for name in undecided_inputs(rule, question):
            said_before.pop(name, None)
        now = read_inputs(rule, question, self._money_cues, known=said_before)
        said = merge_inputs(rule, said_before, now, question, self.follow_up)
        citation = cite_clause(clause, rule.quote)
        if rule.id == previous.rule_id:
            # Items on top of those before ("还有两个行业标准…加起来"), or one of several corrected.
            doubted = undecided_inputs(rule, question)
            earlier = [
                {name: value for name, value in item.items() if name not in doubted}
                for item in (list(previous.items) or ([dict(previous.inputs)] if previous.inputs else []))
            ]
            now_items = read_items(rule, question, self._money_cues) or ([now] if now else [])
            items = merge_items(rule, earlier, now_items, question, self.follow_up)
            if items is not None and len(items) > 1:
                return self._about(rule, said, citation, retrieved, question, items=items)
            if items:
                said = items[0]
        # "加起来多少" after "每年给多少": the whole run of years for the case said before.
        asks_total = any(w in question for w in TOTAL_WORDS) and any(
            w in question for w in self.follow_up.amount_words
        )
        if not now and rule.years_input and said and asks_total:
            said.pop(rule.years_input, None)
            return self._about(rule, said, citation, retrieved, question)
        # A follow-up that states nothing for the measure ("那我们自己办的呢？" in words the rules do not
        # know) gets its caps, not the earlier figure again as if it answered the new case — unless all
        # it asks is the amount again ("那一共能拿多少？").
        again = rule.id == previous.rule_id and self.follow_up.only_asks_amount(question)
        return self._about(rule, said, citation, retrieved, question, compute=bool(now) or again)

    def _about(
        self,
        rule: Rule,
        said: dict[str, InputValue],
        citation: Citation,
        retrieved: set[ClauseKey],
        question: str,
        compute: bool = True,
        items: Sequence[dict[str, InputValue]] | None = None,
    ) -> Draft:
        # The rule's own words are the sentence the answer rests on (verbatim in the clause: drift check).
        citation = citation.model_copy(update={"quote": rule.quote})
        if self.follow_up.asks_not_how_much(question):
            compute = False  # "能连着拿几年", "怎么领": the measure's words answer it, not a worked-out award
        if items is None:
            items = read_items(rule, question, self._money_cues)
        if compute and len(items) > 1:
            answer, calculation = self._measure_items(rule, items, citation, undecided_inputs(rule, question))
            topic = Topic(rule.doc_id, rule.clause_id, rule.id, said, tuple(items))
            return Draft(answer, [citation], calculation, "answered", retrieved, topic)
        undecided = undecided_inputs(rule, question) - set(said)
        if compute and rule.base is not None and rule.base.input not in said:
            cases = read_cases(rule, question, self._money_cues)
            if len(cases) > 1:
                answer, calculation, each = self._measure_cases(rule, said, cases, citation, undecided)
                topic = Topic(rule.doc_id, rule.clause_id, rule.id, said)
                return Draft(answer, [citation], calculation, "answered", retrieved, topic, supporting=each)
        years = said.get(rule.years_input or "")
        if (
            rule.years_input
            and type(years) is int
            and rule.years_value is not None
            and years > rule.years_value
            and any(word in question for word in rule.input(rule.years_input).one_words)
        ):
            # "连续5年的话每年能拿多少": one year's award asked, past a run longer than the policy's.
            said = {**said, rule.years_input: 1}
        answer, calculation = self._measure(rule, dict(said) if compute else {}, citation, undecided)
        topic = Topic(rule.doc_id, rule.clause_id, rule.id, said)
        return Draft(answer, [citation], calculation, "answered", retrieved, topic)

    def _measure_items(
        self,
        rule: Rule,
        items: Sequence[dict[str, InputValue]],
        citation: Citation,
        undecided: Collection[str] = (),
    ) -> tuple[str, Calculation | None]:
        """Several items of one measure ("国家标准排第二，行业标准排第一"): each item's award, added up to the
        per-unit total; what an item lacks is asked for, naming the item."""
        caps = self._t("caps", label=self._label(citation), quote=_sentence_body(rule.quote))
        cap_note = self.calculator.book.notes["cap"]
        unclear = [
            rule.input(c.input).label
            for c in rule.conditions
            if c.input in undecided and any(c.input not in item for item in items)
        ]
        if unclear:
            # The question speaks about a condition without settling it: never taken as met.
            conditions = self._join(list(dict.fromkeys(unclear)))
            return f"{caps}{self._t('unclear', conditions=conditions)}{cap_note}", None
        filled: list[dict[str, InputValue]] = []
        assumed: list[str] = []
        missing: list[str] = []
        left_out: list[str] = []
        for item in items:
            values = dict(item)
            kind = values.get(str(rule.items_by), "")
            lacking = [i for i in rule.inputs if i.required and i.name not in values]
            if kind and lacking and (reasons := unmet_reasons(rule, values)):
                # "另外两项国家标准还在报批，没公布": nothing for that item, whatever else it lacks (an item
                # said in full is the calculator's, which shows it at 0).
                left_out.append(self._t("item_left_out", kind=kind, reason=reasons[0]))
                continue
            assumed += self._assume_conditions(rule, values)
            missing += [
                self._t("item_input", kind=kind, label=i.label) if kind else i.label
                for i in rule.inputs
                if i.required and i.name not in values
            ]
            filled.append(values)
        excluded = "".join(left_out)
        if missing:
            return f"{excluded}{caps}{self._t('ask', missing=self._join(missing))}", None
        if not filled:
            body = self._t("ineligible", title=rule.title, reason=self._t("no_item_eligible"))
            return f"{body}{excluded}{caps}", None
        try:
            calculation = self.calculator.calculate_items(rule.id, list(filled))
        except InvalidInputError as error:
            return f"{caps}{self._t('not_computed', reason=error.message)}", None
        if not calculation.eligible:
            body = self._t("ineligible", title=rule.title, reason=self._t("no_item_eligible"))
            return f"{body}{caps}", calculation
        key = "computed_capped" if calculation.capped else "computed"
        body = self._t(key, title=rule.title, amount=calculation.amount_text)
        body += self._t("items", steps="；".join(calculation.steps)) + excluded
        if assumed:
            body += self._t("assumed", conditions=self._join(list(dict.fromkeys(assumed))))
        return f"{body}{caps}{cap_note}", calculation

    def _measure_cases(
        self,
        rule: Rule,
        said: dict[str, InputValue],
        cases: Sequence[int],
        citation: Citation,
        undecided: Collection[str],
    ) -> tuple[str, Calculation | None, list[Calculation]]:
        """Several cases of a measure paid as a share of each case's cost, each with its own cost and what
        else the question says of them all: their sum while it stays within the cap (the calculator's), each
        case's award past it. What the first case lacks or fails, every case does: that answer stands."""
        assert rule.base is not None
        base = rule.base.input
        answer, first = self._measure(rule, {**said, base: cases[0]}, citation, undecided)
        if first is None or not first.eligible:
            return answer, first, []
        values = dict(said)
        assumed = self._assume_conditions(rule, values)
        inputs: list[object] = [{**values, base: cost} for cost in cases]
        try:
            each = [self.calculator.calculate(rule.id, case) for case in inputs]
            total = self.calculator.calculate_cases(rule.id, inputs)
        except InvalidInputError as error:
            caps = self._t("caps", label=self._label(citation), quote=_sentence_body(rule.quote))
            return f"{caps}{self._t('not_computed', reason=error.message)}", None, []
        caps = self._t("caps", label=self._label(citation), quote=_sentence_body(rule.quote))
        cap_note = self.calculator.book.notes["cap"]
        noted = self._t("assumed", conditions=self._join(assumed)) if assumed else ""
        if total is None:
            steps = "；".join(
                self._t("total_item", title=f"第{number}项", amount=case.amount_text)
                for number, case in enumerate(each, start=1)
            )
            body = self._t("cases_each", steps=steps) + self._t("cases_over_cap_each", cap=rule.cap)
            return f"{body}{noted}{caps}{cap_note}", None, each
        body = self._t("computed", title=rule.title, amount=total.amount_text)
        body += self._t("items", steps="；".join(total.steps)) + self._t("cases_total", cap=rule.cap)
        return f"{body}{noted}{caps}{cap_note}", total, []

    def _measure(
        self,
        rule: Rule,
        values: dict[str, InputValue],
        citation: Citation,
        undecided: Collection[str] = (),
    ) -> tuple[str, Calculation | None]:
        if rule.kind == "no_figure":
            quote = _sentence_body(rule.quote)
            return self._t("no_figure", label=self._label(citation), quote=quote, title=rule.title), None
        caps = self._t("caps", label=self._label(citation), quote=_sentence_body(rule.quote))
        cap_note = self.calculator.book.notes["cap"]
        conditions = [rule.input(c.input).label for c in rule.conditions if c.equals is True]
        required = self._t("conditions", conditions=self._join(conditions)) if conditions else ""
        if not values:
            # Nothing said about this measure: its caps and conditions, not an award worked out for
            # circumstances the user never described.
            return f"{caps}{required}{cap_note}", None
        unclear, missing = self._gaps(rule, values, undecided)
        if unclear:
            # The question speaks about a condition without settling it: never taken as met.
            return f"{caps}{required}{self._t('unclear', conditions=self._join(unclear))}{cap_note}", None
        assumed = self._assume_conditions(rule, values)
        if missing and (unmet := unmet_reasons(rule, values)):
            # A condition the question says is not met ("研究院牵头，我们是参与单位"): said, whatever else is missing.
            return f"{self._t('ineligible', title=rule.title, reason=unmet[0].rstrip('。'))}{caps}", None
        if missing:
            return f"{caps}{required}{self._t('ask', missing=self._join(missing))}", None
        # More years asked than the run has ("连续五年一共多少"): the run's years, and the answer says so.
        asked_years = values.get(rule.years_input or "")
        longest = rule.years_value
        over_run = type(asked_years) is int and longest is not None and asked_years > longest
        if over_run and longest is not None:
            values = {**values, str(rule.years_input): longest}
        try:
            calculation = self.calculator.calculate(rule.id, values)
        except InvalidInputError as error:
            return f"{caps}{self._t('not_computed', reason=error.message)}", None
        if not calculation.eligible:
            reason = next((note for note in calculation.notes if note), "")
            body = self._t("ineligible", title=rule.title, reason=reason.rstrip("。"))
            return f"{body}{caps}", calculation
        key = "computed_capped" if calculation.capped else "computed"
        body = self._t(key, title=rule.title, amount=calculation.amount_text)
        # The calculator's note on a whole run of years when one year was asked for.
        run = [note for note in calculation.notes if self._full_run.match(note) or self._run_left.match(note)]
        if run:
            body += self._t("full_run", note=run[0])
        if over_run:
            body += self._t("years_over_run", asked=asked_years, years=longest)
        if assumed:
            body += self._t("assumed", conditions=self._join(assumed))
        return f"{body}{caps}{cap_note}", calculation

    @staticmethod
    def _gaps(
        rule: Rule, values: dict[str, InputValue], undecided: Collection[str]
    ) -> tuple[list[str], list[str]]:
        """What keeps an award from being worked out: conditions spoken of but unsettled, and inputs
        missing — required ones, or ones spoken of but not read ("还剩两年"), never taken from a default."""
        unclear = [
            rule.input(c.input).label
            for c in rule.conditions
            if c.input in undecided and c.input not in values
        ]
        # Unsaid yes/no conditions are taken as met (`_assume_conditions`), so never missing.
        assumed = {
            c.input for c in rule.conditions if c.equals is True and rule.input(c.input).type == "boolean"
        }
        missing = [
            item.label
            for item in rule.inputs
            if item.name not in values
            and item.name not in assumed
            and (
                (item.required and item.name != rule.years_input)
                or (item.name in undecided and not any(c.input == item.name for c in rule.conditions))
            )
        ]
        return unclear, missing

    def _read(self, rule: Rule, text: str) -> dict[str, InputValue]:
        return read_inputs(rule, text, self._money_cues)

    def _read_whole(self, rule: Rule, text: str) -> dict[str, InputValue]:
        """`_read` for a question that is all the user has said about the measure: a part said to come on
        top ("另外土建花了X万") grows its whole. (A follow-up's parts on top are added by merge_inputs.)"""
        return parts_on_top(rule, self._read(rule, text), text, self.follow_up)

    @staticmethod
    def _assume_conditions(rule: Rule, values: dict[str, InputValue]) -> list[str]:
        """Unsaid yes/no conditions are taken as met, and the answer says so: a cap with its condition
        is more use than a question back, and never a figure the policy does not give."""
        assumed = []
        for condition in rule.conditions:
            item = rule.input(condition.input)
            if item.type == "boolean" and condition.equals is True and item.name not in values:
                values[item.name] = True
                assumed.append(item.label)
        return assumed

    def _label(self, citation: Citation) -> str:
        return self._t("label", title=citation.title, clause_id=citation.clause_id)

    def _join(self, parts: list[str]) -> str:
        return str(self.templates["list_separator"]).join(parts)

    def _t(self, key: str, **values: object) -> str:
        return str(self.templates[key]).format(**values)


def _note_pattern(template: object) -> re.Pattern[str]:
    """A calculator note's template as a pattern matching its notes, the figures in it any text."""
    return re.compile(re.sub(r"\\\{\w+\\\}", ".+?", re.escape(str(template))) + "$")


def _answered_topics(history: Sequence[Turn]) -> list[Topic]:
    """The topics of every answer in `history` about a measure, latest first."""
    topics = (
        Topic.from_json(turn.topic)
        for turn in reversed(history)
        if turn.role == "assistant" and turn.status == "answered"
    )
    return [topic for topic in topics if topic is not None and topic.rule_id is not None]


def previous_topic(history: Sequence[Turn]) -> Topic | None:
    """The topic of the answer just before, if it was an answer about the policy — or of the answer before
    one turned away: "顺便问下，备案材料交到哪个网信办？" said in passing, "那如果年底再过一项呢？" goes
    back to the measure. Two turned away in a row end the topic."""
    replies = [turn for turn in reversed(history) if turn.role == "assistant"][:_TOPIC_REACH]
    for turn in replies:
        if turn.status == "answered":
            return Topic.from_json(turn.topic)
    return None


def _latest_other_measure(history: Sequence[Turn], draft: Draft) -> tuple[Topic, Calculation | None] | None:
    """The latest measure of the last two answers other than the one `draft` answers, with the award that
    answer worked out: what "两个加起来" adds it to, after "另外一个项目评为国家级试点示范，这个多少？" or one
    more turn on the same measure."""
    rule_id = draft.topic.rule_id if draft.topic else None
    return next(
        ((topic, stated) for topic, stated in _answered_measures(history) if topic.rule_id != rule_id), None
    )


def _stated_award(history: Sequence[Turn], draft: Draft) -> Calculation | None:
    """The award the last two answers worked out for the measure `draft` answers ("这两个加起来" continues the
    last one and states nothing of its own)."""
    rule_id = draft.topic.rule_id if draft.topic else None
    return next((stated for topic, stated in _answered_measures(history) if topic.rule_id == rule_id), None)


def _answered_measures(history: Sequence[Turn]) -> list[tuple[Topic, Calculation | None]]:
    """The measures of the last two answers, latest first, each with the award its answer worked out."""
    found = []
    for turn in [turn for turn in reversed(history) if turn.role == "assistant"][:_TOPIC_REACH]:
        topic = Topic.from_json(turn.topic) if turn.status == "answered" else None
        if topic is None or topic.rule_id is None:
            continue
        try:
            stated = Calculation.model_validate(turn.calculation) if turn.calculation else None
        except ValidationError:
            stated = None  # stored by another version of the calculator: not added up
        found.append((topic, stated if stated is not None and stated.rule_id == topic.rule_id else None))
    return found


def _takes_back(before: Mapping[str, InputValue], now: Mapping[str, InputValue]) -> bool:
    """Whether `now` says otherwise of a yes/no fact `before` stated."""
    return any(
        isinstance(value, bool) and isinstance(before.get(name), bool) and before[name] != value
        for name, value in now.items()
    )


def _turned_away_last(history: Sequence[Turn]) -> bool:
    last = next((turn for turn in reversed(history) if turn.role == "assistant"), None)
    return last is not None and last.status != "answered"


def _sentence_body(quote: str) -> str:
    """The quote without its closing full stop; the template closes the sentence after the quote mark."""
    return quote.rstrip("。；;")


def _said_in(figure: str, texts: Sequence[str]) -> bool:
    """Whether a clause says the ratio or period a question supposes: "连续三年" as 连续3年, "每年都能拿" as
    each year's award (每年); a ratio ("1:1") as written."""
    if years := _SUPPOSED_YEARS.search(figure):
        value = number_value(years.group("years"))
        return value is not None and any(f"连续{value}年" in text for text in texts)
    if _SUPPOSED_YEARLY.match(figure):
        return any("每年" in text for text in texts)
    return any(figure in text for text in texts)
