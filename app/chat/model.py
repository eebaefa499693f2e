"""The chat model behind the LLM engine, from settings: any server that speaks OpenAI's chat API."""

from __future__ import annotations

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from app.settings import Settings

# Local servers (vLLM, Ollama) take no key, but the client insists on one.
_NO_KEY = SecretStr("not-needed")


def make_chat_model(settings: Settings) -> BaseChatModel:
    assert settings.llm_base_url and settings.llm_model
    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key or _NO_KEY,
        timeout=settings.llm_timeout_seconds,
        # No retries: a failed call is answered by the offline composer, not by a longer wait.
        max_retries=0,
        temperature=0,
    )
