// Student page: join with the code, then answer the role's form each week (polls every 2 s).
//
// The browser makes a device secret once and keeps it (localStorage); every request carries it
// beside the role token, so a token copied to another browser is refused, and joining again from
// this browser gives the same role back.
"use strict";
(function () {
  const POLL_MS = 2000;
  const $ = (id) => document.getElementById(id);
  const cogov = window.cogov;
  const say = cogov.say;
  const bilingual = cogov.bilingual;
  let token = sessionStorage.getItem("cogov-token");
  let shownForm = null;
  let view = null;
  let timer = null;
  let offline = false;

  function deviceSecret() {
    const key = "cogov-device";
    let secret = null;
    try { secret = localStorage.getItem(key); } catch (e) { secret = null; }
    if (!secret || !/^[A-Za-z0-9_-]{22,128}$/.test(secret)) {
      const bytes = new Uint8Array(24);
      crypto.getRandomValues(bytes);
      secret = btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      try { localStorage.setItem(key, secret); } catch (e) { /* kept for this page only */ }
    }
    return secret;
  }
  const device = deviceSecret();

  async function call(path, body) {
    const options = { headers: { "Content-Type": "application/json", "X-Device": device } };
    if (token) options.headers["X-Token"] = token;
    if (body !== undefined) { options.method = "POST"; options.body = JSON.stringify(body); }
    const response = await fetch(path, options);
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    return { status: response.status, data: data };
  }

  // ------------------------------------------------------------------ the form
  function note(parent, option) {
    if (option.note_zh) bilingual(parent, option.note_zh, option.note_en, "div").className = "note";
  }

  function optionInput(field, option, k, chosen) {
    const input = document.createElement("input");
    input.type = field.kind === "many" ? "checkbox" : "radio";
    input.name = field.name;
    input.value = option.value;
    input.id = field.name + "-" + k;
    if (chosen !== undefined && chosen !== null) {
      const values = Array.isArray(chosen) ? chosen.map(String) : [String(chosen)];
      input.checked = values.indexOf(option.value) >= 0;
    }
    return input;
  }

  function listOptions(set, field, chosen) {
    field.options.forEach(function (option, k) {
      const label = document.createElement("label");
      label.className = "option";
      label.appendChild(optionInput(field, option, k, chosen));
      const text = document.createElement("div");
      bilingual(text, option.zh, option.en, "div");
      note(text, option);
      label.appendChild(text);
      set.appendChild(label);
    });
  }

  // The member's households as a small map of the building: one tile per flat, where it lives.
  function mapOptions(set, field, chosen) {
    const map = document.createElement("div");
    map.className = "building-map";
    map.style.gridTemplateColumns = "repeat(" + field.columns + ", 1fr)";
    field.options.forEach(function (option, k) {
      const tile = option.tile;
      const label = document.createElement("label");
      label.className = "tile" + (tile.problems ? " has-problems" : "") + (tile.weeks_since_visit === null ? " unvisited" : "");
      label.style.gridColumn = String(tile.x + 1);
      label.style.gridRow = String(tile.y + 1);
      label.title = option.zh + " / " + option.en;
      label.appendChild(optionInput(field, option, k, chosen));
      const flat = document.createElement("b");
      flat.textContent = String(tile.flat);
      label.appendChild(flat);
      const small = document.createElement("span");
      small.className = "tile-line";
      small.textContent = tile.age_zh + (tile.problems ? " · " + tile.problems + "件" : "");
      label.appendChild(small);
      const visited = document.createElement("span");
      visited.className = "tile-line";
      visited.textContent = tile.weeks_since_visit === null ? "未走访" : tile.weeks_since_visit + "周前";
      label.appendChild(visited);
      map.appendChild(label);
    });
    set.appendChild(map);
    bilingual(set, "格子里：户号、年龄段、未解决问题件数、上次走访。红框：有未解决的问题；虚线：从没走访过。",
      "Each tile: flat, age group, open problems, last visit. Red: open problems; dashed: never visited.", "div").className = "hint";
  }

  function applies(field, answers) {
    if (!field.requires) return true;
    return Object.keys(field.requires).every((name) => answers[name] === field.requires[name]);
  }

  function current() {
    const answers = {};
    for (const field of view.form) {
      const inputs = Array.from(document.querySelectorAll('input[name="' + field.name + '"]'));
      if (field.kind === "many") answers[field.name] = inputs.filter((i) => i.checked).map((i) => i.value);
      else {
        const picked = inputs.find((i) => i.checked);
        if (picked) answers[field.name] = picked.value;
      }
    }
    return answers;
  }

  // Questions that apply only after another answer (volunteering needs taking part) show only then.
  function showApplicable() {
    const answers = current();
    for (const field of view.form) {
      const set = document.querySelector('fieldset[data-field="' + field.name + '"]');
      if (set) set.classList.toggle("hidden", !applies(field, answers));
    }
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
      if (field.layout === "map") mapOptions(set, field, chosen);
      else listOptions(set, field, chosen);
      form.appendChild(set);
    });
    const button = document.createElement("button");
    button.type = "submit";
    button.className = "submit";
    button.id = "submit";
    bilingual(button, "提交本周决定", "Submit this week's decision");
    form.appendChild(button);
    shownForm = v.form_id;
    showApplicable();
  }

  function collect() {
    const answers = current();
    const sent = {};
    for (const field of view.form) {
      if (!applies(field, answers)) continue;
      if (field.kind === "many") {
        if (answers[field.name].length > field.most) {
          say("“" + field.label_zh + "”最多选 " + field.most + " 户", "error", "at most " + field.most + " choices");
          return null;
        }
      } else if (answers[field.name] === undefined) {
        say("还没回答：" + field.label_zh, "error", "please answer: " + field.label_en);
        return null;
      }
      sent[field.name] = answers[field.name];
    }
    return sent;
  }

  // ------------------------------------------------------------------ what the page shows
  function showLastWeek(v) {
    const box = $("last-week");
    const last = v.last_week;
    if (!last) { box.classList.add("hidden"); return; }
    box.classList.remove("hidden");
    box.textContent = "";
    bilingual(box, "第 " + (last.week + 1) + " 周的结果", "Week " + (last.week + 1) + ": what happened", "h2");
    if (last.simulated) {
      bilingual(box, "这一周你们没有作答，由模拟代为决定。", "Nobody in your role answered that week; the simulation decided.", "div").className = "sim";
    }
    if (last.decided_zh) bilingual(box, "决定：" + last.decided_zh, "Decision: " + last.decided_en, "div").className = "decided";
    const list = document.createElement("ul");
    (last.result || []).forEach(function (line) { bilingual(list, line[0], line[1], "li"); });
    box.appendChild(list);
  }

  function showPhase(v) {
    const box = $("phase");
    box.textContent = "";
    box.className = "card phase " + v.phase;
    if (v.phase === "between") {
      bilingual(box, "老师还没开始这一轮：可以先看看选项、先作答，老师推进到下一周时生效。",
        "The teacher has not started the round: read the choices and answer if you like; it counts when the teacher plays the next week.", "div");
    } else if (v.answered) {
      bilingual(box, "已提交，等待其他同学（" + v.answered_count + " / " + v.present_count + " 人已提交）。本周结束前可以修改。",
        "Submitted; waiting for the others (" + v.answered_count + " of " + v.present_count + "). You may change it until the week closes.", "div");
    } else {
      bilingual(box, "请作出本周的决定（" + v.answered_count + " / " + v.present_count + " 人已提交）。",
        "Make this week's decision (" + v.answered_count + " of " + v.present_count + " submitted).", "div");
    }
    document.body.dataset.phase = v.phase;
  }

  function render(v) {
    view = v;
    $("join").classList.add("hidden");
    $("play").classList.remove("hidden");
    $("me").textContent = v.name;
    $("role-zh").textContent = v.role_zh;
    $("role-en").textContent = v.role_en;
    const label = $("week-label");
    label.textContent = "";
    bilingual(label, "第 " + v.week + " 周 · 决定下一周怎么做", "Week " + v.week + " · decide for the coming week");
    const situation = $("situation");
    situation.textContent = "";
    bilingual(situation, v.situation_zh, v.situation_en);
    const countdown = $("countdown");
    countdown.textContent = "";
    if (v.seconds_left !== null) bilingual(countdown, "剩余 " + Math.ceil(v.seconds_left) + " 秒", "s left");
    document.body.dataset.week = String(v.week);
    document.body.dataset.answered = v.answered ? "yes" : "no";
    document.body.dataset.role = v.role;
    showPhase(v);
    if (shownForm !== v.form_id) { buildForm(v); showLastWeek(v); if (!v.answered) say(""); }
  }

  function stop(zh, en) {
    clearInterval(timer);
    sessionStorage.removeItem("cogov-token");
    token = null;
    $("play").classList.add("hidden");
    $("join").classList.remove("hidden");
    say(zh, "error", en);
  }

  async function poll() {
    if (!token) return;
    const result = await call("api/state").catch(() => null);
    if (result === null) {
      offline = true;
      say("暂时连不上课堂，正在重试…", "error", "Cannot reach the class; retrying…");
      return;
    }
    if (offline) { offline = false; say(""); }
    if (result.status === 200) render(result.data);
    else if (result.status === 410) finish();
    else if (result.status === 401 || result.status === 403) stop(result.data.error_zh || "请重新加入", result.data.error_en || "join again");
  }

  function finish() {
    clearInterval(timer);
    $("play").classList.add("hidden");
    $("join").classList.add("hidden");
    $("ended").classList.remove("hidden");
    document.body.dataset.ended = "yes";
  }

  function started(data) {
    token = data.token;
    sessionStorage.setItem("cogov-token", token);
    say("");
    render(data);
    clearInterval(timer);
    timer = setInterval(poll, POLL_MS);
  }

  $("join").addEventListener("submit", async function (event) {
    event.preventDefault();
    const result = await call("api/join", { code: $("code").value, name: $("name").value, device: device });
    if (result.status !== 201) { cogov.sayError(result); return; }
    started(result.data);
  });

  $("choices").addEventListener("change", showApplicable);
  $("choices").addEventListener("submit", async function (event) {
    event.preventDefault();
    if (!view) return;
    const answers = collect();
    if (answers === null) return;
    const result = await call("api/answer", { week: view.week, role: view.role, answers: answers });
    if (result.status === 200) {
      say("已提交，本周结束前可以修改。", "ok", "Submitted; you may change it until the week closes.");
      document.body.dataset.answered = "yes";
      poll();
    } else if (result.status === 410) finish();
    else cogov.sayError(result);
  });

  cogov.englishSwitch($("english"));
  // The teacher's page opens this page with a one-time ticket for the secretary's role in the
  // fragment (never sent to a server by the browser); it is used once, then removed.
  if (location.hash.startsWith("#ticket=")) {
    const ticket = decodeURIComponent(location.hash.slice(8));
    history.replaceState(null, "", location.pathname);
    call("api/join", { ticket: ticket, device: device }).then(function (result) {
      if (result.status === 201) started(result.data); else cogov.sayError(result);
    });
  }
  const code = new URLSearchParams(location.search).get("code");
  if (code) $("code").value = code;
  if (token) { poll(); timer = setInterval(poll, POLL_MS); }
})();
