"""Real headless Chromium (Debian's, driven by Playwright; `playwright install` is never run) against
the real service started as `policy-assistant serve` on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from evaluation.browser import CHROMIUM, CHROMIUM_ARGS, WIDGET_TAG
from tests.conftest import REPO_ROOT
from tests.support.postgres import free_port
from tests.support.service import seed_data_dir, serving
from tests.support.static_site import static_site

SCREENSHOTS = REPO_ROOT / "test-artifacts" / "widget"
WIDGET = WIDGET_TAG

pytestmark = pytest.mark.browser


def host_page(api: str, heading: str, script_from: str | None = None) -> str:
    """A plain host page on another origin carrying the one tag the district adds, and elements named
    like the widget's own (.panel, .launcher) that its CSS must not reach. `script_from` serves the
    script from elsewhere than the API it talks to."""
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{heading}</title></head>
<body><h1>{heading}</h1><p class="intro">宿主页面的正文。</p>
<div class="panel launcher" id="host-block">宿主页面自己的区块</div>
<script src="{script_from or api}/widget.js" data-api="{api}" async></script></body></html>"""


@dataclass(frozen=True, slots=True)
class Sites:
    api: str  # the service; its own /widget-demo is same-origin
    data_dir: Path
    district: str  # another origin on the allow-list: the district's website
    stranger: str  # an origin that is not


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("未安装 Chromium：请运行 make test（它会安装 Debian 的 chromium）")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, seeded_vectors: Path) -> Iterator[Sites]:
    data_dir = tmp_path_factory.mktemp("widget-service") / "data"
    seed_data_dir(data_dir, seeded_vectors)
    port = free_port()
    api = f"http://127.0.0.1:{port}"
    district_pages = {"/": host_page(api, "西城区政府网站（已登记来源）")}
    stranger_pages = {"/": host_page(api, "其他网站（未登记来源）")}
    with static_site(district_pages) as district, static_site(stranger_pages) as stranger:
        settings = {
            "env": "test",
            "data_dir": str(data_dir),
            "allowed_origins": f"{api},{district}",
            "rate_limit": "off",
            "log_level": "WARNING",
        }
        with serving(port, **settings):
            yield Sites(api, data_dir, district, stranger)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield opened
    finally:
        context.close()
    assert not errors, f"页面脚本出错：{errors}"
