// Helpers shared by the student and teacher pages.
"use strict";
window.cogov = {
  // A text in both languages: the Chinese, then the English in a grey span the reader may hide.
  bilingual: function (parent, zh, en, tag) {
    const node = document.createElement(tag || "span");
    node.appendChild(document.createTextNode(zh));
    if (en) {
      const small = document.createElement("span");
      small.className = "en";
      small.textContent = " " + en;  // the space goes with the English, so hiding it leaves none
      node.appendChild(small);
    }
    if (parent) parent.appendChild(node);
    return node;
  },
  // Show one message (or clear with an empty text) in the page's #messages box.
  say: function (zh, kind, en) {
    const box = document.getElementById("messages");
    box.textContent = "";
    if (!zh) return;
    window.cogov.bilingual(box, zh, en || "", "div").className = "message " + (kind || "error");
  },
  // The message of a refused request, in both languages.
  sayError: function (result) {
    const data = result.data || {};
    if (data.error_zh) window.cogov.say(data.error_zh, "error", data.error_en);
    else window.cogov.say("出错了（代码 " + result.status + "）", "error", "Error (HTTP " + result.status + ")");
  },
  // The switch that hides the English lines, remembered by this browser.
  englishSwitch: function (button) {
    const key = "cogov-chinese-only";
    const apply = function (hidden) {
      document.body.classList.toggle("zh-only", hidden);
      button.textContent = hidden ? "中英对照" : "只看中文";
      button.setAttribute("aria-pressed", hidden ? "true" : "false");
    };
    let hidden = false;
    try { hidden = window.localStorage.getItem(key) === "1"; } catch (e) { hidden = false; }
    apply(hidden);
    button.addEventListener("click", function () {
      hidden = !document.body.classList.contains("zh-only");
      try { window.localStorage.setItem(key, hidden ? "1" : "0"); } catch (e) { /* not kept */ }
      apply(hidden);
    });
  },
};
