// Teacher page (loopback only): polls the session every second, redraws after each week.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const cogov = window.cogov;
  const say = cogov.say;
  const bilingual = cogov.bilingual;
  let shownWeek = -1;
  let shownChanges = -1;
  let shownLarge = null;
  let leversFilled = false;
  let ended = false;
  let state = null;

  async function control(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Cogov-Teacher": "1" },
      body: JSON.stringify(body || {}),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) cogov.sayError({ status: response.status, data: data });
    else if (data.message_zh) say(data.message_zh, "ok", data.message_en);
    else say("");
    refresh();
    return { ok: response.ok, data: data };
  }

  function cell(row, zh, en, className) {
    const td = document.createElement("td");
    bilingual(td, zh, en || "");
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  // ------------------------------------------------------------------ levers
  function fillLevers(levers) {
    const select = $("lever-name");
    levers.forEach(function (lever) {
      const option = document.createElement("option");
      option.value = lever.name;
      option.textContent = lever.label_zh;
      select.appendChild(option);
    });
    leversFilled = true;
    showLever(levers, true);
  }

  function showLever(levers, reset) {
    const lever = levers.find((l) => l.name === $("lever-name").value);
    if (!lever) return;
    const now = $("lever-now");
    now.textContent = "";
    bilingual(now, "当前 " + lever.value_zh + "（" + lever.allowed_zh + "）", "now " + lever.value_en + " (" + lever.allowed_en + ")");
    const input = $("lever-value");
    if (reset) input.value = lever.kind === "bool" ? (lever.value ? "开" : "关") : String(lever.value);
    input.placeholder = lever.kind === "bool" ? "开 / 关" : "";
  }

  function leverValue(raw, kind) {
    const text = raw.trim();
    if (kind === "bool") {
      if (["开", "是", "true", "1", "on"].indexOf(text.toLowerCase()) >= 0) return true;
      if (["关", "否", "false", "0", "off"].indexOf(text.toLowerCase()) >= 0) return false;
      return text;
    }
    if (text !== "" && !isNaN(Number(text))) return Number(text);
    return text;
  }

  // ------------------------------------------------------------------ drawings
  async function redraw(week) {
    const style = document.body.classList.contains("presentation") ? "presentation" : "normal";
    const community = await fetch("community?week=" + week + "&style=" + style).then((r) => r.text());
    $("community").innerHTML = community;  // server-drawn SVG and key
    const charts = await fetch("charts?style=" + style).then((r) => r.text());
    $("charts").innerHTML = charts;  // server-drawn SVG; no student text inside
  }

  async function showDebrief() {
    const html = await fetch("debrief").then((r) => r.text());
    $("debrief").innerHTML = html;  // server-escaped
    $("debrief-section").classList.remove("hidden");
    document.body.dataset.debrief = "shown";
  }

  // ------------------------------------------------------------------ the roster
  function rosterActions(td, r, freeRoles) {
    if (r.ended) return;
    const box = document.createElement("div");
    box.className = "roster-actions";
    if (!r.teacher) {
      const move = document.createElement("select");
      move.setAttribute("aria-label", "改派角色");
      const first = document.createElement("option");
      first.value = "";
      first.textContent = "改派…";
      move.appendChild(first);
      freeRoles.forEach(function (role) {
        const option = document.createElement("option");
        option.value = role.role;
        option.textContent = role.title_zh;
        move.appendChild(option);
      });
      move.addEventListener("change", function () {
        if (move.value) control("api/reassign", { number: r.number, role: move.value });
      });
      box.appendChild(move);
    }
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "secondary remove";
    remove.textContent = "移出";
    remove.addEventListener("click", function () {
      if (confirm("把「" + r.name + "」移出课堂？其角色会空出来，这台设备不能再加入。\nRemove " + r.name + "? The role is freed; this device cannot join again.")) control("api/remove", { number: r.number });
    });
    box.appendChild(remove);
    td.appendChild(box);
  }

  function showRoster(s) {
    const body = $("roster").querySelector("tbody");
    // Keep the roster still while the teacher is choosing in one of its menus.
    if (body.contains(document.activeElement) && document.activeElement.tagName === "SELECT") return;
    body.textContent = "";
    s.roster.forEach(function (r) {
      const row = document.createElement("tr");
      row.className = (r.answered ? "answered" : "") + (r.present ? "" : " away");
      row.dataset.number = String(r.number);
      cell(row, String(r.number));
      cell(row, r.name);
      cell(row, r.role_zh, r.role_en);
      const status = s.ended ? ["已结束", "ended"] : r.answered ? ["已作答", "answered"] : r.present ? ["等待", "waiting"] : ["离开", "away"];
      const td = cell(row, status[0], status[1]);
      if (r.weeks_simulated) bilingual(td, " · 模拟代答 " + r.weeks_simulated + " 周", "simulated " + r.weeks_simulated + " wk");
      rosterActions(cell(row, ""), r, s.free_roles);
      body.appendChild(row);
    });
  }

  // ------------------------------------------------------------------ the state
  async function refresh() {
    const response = await fetch("api/state").catch(() => null);
    if (!response || !response.ok) return;
    const s = await response.json();
    state = s;
    const scenario = $("scenario");
    scenario.textContent = "";
    bilingual(scenario, s.title_zh, s.title_en);
    scenario.appendChild(document.createTextNode(" · " + s.scenario + " · 种子 " + s.seed));
    $("week").textContent = String(s.week);
    $("answered").textContent = s.answered;
    $("present").textContent = s.present;
    $("students").textContent = s.students;
    $("join-code").textContent = s.join_code;
    $("student-url").textContent = s.student_url;
    const countdown = $("countdown");
    countdown.textContent = "";
    if (s.ended) bilingual(countdown, "课堂已结束，共 " + s.week + " 周", "session ended after " + s.week + " weeks");
    else if (s.seconds_left !== null) {
      bilingual(countdown, "倒计时 " + Math.ceil(s.seconds_left) + " 秒，本轮还剩 " + s.round_weeks_left + " 周",
        Math.ceil(s.seconds_left) + " s, " + s.round_weeks_left + " weeks left in the round");
    }
    document.body.dataset.week = String(s.week);
    document.body.dataset.students = String(s.students);
    document.body.dataset.answered = String(s.answered);
    showRoster(s);
    if (!leversFilled) fillLevers(s.levers);
    $("secretary").classList.toggle("hidden", s.secretary !== "teacher");
    showLever(s.levers, false);
    const list = $("interventions");
    list.textContent = "";
    s.interventions.forEach(function (c) { bilingual(list, c.event_zh, c.event_en, "li"); });
    const large = document.body.classList.contains("presentation");
    if (s.week !== shownWeek || s.interventions.length !== shownChanges || large !== shownLarge) {
      shownWeek = s.week;
      shownChanges = s.interventions.length;
      shownLarge = large;
      redraw(s.week);
    }
    ["advance", "start-round", "apply-lever", "end"].forEach((id) => { $(id).disabled = s.ended; });
    if (s.ended && !ended) { ended = true; showDebrief(); }
  }

  $("advance").addEventListener("click", () => control("api/advance"));
  $("start-round").addEventListener("click", () => control("api/round", {
    weeks: parseInt($("round-weeks").value, 10), seconds: parseInt($("round-seconds").value, 10) }));
  $("stop-round").addEventListener("click", () => control("api/stop"));
  $("apply-lever").addEventListener("click", function () {
    const lever = state && state.levers.find((l) => l.name === $("lever-name").value);
    control("api/lever", { name: $("lever-name").value, value: leverValue($("lever-value").value, lever ? lever.kind : "") });
  });
  $("secretary").addEventListener("click", async function () {
    const result = await control("api/secretary");
    if (!result.ok) return;
    $("secretary").disabled = true;
    window.open(result.data.url, "_blank");
  });
  $("end").addEventListener("click", function () {
    if (confirm("结束课堂？学生将无法再作答。\nEnd the session? Students can no longer answer.")) control("api/end");
  });
  $("lever-name").addEventListener("change", function () { if (state) showLever(state.levers, true); });
  // Presentation mode: larger text and charts for a projector (remembered by this browser).
  const presentation = $("presentation");
  function present(on) {
    document.body.classList.toggle("presentation", on);
    presentation.setAttribute("aria-pressed", on ? "true" : "false");
    try { localStorage.setItem("cogov-presentation", on ? "1" : "0"); } catch (e) { /* not kept */ }
    refresh();
  }
  presentation.addEventListener("click", () => present(!document.body.classList.contains("presentation")));
  let presenting = false;
  try { presenting = localStorage.getItem("cogov-presentation") === "1"; } catch (e) { presenting = false; }
  if (presenting) document.body.classList.add("presentation");
  cogov.englishSwitch($("english"));
  fetch("qr.svg").then((r) => r.text()).then((svg) => { $("qr").innerHTML = svg; });
  refresh();
  setInterval(refresh, 1000);
})();
