"""The grounding guard catches fabricated clauses, quotes and figures, and repairs or replaces the answer."""

from __future__ import annotations

import pytest

from app.awards.calculator import Calculation
from app.awards.plan import Plan, PlanItem
from app.chat.contract import ChatReply, Citation
from app.chat.guard import guard
from indexer import parse_document, read_policy_file
from indexer.models import Clause
from tests.conftest import BUNDLED_DOC_ID, BUNDLED_POLICY

SAFE = "抱歉，这个问题我无法根据政策原文确认。"


@pytest.fixture(scope="module")
def clauses() -> dict[tuple[str, str], Clause]:
    parsed = parse_document(read_policy_file(BUNDLED_POLICY), BUNDLED_DOC_ID)
    return {(c.doc_id, c.clause_id): c for c in parsed.clauses}


def cite(clauses: dict[tuple[str, str], Clause], clause_id: str, quote: str | None = None) -> Citation:
    clause = clauses[(BUNDLED_DOC_ID, clause_id)]
    sentence = quote if quote is not None else clause.text.split("。")[1] + "。"
    return Citation(
        doc_id=BUNDLED_DOC_ID, clause_id=clause_id, title=clause.title, text=clause.text, quote=sentence
    )


def reply(
    answer: str, citations: list[Citation], calculation: Calculation | None = None, status: str = "answered"
) -> ChatReply:
    return ChatReply(
        session_id="s", answer=answer, citations=citations, calculation=calculation, status=status
    )  # type: ignore[arg-type]


def calculation(clause_id: str, yuan: int, text: str) -> Calculation:
    return Calculation(
        rule_id="public-data-operation",
        doc_id=BUNDLED_DOC_ID,
        clause_id=clause_id,
        title="公共数据资源授权运营奖励",
        amount_yuan=yuan,
        amount_text=text,
        capped=True,
        eligible=True,
        steps=[f"部属：最高{text}"],
        notes=[],
    )


def test_a_grounded_answer_passes_unchanged(clauses: dict) -> None:
    citation = cite(clauses, "第四条（一）")
    answer = "获得部属公共数据资源授权运营的单位，最高可获得200万元奖励。这是上限，实际金额以审核为准。"
    outcome = guard(
        reply(answer, [citation], calculation("第四条（一）", 2_000_000, "200万元")),
        clauses,
        set(clauses),
        SAFE,
    )
    assert outcome.passed and outcome.reply.answer == answer and outcome.reply.calculation is not None


def test_a_figure_written_another_way_is_still_the_clauses_figure(clauses: dict) -> None:
    citation = cite(clauses, "第六条（一）")
    outcome = guard(
        reply("按不超过投资额的百分之十给予支持，最高一千万元。", [citation]), clauses, set(clauses), SAFE
    )
    assert outcome.passed


def test_a_fabricated_figure_is_removed_with_its_sentence(clauses: dict) -> None:
    citation = cite(clauses, "第四条（一）")
    answer = "部属授权运营最高奖励800万元。具体以实施指南为准。"
    outcome = guard(reply(answer, [citation]), clauses, set(clauses), SAFE)
    assert [p.kind for p in outcome.problems] == ["unsupported_figure"]
    assert outcome.reply.answer == "具体以实施指南为准。" and "800" not in outcome.reply.answer


def test_a_fabricated_clause_id_is_dropped_and_nothing_ungrounded_is_sent(clauses: dict) -> None:
    fake = Citation(
        doc_id=BUNDLED_DOC_ID,
        clause_id="第十一条",
        title="附则",
        text="给予最高900万元奖励。",
        quote="给予最高900万元奖励。",
    )
    outcome = guard(reply("根据第十一条，最高900万元。", [fake]), clauses, set(clauses), SAFE)
    assert outcome.replaced and outcome.reply.answer == SAFE and outcome.reply.citations == []
    assert {p.kind for p in outcome.problems} == {
        "unknown_clause",
        "unsupported_figure",
        "unknown_clause_named",
    }


def test_a_sentence_naming_a_clause_the_policy_lacks_is_removed(clauses: dict) -> None:
    real = cite(clauses, "第五条（二）")
    text = "根据第五条（二），首次开展数据跨境业务可申请。另按第十三条(二)还可叠加。第五条(二)要求安全合规。"
    outcome = guard(reply(text, [real]), clauses, set(clauses), SAFE)
    assert outcome.reply.answer == "根据第五条（二），首次开展数据跨境业务可申请。第五条(二)要求安全合规。"
    assert [(p.kind, p.detail) for p in outcome.problems] == [("unknown_clause_named", "第十三条（二）")]


def test_a_clause_not_retrieved_this_turn_is_not_cited(clauses: dict) -> None:
    kept, stray = cite(clauses, "第四条（一）"), cite(clauses, "第八条")
    outcome = guard(reply("可以申请。", [kept, stray]), clauses, {(BUNDLED_DOC_ID, "第四条（一）")}, SAFE)
    assert [c.clause_id for c in outcome.reply.citations] == ["第四条（一）"]
    assert [p.kind for p in outcome.problems] == ["not_retrieved"]


def test_a_quote_that_is_not_verbatim_is_dropped(clauses: dict) -> None:
    bad = cite(clauses, "第四条（一）", quote="对获得部委授权运营的单位给予奖励。")
    good = cite(clauses, "第五条（二）")
    outcome = guard(
        reply("首次开展数据跨境流动业务的单位可获奖励。", [bad, good]), clauses, set(clauses), SAFE
    )
    assert [c.clause_id for c in outcome.reply.citations] == ["第五条（二）"]
    assert [p.kind for p in outcome.problems] == ["quote_not_verbatim"]


def test_a_calculation_whose_clause_is_not_cited_is_dropped_with_its_figure(clauses: dict) -> None:
    outcome = guard(
        reply(
            "可获得最高200万元。另需满足条件。",
            [cite(clauses, "第五条（二）")],
            calculation("第四条（一）", 2_000_000, "200万元"),
        ),
        clauses,
        set(clauses),
        SAFE,
    )
    assert outcome.reply.calculation is None and outcome.reply.answer == "另需满足条件。"
    assert [p.kind for p in outcome.problems] == ["calculation_not_cited", "unsupported_figure"]


def test_a_refusal_carries_no_figure_no_citation_and_no_calculation(clauses: dict) -> None:
    answer = "这个问题不在本政策范围内。海淀区的补贴最高500万元。我可以解答西城区数据产业政策的问题。"
    outcome = guard(
        reply(
            answer,
            [cite(clauses, "第一条")],
            calculation("第四条（一）", 2_000_000, "200万元"),
            "out_of_scope",
        ),
        clauses,
        set(clauses),
        SAFE,
    )
    assert outcome.reply.answer == "这个问题不在本政策范围内。我可以解答西城区数据产业政策的问题。"
    assert outcome.reply.citations == [] and outcome.reply.calculation is None
    assert [p.kind for p in outcome.problems] == ["figure_in_refusal"]


def test_a_stored_text_replaces_an_altered_one(clauses: dict) -> None:
    citation = cite(clauses, "第五条（二）").model_copy(update={"text": "改过的条款"})
    outcome = guard(reply("首次开展可获奖励。", [citation]), clauses, set(clauses), SAFE)
    assert outcome.reply.citations[0].text == clauses[(BUNDLED_DOC_ID, "第五条（二）")].text
    assert [p.kind for p in outcome.problems] == ["text_not_stored"]


@pytest.mark.parametrize(
    ("clause_id", "sentence", "supported"),
    [
        ("第九条（四）", "按活动投入的三成给予奖励。", True),
        ("第九条（四）", "按活动投入的百分之三十给予奖励。", True),
        ("第九条（四）", "按活动投入的百分之三十五给予奖励。", False),
        ("第六条（一）", "按投资额的15个百分点给予支持。", False),
        ("第六条（一）", "最高1千万元。", True),
        ("第九条（四）", "最高1千5百万元。", False),
    ],
)
def test_rates_and_amounts_in_any_wording_are_checked_by_value(
    clauses: dict, clause_id: str, sentence: str, supported: bool
) -> None:
    outcome = guard(reply(f"可以申请。{sentence}", [cite(clauses, clause_id)]), clauses, set(clauses), SAFE)
    assert outcome.passed is supported
    assert (sentence in outcome.reply.answer) is supported


def test_an_article_named_alone_is_known_and_digits_are_read(clauses: dict) -> None:
    real = cite(clauses, "第十条（三）")
    text = "根据第十条，本措施有效期5年。第11条还规定了额外奖励。"
    outcome = guard(reply(text, [real]), clauses, set(clauses), SAFE)
    assert outcome.reply.answer == "根据第十条，本措施有效期5年。"
    assert [(p.kind, p.detail) for p in outcome.problems] == [("unknown_clause_named", "第11条")]


def test_a_figure_of_another_measures_calculation_stands_only_with_its_clause_cited(clauses: dict) -> None:
    main = calculation("第四条（一）", 2_000_000, "200万元")
    other = calculation("第九条（四）", 900_000, "90万元")
    answer = "部属授权运营最高可获得200万元。承接交流活动可获得90万元。"
    both = [cite(clauses, "第四条（一）"), cite(clauses, "第九条（四）")]
    outcome = guard(reply(answer, both, main), clauses, set(clauses), SAFE, [other])
    assert outcome.passed and outcome.reply.answer == answer
    # Its clause not cited: its figure is not grounded, and its sentence goes.
    alone = guard(reply(answer, both[:1], main), clauses, set(clauses), SAFE, [other])
    assert [p.kind for p in alone.problems] == ["unsupported_figure"]
    assert alone.reply.answer == "部属授权运营最高可获得200万元。"


def test_a_total_of_several_measures_stands_only_with_the_calculators_total_and_every_clause_cited(
    clauses: dict,
) -> None:
    main = calculation("第四条（一）", 2_000_000, "200万元")
    other = calculation("第九条（四）", 900_000, "90万元")
    total = Plan(
        items=[
            PlanItem(
                index=n,
                project=None,
                calculation=c,
                counted_yuan=c.amount_yuan,
                counted_text=c.amount_text,
                status="counted",
            )
            for n, c in enumerate((main, other), start=1)
        ],
        total_yuan=2_900_000,
        total_text="290万元",
        steps=["合计：290万元"],
        notes=[],
    )
    answer = "部属授权运营最高可获得200万元。承接交流活动可获得90万元。两项合计最高290万元。"
    both = [cite(clauses, "第四条（一）"), cite(clauses, "第九条（四）")]
    outcome = guard(reply(answer, both, main), clauses, set(clauses), SAFE, [other], [total])
    assert outcome.passed and outcome.reply.answer == answer
    # A sum the calculator did not work out is an unsupported figure, however simple the arithmetic.
    unsummed = guard(reply(answer, both, main), clauses, set(clauses), SAFE, [other])
    assert [p.kind for p in unsummed.problems] == ["unsupported_figure"]
    assert "290万元" not in unsummed.reply.answer
    # Nor a total one of whose measures is not cited.
    alone = guard(reply(answer, both[:1], main), clauses, set(clauses), SAFE, [other], [total])
    assert "290万元" not in alone.reply.answer and "90万元" not in alone.reply.answer
