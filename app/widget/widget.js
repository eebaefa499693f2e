/*
 * 西城数据政策助手 — the embeddable chat widget (SPEC §7).
 *
 * One tag on a host page:
 *   <script src="https://…/widget.js" data-api="https://…" data-title="…" data-position="right"
 *           data-color="#1f5fa8" async></script>
 *
 * Everything lives in an open Shadow DOM under one custom element, so the host's CSS cannot restyle the
 * widget and the widget's CSS cannot reach the host. Text from users and from the service is only ever
 * set as text (textContent, text nodes), never parsed as HTML. Hand-written, no build step, no
 * dependencies, nothing fetched at run time but the API.
 */
(function () {
  "use strict";

  var TAG = "xicheng-policy-assistant";
  if (window.customElements === undefined || document.querySelector(TAG)) {
    return; // no Shadow DOM support, or the tag was included twice
  }

  var script =
    document.currentScript ||
    Array.prototype.slice.call(document.querySelectorAll("script[src]")).filter(function (node) {
      return /\/widget\.js(\?|$)/.test(node.src);
    })[0];
  var data = (script && script.dataset) || {};

  var DEFAULT_TITLE = "西城数据政策助手";
  var DEFAULT_COLOR = "#1f5fa8";
  var MAX_CHARS = 1000;
  var MAX_KEPT_TURNS = 40;

  var TEXT = {
    open: "打开政策问答",
    launcher: "政策问答",
    close: "关闭问答窗口",
    reset: "开始新对话",
    resetShort: "新对话",
    input: "输入您的问题",
    placeholder: "例如：获得市属公共数据授权运营，最高能拿多少奖励？",
    send: "发送",
    log: "对话记录",
    welcome:
      "您好！我可以解答《北京市西城区促进数据产业高质量发展的若干措施（试行）（征求意见稿）》的相关问题：" +
      "哪些企业可以申请、有哪些支持措施、奖励金额如何计算。请描述您的情况。",
    you: "您",
    assistant: "助手",
    thinking: "正在查找政策条款…",
    citations: "引用条款",
    openClause: "查看条款原文：",
    clause: "条款原文",
    back: "返回对话",
    calculation: "计算过程",
    cap: "（上限）",
    notEligible: "（不符合条件）",
    disclaimer: "回答依据政策原文；“最高”金额为上限，实际金额以主管部门审核为准。",
    empty: "请先输入问题。",
    tooLong: "问题太长了，请控制在 " + MAX_CHARS + " 字以内。",
    unreachable: "暂时无法连接到政策问答服务，请检查网络后重试。",
    interrupted: "回答中断了，请重新提问。",
    failed: "服务暂时不可用，请稍后再试。",
    rateLimited: function (seconds) {
      return "提问过于频繁，请 " + seconds + " 秒后再试。";
    },
  };

  var apiBase = (data.api || (script ? new URL(script.src, location.href).origin : location.origin)).replace(
    /\/+$/,
    ""
  );
  var title = (data.title || "").trim() || DEFAULT_TITLE;
  var onLeft = /left/i.test(data.position || "");
  var color = data.color && window.CSS && CSS.supports("color", data.color) ? data.color : DEFAULT_COLOR;
  var storageKey = TAG + ":" + apiBase;

  var STYLES = [
    /* `all: initial !important` inside the shadow tree outranks the host page's !important rules on the
       host element, so nothing it sets is inherited into the widget. */
    ":host{all:initial !important;display:block !important;position:static !important}",
    /* The root is a manual popover shown at once: in the top layer, a transform or filter the host puts
       on <body> cannot turn the widget's fixed positions into positions inside the page. */
    ".root{all:initial;display:block;position:fixed;inset:auto;width:0;height:0;margin:0;padding:0;border:0;" +
      "overflow:visible;background:transparent;font-family:'PingFang SC','Hiragino Sans GB','Noto Sans CJK SC'," +
      "'Microsoft YaHei','Source Han Sans SC',system-ui,sans-serif;font-size:15px;line-height:1.6;" +
      "color:#1f2328;letter-spacing:normal;text-align:left;direction:ltr;-webkit-text-size-adjust:100%}",
    ".root *,.root *::before,.root *::after{box-sizing:border-box;font:inherit;letter-spacing:inherit}",
    "[hidden]{display:none !important}",
    "button,textarea{font:inherit;color:inherit;margin:0}",
    "button{cursor:pointer}",
    ":focus-visible{outline:3px solid #f2b705;outline-offset:2px}",
    ".launcher{position:fixed;bottom:20px;z-index:2147483646;display:flex;align-items:center;gap:8px;" +
      "min-height:48px;padding:0 18px;border:0;border-radius:24px;background:var(--pa-accent);color:#fff;" +
      "font-size:16px;font-weight:600;box-shadow:0 6px 20px rgba(0,0,0,.25)}",
    ".launcher svg{width:22px;height:22px;flex:none}",
    /* The page's own filter (a grey mourning-day style on <html> or <body>), which the top layer escapes. */
    ".launcher,.panel{filter:var(--pa-page-filter,none)}",
    ".right .launcher,.right .panel{right:20px}",
    ".left .launcher,.left .panel{left:20px}",
    ".panel{position:fixed;bottom:84px;z-index:2147483647;display:flex;flex-direction:column;" +
      "width:400px;max-width:calc(100vw - 40px);height:min(640px,calc(100vh - 104px));" +
      "height:min(640px,calc(100dvh - 104px));background:#fff;" +
      "border-radius:12px;box-shadow:0 12px 40px rgba(0,0,0,.3);overflow:hidden}",
    ".head{display:flex;align-items:center;gap:8px;padding:12px 12px 12px 16px;background:var(--pa-accent);" +
      "color:#fff}",
    ".head h2{flex:1;min-width:0;margin:0;font-size:16px;font-weight:600;overflow-wrap:anywhere}",
    ".head button{border:1px solid rgba(255,255,255,.6);background:transparent;color:#fff;border-radius:6px;" +
      "min-height:32px;padding:0 10px;font-size:14px}",
    ".head .close{min-width:32px;padding:0;font-size:20px;line-height:1}",
    ".log{flex:1;min-height:0;overflow-y:auto;overflow-x:hidden;padding:12px 14px;background:#f6f7f9}",
    ".msg{margin:0 0 12px;max-width:100%}",
    ".who{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    ".bubble{display:inline-block;max-width:100%;padding:9px 12px;border-radius:10px;white-space:pre-wrap;" +
      "overflow-wrap:anywhere;word-break:break-word}",
    ".user{text-align:right}",
    ".user .bubble{background:var(--pa-accent);color:#fff;text-align:left}",
    ".bot .bubble{background:#fff;border:1px solid #dfe3e8}",
    ".bot.notice .bubble{background:#fff8e6;border-color:#f0d58c}",
    ".bot.error .bubble{background:#fdecea;border-color:#f1b0a8;color:#8a1c10}",
    ".pending .bubble{color:#5b6470}",
    ".chips{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0 0;padding:0;list-style:none}",
    ".chip{border:1px solid var(--pa-accent);background:#fff;color:var(--pa-accent);border-radius:14px;" +
      "padding:2px 10px;font-size:13px;max-width:100%;overflow-wrap:anywhere;text-align:left}",
    ".calc{margin:8px 0 0;padding:8px 10px;background:#fff;border:1px solid #dfe3e8;border-radius:8px;" +
      "font-size:14px}",
    ".calc summary{cursor:pointer;font-weight:600}",
    ".calc ol,.calc ul{margin:6px 0 0;padding-left:20px}",
    ".calc li{margin:2px 0;overflow-wrap:anywhere}",
    ".calc .notes{color:#5b6470;font-size:13px}",
    ".clause{flex:1;min-height:0;overflow-y:auto;padding:14px 16px;background:#fff}",
    ".clause h3{margin:0 0 8px;font-size:16px;font-weight:600;overflow-wrap:anywhere}",
    ".clause p{margin:0 0 12px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".clause mark{background:#ffe38a;color:inherit;padding:0 1px}",
    ".clause .back{border:1px solid var(--pa-accent);background:#fff;color:var(--pa-accent);" +
      "border-radius:6px;min-height:32px;padding:0 12px}",
    ".composer{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #dfe3e8;background:#fff}",
    ".composer textarea{flex:1;min-width:0;resize:none;height:44px;padding:8px 10px;border:1px solid #b8c0cc;" +
      "border-radius:8px;font-size:15px;line-height:1.4;background:#fff}",
    ".composer button{flex:none;min-width:64px;border:0;border-radius:8px;background:var(--pa-accent);" +
      "color:#fff;font-weight:600}",
    ".composer button:disabled{opacity:.55;cursor:wait}",
    ".disclaimer{margin:0;padding:0 12px 10px;background:#fff;color:#5b6470;font-size:12px}",
    ".label{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "@media (max-width:480px){.panel{left:8px !important;right:8px !important;bottom:76px;width:auto;" +
      "max-width:none;height:calc(100vh - 92px);height:calc(100dvh - 92px)}.launcher{bottom:14px}.right .launcher{right:14px}" +
      ".left .launcher{left:14px}}",
  ].join("\n");

  /* Elements and text: every string goes in as a text node. */
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === true) node.setAttribute(name, "");
      else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, String(value));
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function svgIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute(
      "d",
      "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6v2h2v-2H7zm4 0v2h2v-2h-2zm4 0v2h2v-2h-2z"
    );
    svg.appendChild(path);
    return svg;
  }

  /* What survives a page load: the session id, the turns shown, whether the panel was open. */
  function loadState() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(storageKey) || "null");
      if (saved && Array.isArray(saved.turns) && saved.turns.every(wellFormed)) return saved;
    } catch (ignored) {
      /* storage disabled or corrupted: start afresh */
    }
    return { sessionId: null, turns: [], open: false };
  }

  function wellFormed(turn) {
    return (
      turn !== null &&
      typeof turn === "object" &&
      (turn.role === "user" || turn.role === "assistant") &&
      typeof turn.text === "string" &&
      (turn.citations === undefined || Array.isArray(turn.citations))
    );
  }

  function saveState() {
    try {
      state.turns = state.turns.slice(-MAX_KEPT_TURNS);
      sessionStorage.setItem(storageKey, JSON.stringify(state));
    } catch (ignored) {
      /* quota or privacy mode: the widget still works, it just forgets on reload */
    }
  }

  var state = loadState();
  var busy = false;
  // Bumped by 新对话: a reply still on its way to the old conversation is then dropped, and its request
  // aborted.
  var generation = 0;
  var inFlight = null;

  /* The DOM. */
  var host = document.createElement(TAG);
  var shadow = host.attachShadow({ mode: "open" });
  if ("adoptedStyleSheets" in Document.prototype && typeof CSSStyleSheet.prototype.replaceSync === "function") {
    // A constructed sheet needs no inline <style>, so a host page with a strict style-src CSP still works.
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.appendChild(el("style", {}, [STYLES]));
  }

  var launcher = el(
    "button",
    {
      type: "button",
      class: "launcher",
      "aria-label": TEXT.open + "：" + title,
      "aria-haspopup": "dialog",
      "aria-expanded": "false",
      "aria-controls": "pa-panel",
    },
    [svgIcon(), el("span", { "aria-hidden": "true" }, [TEXT.launcher])]
  );
  var resetButton = el("button", { type: "button", class: "reset", "aria-label": TEXT.reset }, [TEXT.resetShort]);
  var closeButton = el("button", { type: "button", class: "close", "aria-label": TEXT.close }, ["×"]);
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": TEXT.log, tabindex: "0" });
  var clauseView = el("div", { class: "clause", role: "region", "aria-label": TEXT.clause, hidden: true });
  var input = el("textarea", {
    id: "pa-input",
    rows: "2",
    maxlength: String(MAX_CHARS),
    placeholder: TEXT.placeholder,
    "aria-label": TEXT.input,
  });
  var sendButton = el("button", { type: "submit", class: "send" }, [TEXT.send]);
  var form = el("form", { class: "composer", novalidate: true }, [
    el("label", { class: "label", for: "pa-input" }, [TEXT.input]),
    input,
    sendButton,
  ]);
  var panel = el(
    "section",
    { id: "pa-panel", class: "panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "pa-title", hidden: true },
    [
      el("div", { class: "head" }, [el("h2", { id: "pa-title" }, [title]), resetButton, closeButton]),
      log,
      clauseView,
      form,
      el("p", { class: "disclaimer" }, [TEXT.disclaimer]),
    ]
  );
  var root = el("div", { class: "root " + (onLeft ? "left" : "right") }, [launcher, panel]);
  // A custom property set on an element inside the shadow tree: the host page cannot reach it.
  root.style.setProperty("--pa-accent", color);
  shadow.appendChild(root);

  /* Rendering turns. */
  function highlighted(text, quote) {
    var at = quote ? text.indexOf(quote) : -1;
    if (at < 0) return [text];
    return [text.slice(0, at), el("mark", {}, [quote]), text.slice(at + quote.length)];
  }

  function showClause(citation, opener) {
    clauseView.textContent = "";
    var back = el("button", { type: "button", class: "back" }, [TEXT.back]);
    back.addEventListener("click", function () {
      hideClause();
      if (opener && opener.isConnected) opener.focus();
    });
    clauseView.appendChild(el("h3", { id: "pa-clause-title" }, [citation.clause_id + " " + citation.title]));
    clauseView.appendChild(el("p", {}, highlighted(citation.text, citation.quote)));
    clauseView.appendChild(back);
    clauseView.setAttribute("aria-labelledby", "pa-clause-title");
    log.hidden = true;
    form.hidden = true;
    clauseView.hidden = false;
    back.focus();
  }

  function hideClause() {
    clauseView.hidden = true;
    log.hidden = false;
    form.hidden = false;
  }

  function citationChips(citations) {
    var list = el("ul", { class: "chips", "aria-label": TEXT.citations });
    citations.forEach(function (citation) {
      var chip = el(
        "button",
        { type: "button", class: "chip", "aria-label": TEXT.openClause + citation.clause_id + " " + citation.title },
        [citation.clause_id]
      );
      chip.addEventListener("click", function () {
        showClause(citation, chip);
      });
      list.appendChild(el("li", {}, [chip]));
    });
    return list;
  }

  function calculationBlock(calculation) {
    var figure = calculation.amount_text + (calculation.eligible ? (calculation.capped ? TEXT.cap : "") : TEXT.notEligible);
    var details = el("details", { class: "calc" }, [
      el("summary", {}, [TEXT.calculation + "：" + calculation.title + " " + figure]),
      el(
        "ol",
        {},
        (calculation.steps || []).map(function (step) {
          return el("li", {}, [step]);
        })
      ),
    ]);
    details.addEventListener("toggle", function () {
      if (details.open) details.scrollIntoView({ block: "nearest" });
    });
    if (calculation.notes && calculation.notes.length) {
      details.appendChild(
        el(
          "ul",
          { class: "notes" },
          calculation.notes.map(function (note) {
            return el("li", {}, [note]);
          })
        )
      );
    }
    return details;
  }

  function turnNode(turn) {
    var classes = "msg " + (turn.role === "user" ? "user" : "bot");
    if (turn.status === "out_of_scope" || turn.status === "refused") classes += " notice";
    if (turn.error) classes += " error";
    var node = el("div", { class: classes }, [
      el("span", { class: "who" }, [(turn.role === "user" ? TEXT.you : TEXT.assistant) + "："]),
      el("div", { class: "bubble" }, [turn.text]),
    ]);
    if (turn.citations && turn.citations.length) node.appendChild(citationChips(turn.citations));
    if (turn.calculation) node.appendChild(calculationBlock(turn.calculation));
    return node;
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function renderLog() {
    log.textContent = "";
    log.appendChild(turnNode({ role: "assistant", text: TEXT.welcome }));
    state.turns.forEach(function (turn) {
      log.appendChild(turnNode(turn));
    });
    scrollToEnd();
  }

  /* Talking to the service. */
  function parseEvent(block) {
    var event = "message";
    var lines = [];
    block.split(/\r\n|\r|\n/).forEach(function (line) {
      if (line.indexOf("event:") === 0) event = line.slice(6).trim();
      else if (line.indexOf("data:") === 0) lines.push(line.slice(5).replace(/^ /, ""));
    });
    return lines.length ? { event: event, data: lines.join("\n") } : null;
  }

  function errorText(response, body) {
    if (response.status === 429) {
      var seconds = parseInt(response.headers.get("Retry-After") || "", 10);
      return TEXT.rateLimited(seconds > 0 ? seconds : 60);
    }
    if (body && typeof body.detail === "string" && response.status < 500) return body.detail;
    return TEXT.failed;
  }

  function ask(question, onDelta) {
    inFlight = typeof AbortController === "function" ? new AbortController() : null;
    return fetch(apiBase + "/api/chat/stream", {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      signal: inFlight ? inFlight.signal : undefined,
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ message: question, session_id: state.sessionId }),
    }).then(
      function (response) {
        if (!response.ok) {
          return response
            .json()
            .catch(function () {
              return null;
            })
            .then(function (body) {
              throw { shown: errorText(response, body) };
            });
        }
        return readStream(response, onDelta);
      },
      function () {
        throw { shown: TEXT.unreachable };
      }
    );
  }

  function readStream(response, onDelta) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder("utf-8");
    var buffer = "";
    var final = null;
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.value) buffer += decoder.decode(chunk.value, { stream: !chunk.done });
        var blocks = buffer.split(/\r\n\r\n|\n\n|\r\r/);
        buffer = chunk.done ? "" : blocks.pop();
        blocks.forEach(function (block) {
          var event = parseEvent(block);
          if (!event) return;
          if (event.event === "delta") onDelta(JSON.parse(event.data).text || "");
          else if (event.event === "final") final = JSON.parse(event.data);
        });
        if (chunk.done) {
          if (!final) throw { shown: TEXT.interrupted };
          return final;
        }
        return pump();
      });
    }
    return pump().catch(function (problem) {
      throw problem && problem.shown ? problem : { shown: TEXT.interrupted };
    });
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    log.setAttribute("aria-busy", value ? "true" : "false");
  }

  function submit() {
    if (busy) return;
    var question = input.value.trim();
    if (!question) return showError(TEXT.empty);
    if (question.length > MAX_CHARS) return showError(TEXT.tooLong);
    var asked = { role: "user", text: question };
    var mine = generation;
    log.appendChild(turnNode(asked));
    input.value = "";

    var pending = turnNode({ role: "assistant", text: TEXT.thinking });
    pending.classList.add("pending");
    var bubble = pending.querySelector(".bubble");
    var streamed = "";
    log.appendChild(pending);
    scrollToEnd();
    setBusy(true);

    ask(question, function (piece) {
      if (mine !== generation) return;
      if (!streamed) pending.classList.remove("pending");
      streamed += piece;
      bubble.textContent = streamed;
      scrollToEnd();
    })
      .then(function (reply) {
        if (mine !== generation) return;
        var turn = {
          role: "assistant",
          text: String(reply.answer),
          status: reply.status,
          citations: Array.isArray(reply.citations) ? reply.citations : [],
          calculation: reply.calculation || null,
        };
        var node = turnNode(turn); // built first: a reply that cannot be shown is not stored either
        state.sessionId = reply.session_id;
        // Kept only as a pair: a question that got no answer is not part of the conversation.
        state.turns.push(asked, turn);
        saveState();
        pending.replaceWith(node);
      })
      .catch(function (problem) {
        if (mine !== generation) return;
        pending.remove();
        showError((problem && problem.shown) || TEXT.failed);
        if (!input.value) input.value = question; // nothing to retype
      })
      .then(function () {
        if (mine !== generation) return;
        inFlight = null;
        setBusy(false);
        scrollToEnd();
        if (!panel.hidden && clauseView.hidden) input.focus();
      });
  }

  function showError(text) {
    // Shown, not kept: a failed turn is not part of the conversation on the next page load.
    log.appendChild(turnNode({ role: "assistant", text: text, error: true }));
    scrollToEnd();
  }

  /* Opening, closing, the keyboard. */
  function openPanel() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    saveState();
    scrollToEnd();
    input.focus();
  }

  function closePanel() {
    hideClause();
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    saveState();
    launcher.focus();
  }

  function composing(event) {
    return event.isComposing || event.keyCode === 229;
  }

  function focusable() {
    return Array.prototype.slice
      .call(panel.querySelectorAll("button, textarea, summary, [tabindex='0']"))
      .filter(function (node) {
        return !node.disabled && node.getClientRects().length > 0;
      });
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) openPanel();
    else closePanel();
  });
  closeButton.addEventListener("click", closePanel);
  resetButton.addEventListener("click", function () {
    generation += 1;
    if (inFlight) inFlight.abort();
    inFlight = null;
    setBusy(false);
    state = { sessionId: null, turns: [], open: true };
    saveState();
    hideClause();
    renderLog();
    input.focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit();
  });
  input.addEventListener("keydown", function (event) {
    // Enter sends; Shift+Enter starts a new line; an IME composing Chinese keeps its Enter (Safari
    // reports the composition's last Enter only through keyCode 229).
    if (composing(event)) return;
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  });
  panel.addEventListener("keydown", function (event) {
    if (composing(event)) return; // an IME's Esc cancels the composition, not the panel
    if (event.key === "Escape") {
      event.preventDefault();
      if (!clauseView.hidden) {
        hideClause();
        input.focus();
      } else {
        closePanel();
      }
      return;
    }
    if (event.key !== "Tab") return;
    // The dialog is modal: Tab and Shift+Tab cycle inside it.
    var nodes = focusable();
    if (!nodes.length) return;
    var first = nodes[0];
    var last = nodes[nodes.length - 1];
    var active = shadow.activeElement;
    if (event.shiftKey && (active === first || nodes.indexOf(active) < 0)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || nodes.indexOf(active) < 0)) {
      event.preventDefault();
      first.focus();
    }
  });

  function openModal() {
    try {
      return document.querySelector(":modal");
    } catch (unsupported) {
      return null;
    }
  }

  function showInTopLayer() {
    // Above a modal dialog the page opened first, the widget would be drawn but inert: wait for it.
    var modal = openModal();
    if (modal) {
      modal.addEventListener("close", showInTopLayer, { once: true });
      return;
    }
    if (root.isConnected && !root.matches(":popover-open")) root.showPopover();
  }

  function mount() {
    document.body.appendChild(host);
    var pageFilter = [document.documentElement, document.body]
      .map(function (node) {
        return getComputedStyle(node).filter;
      })
      .filter(function (value) {
        return value && value !== "none";
      })
      .join(" ");
    if (pageFilter) root.style.setProperty("--pa-page-filter", pageFilter);
    if (typeof root.showPopover === "function") {
      root.setAttribute("popover", "manual");
      showInTopLayer();
    }
    renderLog();
    if (state.open) {
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      scrollToEnd(); // a hidden log has no height to scroll
    }
    if (window.performance && performance.mark) {
      performance.mark(TAG + ":mounted");
      requestAnimationFrame(function () {
        performance.mark(TAG + ":visible");
      });
    }
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
