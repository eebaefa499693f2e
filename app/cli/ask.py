"""`policy-assistant ask "问题"`: one chat turn, as `POST /api/chat` answers it, printed for a person."""

from __future__ import annotations

import click

from app.api.questions import clean_question
from app.chat.contract import ChatReply
from app.chat.history import check_session_id
from app.cli.context import load_settings, reported_as_one_line
from app.errors import InvalidInputError
from app.main import prepare_service

MAX_QUESTION_CHARS = 1000


@click.command()
@click.argument("question")
@click.option("--session", "session_id", help="接着这个会话问（上一次输出的会话编号）")
@click.option("--json", "as_json", is_flag=True, help="输出与 POST /api/chat 相同的 JSON")
def ask(question: str, session_id: str | None, as_json: bool) -> None:
    """问一个问题：输出回答、依据的条款和金额计算过程。

    例：policy-assistant ask "我们拿到了部委的数据授权运营，能拿多少？"
    """
    try:
        question = clean_question(question)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="QUESTION") from None
    if len(question) > MAX_QUESTION_CHARS:
        raise click.BadParameter(f"问题不能超过 {MAX_QUESTION_CHARS} 个字", param_hint="QUESTION")
    try:
        check_session_id(session_id)
    except InvalidInputError as error:
        raise click.BadParameter(error.message, param_hint="--session") from None
    settings = load_settings()
    with reported_as_one_line():
        service = prepare_service(settings)
        try:
            reply = service.chat.reply(question, session_id)
        finally:
            service.close()
    click.echo(reply.model_dump_json(indent=2) if as_json else render(reply))


def render(reply: ChatReply) -> str:
    lines = [reply.answer, ""]
    if reply.citations:
        lines.append("依据：")
        for citation in reply.citations:
            lines.append(f"  【{citation.clause_id}】{citation.title}")
            lines.append(f"    “{citation.quote}”")
    calculation = reply.calculation
    if calculation is not None:
        lines.append(f"计算（{calculation.title}）：{calculation.amount_text}")
        lines += [f"  {step}" for step in calculation.steps]
        lines += [f"  注：{note}" for note in calculation.notes]
    lines.append(f"会话编号：{reply.session_id}（继续追问：--session {reply.session_id}）")
    return "\n".join(lines)
