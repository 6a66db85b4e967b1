// Student page: join with the code, then answer the role's form each week (polls every 2 s).
"use strict";
(function () {
  const POLL_MS = 2000;
  const $ = (id) => document.getElementById(id);
  let token = sessionStorage.getItem("cogov-token");
  let formWeek = null;
  let view = null;
  let timer = null;

  const say = window.cogov.say;

  async function call(path, body) {
    const options = { headers: { "Content-Type": "application/json" } };
    if (token) options.headers["X-Token"] = token;
    if (body !== undefined) { options.method = "POST"; options.body = JSON.stringify(body); }
    const response = await fetch(path, options);
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    return { status: response.status, data: data };
  }

  function bilingual(parent, zh, en, tag) {
    const node = document.createElement(tag || "span");
    node.appendChild(document.createTextNode(zh + " "));
    const small = document.createElement("span");
    small.className = "en";
    small.textContent = en;
    node.appendChild(small);
    parent.appendChild(node);
    return node;
  }

  function buildForm(v) {
    const form = $("choices");
    form.textContent = "";
    v.form.forEach(function (field) {
      const set = document.createElement("fieldset");
      set.dataset.field = field.name;
      const legend = document.createElement("legend");
      bilingual(legend, field.label_zh, field.label_en);
      set.appendChild(legend);
      if (field.hint_zh) bilingual(set, field.hint_zh, field.hint_en, "div").className = "hint";
      const chosen = v.answers ? v.answers[field.name] : undefined;
      field.options.forEach(function (option, k) {
        const label = document.createElement("label");
        label.className = "option";
        const input = document.createElement("input");
        input.type = field.kind === "many" ? "checkbox" : "radio";
        input.name = field.name;
        input.value = option.value;
        input.id = field.name + "-" + k;
        if (chosen !== undefined && chosen !== null) {
          const values = Array.isArray(chosen) ? chosen.map(String) : [String(chosen)];
          input.checked = values.indexOf(option.value) >= 0;
        }
        label.appendChild(input);
        bilingual(label, option.zh, option.en);
        set.appendChild(label);
      });
      form.appendChild(set);
    });
    const button = document.createElement("button");
    button.type = "submit";
    button.className = "submit";
    button.id = "submit";
    bilingual(button, "提交本周决定", "Submit this week's decision");
    form.appendChild(button);
    formWeek = v.week;
  }

  function collect(v) {
    const answers = {};
    for (const field of v.form) {
      const inputs = Array.from(document.querySelectorAll('input[name="' + field.name + '"]'));
      if (field.kind === "many") {
        const values = inputs.filter((i) => i.checked).map((i) => i.value);
        if (values.length > field.most) {
          say("“" + field.label_zh + "”最多选 " + field.most + " 项 / at most " + field.most + " choices");
          return null;
        }
        answers[field.name] = values;
      } else {
        const picked = inputs.find((i) => i.checked);
        if (!picked) { say("请回答：" + field.label_zh + " / please answer: " + field.label_en); return null; }
        answers[field.name] = picked.value;
      }
    }
    return answers;
  }

  function showLastWeek(v) {
    const box = $("last-week");
    const last = v.last_week;
    if (!last) { box.classList.add("hidden"); return; }
    box.classList.remove("hidden");
    box.textContent = "";
    if (last.simulated) {
      bilingual(box, "上周你们没有作答，由模拟代为决定。", "Last week nobody in your role answered; the simulation decided.", "div").className = "sim";
    } else {
      bilingual(box, "上周的决定已生效。", "Last week's decision took effect.", "div");
    }
    if (last.decided_zh) bilingual(box, last.decided_zh, last.decided_en, "div").className = "decided";
  }

  function render(v) {
    view = v;
    $("join").classList.add("hidden");
    $("play").classList.remove("hidden");
    $("me").textContent = v.name;
    $("role-zh").textContent = v.role_zh;
    $("role-en").textContent = v.role_en;
    $("week").textContent = String(v.week + 1);
    $("situation").textContent = v.situation_zh + " / " + v.situation_en;
    $("countdown").textContent = v.seconds_left === null ? "" : "剩余 " + Math.ceil(v.seconds_left) + " 秒 / s left";
    document.body.dataset.week = String(v.week);
    document.body.dataset.answered = v.answered ? "yes" : "no";
    document.body.dataset.role = v.role;
    if (formWeek !== v.week) { buildForm(v); showLastWeek(v); if (!v.answered) say(""); }
  }

  async function poll() {
    if (!token) return;
    const result = await call("api/state").catch(() => null);
    if (result === null) return;
    if (result.status === 200) render(result.data);
    else if (result.status === 410) finish();
    else if (result.status === 401) { sessionStorage.removeItem("cogov-token"); token = null; location.reload(); }
  }

  function finish() {
    clearInterval(timer);
    $("play").classList.add("hidden");
    $("join").classList.add("hidden");
    $("ended").classList.remove("hidden");
    document.body.dataset.ended = "yes";
  }

  $("join").addEventListener("submit", async function (event) {
    event.preventDefault();
    const result = await call("api/join", { code: $("code").value, name: $("name").value });
    if (result.status !== 201) { say(result.data.error || ("HTTP " + result.status)); return; }
    token = result.data.token;
    sessionStorage.setItem("cogov-token", token);
    say("");
    render(result.data);
    timer = setInterval(poll, POLL_MS);
  });

  $("choices").addEventListener("submit", async function (event) {
    event.preventDefault();
    if (!view) return;
    const answers = collect(view);
    if (answers === null) return;
    const result = await call("api/answer", { week: view.week, role: view.role, answers: answers });
    if (result.status === 200) {
      say("已提交，本周结束前可以修改。/ Submitted; you may change it until the week closes.", "ok");
      document.body.dataset.answered = "yes";
    } else if (result.status === 410) finish();
    else say(result.data.error || ("HTTP " + result.status));
  });

  // The teacher's page opens this page with the secretary's token in the fragment (never sent to a server).
  if (location.hash.startsWith("#token=")) {
    token = decodeURIComponent(location.hash.slice(7));
    sessionStorage.setItem("cogov-token", token);
    history.replaceState(null, "", location.pathname);
  }
  const code = new URLSearchParams(location.search).get("code");
  if (code) $("code").value = code;
  if (token) { poll(); timer = setInterval(poll, POLL_MS); }
})();
