"""The embeddable widget in real headless Chromium (SPEC §7): isolation from hostile host CSS, streamed
answers, citations, text-only rendering, keyboard use, narrow screens, origins and failures."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from app.settings import Settings
from tests.browser.conftest import SCREENSHOTS, WIDGET, Sites, host_page
from tests.support.database import stored_messages
from tests.support.fake_openai import FakeOpenAI, text_reply, tool_call_reply
from tests.support.fake_openai import serving as serving_llm
from tests.support.postgres import free_port
from tests.support.service import seed_data_dir, serving
from tests.support.static_site import static_site

pytestmark = pytest.mark.browser

QUESTION = "我们拿到了部委的数据授权运营，能拿多少？"
MARKUP = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
# What the widget's own elements look like; host CSS that reached them would change one of these.
STYLE_PROBE = """element => {
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    font: style.fontSize + ' ' + style.fontFamily + ' ' + style.lineHeight + ' ' + style.letterSpacing,
    color: style.color, background: style.backgroundColor, display: style.display,
    position: style.position, padding: style.padding, border: style.borderTopStyle,
    box: [Math.round(box.x), Math.round(box.y), Math.round(box.width), Math.round(box.height)],
  };
}"""


def widget(page: Page, selector: str) -> Locator:
    return page.locator(f"{WIDGET} {selector}")


def wait_for_reply(page: Page) -> None:
    """Until the turn is over (the final event, or an error): the first delta already ends `.pending`."""
    expect(widget(page, ".log")).to_have_attribute("aria-busy", "false", timeout=20_000)


def open_and_ask(page: Page, question: str) -> Locator:
    """Open the panel, send `question`, and return the assistant's last turn once it is final."""
    widget(page, ".launcher").click()
    widget(page, "textarea").fill(question)
    widget(page, "textarea").press("Enter")
    answered = widget(page, ".msg.bot:not(.pending)").last
    wait_for_reply(page)
    return answered


def probe(page: Page) -> dict[str, Any]:
    widget(page, ".launcher").wait_for()
    closed = widget(page, ".launcher").evaluate(STYLE_PROBE)
    widget(page, ".launcher").click()
    parts = {name: widget(page, selector).evaluate(STYLE_PROBE) for name, selector in
             (("panel", ".panel"), ("title", "h2"), ("input", "textarea"), ("send", ".send"),
              ("bubble", ".msg .bubble"))}  # fmt: skip
    return {"launcher": closed, **parts}


def test_the_hostile_demo_page_leaves_the_widget_unchanged(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.district}/")
    plain = probe(page)
    page.goto(f"{sites.api}/widget-demo")
    hostile = probe(page)
    assert hostile == plain
    # Readable, not 30px Comic Sans; and the host's own hidden buttons stay hidden.
    assert plain["bubble"]["font"].startswith("15px")
    assert page.locator("main button").is_hidden()
    page.screenshot(path=str(SCREENSHOTS / "demo-1440-open.png"))
    widget(page, ".close").click()
    page.screenshot(path=str(SCREENSHOTS / "demo-1440-closed.png"))


def test_the_widgets_css_does_not_reach_the_host_page(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.district}/")
    widget(page, ".launcher").wait_for()
    block = page.locator("#host-block")
    # The widget's .panel and .launcher rules are fixed-position; the host's own block stays in flow.
    assert block.evaluate("e => getComputedStyle(e).position") == "static"
    assert block.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.locator("h1").evaluate("e => getComputedStyle(e).fontSize") == "32px"


def test_a_question_streams_an_answer_with_its_clause_and_calculation(page: Page, sites: Sites) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{sites.api}/widget-demo")
    widget(page, ".launcher").click()
    # Every text the assistant's bubble shows on the way, as it is set.
    page.evaluate(
        """tag => {
      window.__shown = [];
      const log = document.querySelector(tag).shadowRoot.querySelector('.log');
      // The record's target, not the node's parent: a piece replaced by the next has no parent by the
      // time the observer runs.
      new MutationObserver(records => records.forEach(record => record.addedNodes.forEach(node => {
        if (node.nodeType === Node.TEXT_NODE && record.target.closest?.('.msg.bot')) {
          window.__shown.push(node.data);
        }
      }))).observe(log, {subtree: true, childList: true});
    }""",
        WIDGET,
    )
    widget(page, "textarea").fill(QUESTION)
    widget(page, "textarea").press("Enter")
    wait_for_reply(page)
    answer = widget(page, ".msg.bot .bubble").last.inner_text()
    assert "200万元" in answer and "第四条（一）" in answer
    assert any(url.endswith("/api/chat/stream") for url in requests)
    shown = [text for text in page.evaluate("window.__shown") if text and text in answer]
    partial = [text for text in shown if answer.startswith(text) and len(text) < len(answer)]
    assert len(partial) >= 2, "the answer should appear piece by piece before the final event"
    expect(widget(page, ".msg.bot .chip").last).to_have_text("第四条（一）")
    widget(page, ".calc summary").last.click()
    expect(widget(page, ".calc li").first).to_contain_text("200万元")


def test_a_citation_chip_opens_the_clause_with_the_quote_highlighted(page: Page, sites: Sites) -> None:
    # What the service cites for the question, asked directly (a stream's body is not readable here).
    citation = httpx.post(f"{sites.api}/api/chat", json={"message": QUESTION}).json()["citations"][0]
    page.goto(f"{sites.api}/widget-demo")
    open_and_ask(page, QUESTION)
    widget(page, ".chip").first.click()
    clause = widget(page, ".clause")
    expect(clause).to_be_visible()
    expect(clause.locator("h3")).to_have_text(f"{citation['clause_id']} {citation['title']}")
    expect(clause.locator("p")).to_have_text(citation["text"])
    expect(clause.locator("mark")).to_have_text(citation["quote"])
    page.screenshot(path=str(SCREENSHOTS / "clause-1440.png"))
    page.keyboard.press("Escape")
    expect(clause).to_be_hidden()
    expect(widget(page, ".log")).to_be_visible()


def test_markup_in_questions_and_answers_shows_as_text_and_runs_nothing(
    browser: Browser, tmp_path: Path, seeded_vectors: Path
) -> None:
    """A model's answer carrying markup (the LLM engine, against a fake OpenAI-compatible server)."""
    data_dir = tmp_path / "data"
    seed_data_dir(data_dir, seeded_vectors)
    answer = f"第四条（一）支持公共数据授权运营。{MARKUP}"
    question = f"{MARKUP}授权运营怎么支持？"
    fake = FakeOpenAI(
        [tool_call_reply("search_policy", {"query": "公共数据授权运营"}, "c1"), text_reply(answer)]
    )
    port = free_port()
    with serving_llm(fake) as llm, serving(port, env="test", data_dir=str(data_dir), rate_limit="off",
                                         llm_base_url=llm, llm_model="fake", log_level="WARNING") as api:  # fmt: skip
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.goto(f"{api}/widget-demo")
        open_and_ask(page, "公共数据授权运营怎么支持？")
        expect(widget(page, ".msg.bot .bubble").last).to_have_text(answer)
        # A question carrying markup is turned away by the service, and shown as typed.
        widget(page, "textarea").fill(question)
        widget(page, "textarea").press("Enter")
        wait_for_reply(page)
        expect(widget(page, ".msg.user .bubble").last).to_have_text(question)
        assert widget(page, "img").count() == 0 and widget(page, "script").count() == 0
        assert page.evaluate("window.__pwned") is None
        # Restored from sessionStorage on the next page load: still text.
        page.reload()
        expect(widget(page, ".msg.bot .bubble").nth(1)).to_have_text(answer)
        expect(widget(page, ".msg.user .bubble").last).to_have_text(question)
        assert widget(page, "img").count() == 0 and page.evaluate("window.__pwned") is None
        page.screenshot(path=str(SCREENSHOTS / "markup-as-text-1440.png"))
        context.close()


def test_keyboard_only_use(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.api}/widget-demo")
    widget(page, ".launcher").wait_for()
    active = f"() => document.querySelector('{WIDGET}').shadowRoot.activeElement?.className ?? null"
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate(active) == "launcher":
            break
    assert page.evaluate(active) == "launcher", "Tab reaches the floating button"
    launcher = widget(page, ".launcher")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    dialog = widget(page, "[role=dialog]")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_attribute("aria-modal", "true")
    assert dialog.get_attribute("aria-labelledby") == widget(page, "h2").get_attribute("id")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(widget(page, "[role=log]")).to_have_attribute("aria-live", "polite")
    assert widget(page, "textarea").evaluate("e => e.getRootNode().activeElement === e"), (
        "opening focuses the input"
    )
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    wait_for_reply(page)
    # Focus is trapped: Tab and Shift+Tab never leave the panel.
    inside = (
        f"() => document.querySelector('{WIDGET}').shadowRoot.activeElement?.closest('[role=dialog]') != null"
    )
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 12:
        page.keyboard.press(key)
        assert page.evaluate(inside), f"focus left the panel after {key}"
    # Reach the citation chip by keyboard and open the clause.
    for _ in range(12):
        if page.evaluate(active) == "chip":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(widget(page, ".clause mark")).to_be_visible()
    page.keyboard.press("Escape")
    expect(widget(page, ".clause")).to_be_hidden()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.evaluate(active) == "launcher", "closing returns focus to the button"


def test_at_360_px_nothing_overflows(browser: Browser, sites: Sites) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    page.goto(f"{sites.api}/widget-demo")
    widget(page, ".launcher").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "demo-360-closed.png"))
    open_and_ask(page, QUESTION)
    widget(page, ".calc summary").last.click()
    page.screenshot(path=str(SCREENSHOTS / "demo-360-answer.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for selector in (".panel", ".launcher", ".log", ".msg.bot .bubble", ".chips", ".calc", ".composer"):
        box = widget(page, selector).last.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, selector
    overflow = widget(page, ".log").evaluate("e => e.scrollWidth - e.clientWidth")
    assert overflow <= 0
    widget(page, ".chip").last.click()
    page.screenshot(path=str(SCREENSHOTS / "clause-360.png"))
    context.close()


def test_the_session_survives_a_page_load(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.api}/widget-demo")
    open_and_ask(page, QUESTION)
    page.reload()
    expect(widget(page, ".panel")).to_be_visible()
    expect(widget(page, ".msg.user")).to_have_count(1)
    with page.expect_request(lambda request: request.url.endswith("/api/chat/stream")) as sent:
        widget(page, "textarea").fill("那市属的呢？")
        widget(page, "textarea").press("Enter")
    body = sent.value.post_data_json
    assert body is not None
    session = body["session_id"]
    assert re.fullmatch(r"[0-9a-f]{32}", session)
    wait_for_reply(page)
    expect(widget(page, ".msg.bot .bubble").last).to_contain_text("100万元")


def test_the_districts_site_gets_answers_and_a_stranger_site_does_not(page: Page, sites: Sites) -> None:
    before = stored_messages(Settings(env="test", data_dir=sites.data_dir))
    page.goto(f"{sites.district}/")
    answered = open_and_ask(page, QUESTION)
    expect(answered.locator(".bubble")).to_contain_text("200万元")
    after_district = stored_messages(Settings(env="test", data_dir=sites.data_dir))
    assert after_district == before + 2

    page.goto(f"{sites.stranger}/")
    refused = open_and_ask(page, QUESTION)
    expect(refused).to_have_class(re.compile(r"\berror\b"))
    expect(refused.locator(".bubble")).to_have_text("暂时无法连接到政策问答服务，请检查网络后重试。")
    assert "万元" not in widget(page, ".log").inner_text()
    assert stored_messages(Settings(env="test", data_dir=sites.data_dir)) == after_district


def test_an_unreachable_service_and_a_rate_limit_say_so(
    browser: Browser, tmp_path: Path, seeded_vectors: Path
) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    closed = f"http://127.0.0.1:{free_port()}"
    port = free_port()
    api = f"http://127.0.0.1:{port}"
    pages = {"/down": host_page(closed, "服务不可达", script_from=api), "/": host_page(api, "频率限制")}
    data_dir = tmp_path / "data"
    seed_data_dir(data_dir, seeded_vectors)
    with static_site(pages) as site, serving(port, env="test", data_dir=str(data_dir), rate_limit="1/minute",
                                              allowed_origins=site, log_level="WARNING"):  # fmt: skip
        page.goto(f"{site}/down")
        failed = open_and_ask(page, QUESTION)
        expect(failed.locator(".bubble")).to_have_text("暂时无法连接到政策问答服务，请检查网络后重试。")

        page.goto(f"{site}/")
        expect(open_and_ask(page, QUESTION).locator(".bubble")).to_contain_text("200万元")
        widget(page, "textarea").fill("那市属的呢？")
        widget(page, "textarea").press("Enter")
        wait_for_reply(page)
        limited = widget(page, ".msg.bot").last
        expect(limited).to_have_class(re.compile(r"\berror\b"))
        expect(limited.locator(".bubble")).to_have_text(re.compile(r"^提问过于频繁，请 \d+ 秒后再试。$"))
        # Nothing to retype, and the unanswered question is not kept for the next page load.
        expect(widget(page, "textarea")).to_have_value("那市属的呢？")
        page.reload()
        expect(widget(page, ".msg.user")).to_have_count(1)
    context.close()


def test_the_tags_attributes_set_title_corner_and_colour(browser: Browser, sites: Sites) -> None:
    tag = (
        '<script src="{api}/widget.js" data-api="{api}" data-title="{title}" data-position="left" '
        'data-color="{color}" async></script>'
    )
    pages = {
        "/custom": tag.format(api=sites.api, title="西城区数据局 · 政策咨询", color="#aa0000"),
        # A colour that tries to break out of its declaration falls back to the default.
        "/hostile": tag.format(api=sites.api, title="", color="red;}*{display:none}"),
    }
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    with static_site(pages) as site:
        page.goto(f"{site}/custom")
        launcher = widget(page, ".launcher")
        box = launcher.bounding_box()
        assert box is not None and box["x"] < 100, "data-position=left puts the button on the left"
        assert launcher.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(170, 0, 0)"
        launcher.click()
        expect(widget(page, "h2")).to_have_text("西城区数据局 · 政策咨询")
        expect(launcher).to_have_attribute("aria-label", "打开政策问答：西城区数据局 · 政策咨询")

        page.goto(f"{site}/hostile")
        launcher = widget(page, ".launcher")
        expect(launcher).to_be_visible()
        assert launcher.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(31, 95, 168)"
        launcher.click()
        expect(widget(page, "h2")).to_have_text("西城数据政策助手")
    context.close()


def test_a_grey_page_greys_the_widget_and_an_open_dialog_keeps_it_below(
    browser: Browser, sites: Sites
) -> None:
    tag = f'<script src="{sites.api}/widget.js" data-api="{sites.api}" async></script>'
    pages = {
        # Memorial days: the whole site goes grey, and the widget with it.
        "/grey": f"<!doctype html><html style='filter: grayscale(1)'><body><p>悼念</p>{tag}</body></html>",
        # A notice the page opens as a modal dialog before the widget arrives.
        "/notice": (
            "<!doctype html><html><body><dialog id='notice'><p>网站公告</p>"
            "<button id='ok' onclick=\"document.getElementById('notice').close()\">知道了</button></dialog>"
            f"<script>document.getElementById('notice').showModal()</script>{tag}</body></html>"
        ),
    }
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    top_layer = (
        f"() => document.querySelector('{WIDGET}').shadowRoot.querySelector('.root').matches(':popover-open')"
    )
    with static_site(pages) as site:
        page.goto(f"{site}/grey")
        launcher = widget(page, ".launcher")
        launcher.wait_for()
        assert launcher.evaluate("e => getComputedStyle(e).filter") == "grayscale(1)"

        page.goto(f"{site}/notice")
        widget(page, ".launcher").wait_for(state="attached")
        assert page.evaluate(top_layer) is False, "not drawn over the page's open dialog"
        page.locator("#ok").click()
        page.wait_for_function(top_layer)
        widget(page, ".launcher").click()
        expect(widget(page, ".panel")).to_be_visible()
    context.close()


def test_a_new_conversation_during_an_answer_aborts_it(
    browser: Browser, tmp_path: Path, seeded_vectors: Path
) -> None:
    """新对话 while a slow model is still answering: the request is aborted, nothing of it is shown or
    kept, and the widget is ready for the next question."""
    data_dir = tmp_path / "data"
    seed_data_dir(data_dir, seeded_vectors)
    fake = FakeOpenAI([text_reply("第四条（一）支持公共数据授权运营。")], delay=3.0)
    port = free_port()
    with serving_llm(fake) as llm, serving(port, env="test", data_dir=str(data_dir), rate_limit="off",
                                         llm_base_url=llm, llm_model="fake", log_level="WARNING") as api:  # fmt: skip
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto(f"{api}/widget-demo")
        widget(page, ".launcher").click()
        widget(page, "textarea").fill("公共数据授权运营怎么支持？")
        widget(page, "textarea").press("Enter")
        expect(widget(page, ".log")).to_have_attribute("aria-busy", "true")
        widget(page, ".reset").click()
        expect(widget(page, ".log")).to_have_attribute("aria-busy", "false")
        expect(widget(page, ".send")).to_be_enabled()
        page.wait_for_timeout(4000)  # past the model's delay: whatever it sent has arrived
        expect(widget(page, ".msg")).to_have_count(1)  # the welcome only
        assert any(url.endswith("/api/chat/stream") for url in failed), "the request was aborted"
        stored = page.evaluate(f"() => JSON.parse(sessionStorage.getItem('{WIDGET}:{api}'))")
        assert stored["turns"] == [] and stored["sessionId"] is None
        context.close()


def test_an_input_methods_enter_does_not_send(page: Page, sites: Sites) -> None:
    """Choosing a candidate with Enter while composing Chinese (isComposing, or keyCode 229 as Safari
    reports the last one) must not send the half-typed question; neither may its Esc close the panel."""
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if "/api/chat" in request.url else None)
    page.goto(f"{sites.api}/widget-demo")
    widget(page, ".launcher").click()
    textarea = widget(page, "textarea")
    textarea.fill("shuju")
    for init in ("{key: 'Enter', isComposing: true}", "{key: 'Enter', keyCode: 229}"):
        textarea.evaluate(f"e => e.dispatchEvent(new KeyboardEvent('keydown', {{...{init}, bubbles: true}}))")
    textarea.evaluate(
        "e => e.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', keyCode: 229, bubbles: true}))"
    )
    expect(widget(page, ".panel")).to_be_visible()
    page.wait_for_timeout(300)
    assert sent == [] and textarea.input_value() == "shuju"
    textarea.press("Enter")
    wait_for_reply(page)
    assert any(url.endswith("/api/chat/stream") for url in sent)
