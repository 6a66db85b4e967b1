// Teacher page (loopback only): polls the session every second, redraws after each week.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let shownWeek = -1;
  let shownChanges = -1;
  let leversFilled = false;
  let ended = false;

  const say = window.cogov.say;

  async function control(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Cogov-Teacher": "1" },
      body: JSON.stringify(body || {}),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) say(data.error || ("HTTP " + response.status));
    else say("");
    refresh();
    return response.ok;
  }

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
  }

  function fillLevers(levers) {
    const select = $("lever-name");
    levers.forEach(function (lever) {
      const option = document.createElement("option");
      option.value = lever.name;
      option.textContent = lever.label_zh + " " + lever.label_en;
      select.appendChild(option);
    });
    leversFilled = true;
  }

  function showLever(levers) {
    const lever = levers.find((l) => l.name === $("lever-name").value);
    if (!lever) return;
    const range = lever.kind === "bool" ? "true / false" : lever.minimum + "–" + lever.maximum;
    $("lever-now").textContent = "当前 now: " + lever.value + " (" + range + ")";
  }

  async function redraw(week) {
    const community = await fetch("community?week=" + week).then((r) => r.text());
    $("community").innerHTML = community;  // server-drawn SVG and key
    const charts = await fetch("charts").then((r) => r.text());
    $("charts").innerHTML = charts;  // server-drawn SVG; no student text inside
  }

  async function showDebrief() {
    const html = await fetch("debrief").then((r) => r.text());
    $("debrief").innerHTML = html;  // server-escaped
    $("debrief-section").classList.remove("hidden");
    document.body.dataset.debrief = "shown";
  }

  async function refresh() {
    const response = await fetch("api/state").catch(() => null);
    if (!response || !response.ok) return;
    const s = await response.json();
    $("scenario").textContent = s.title_zh + " " + s.title_en + " · " + s.scenario + " · 种子 seed " + s.seed;
    $("week").textContent = String(s.week + 1);
    $("answered").textContent = s.answered;
    $("present").textContent = s.present;
    $("students").textContent = s.students;
    $("join-code").textContent = s.join_code;
    $("student-url").textContent = s.student_url;
    $("countdown").textContent = s.seconds_left === null ? "" :
      "倒计时 " + Math.ceil(s.seconds_left) + " 秒，本轮还剩 " + s.round_weeks_left + " 周 / " +
      Math.ceil(s.seconds_left) + " s, " + s.round_weeks_left + " weeks left in the round";
    if (s.ended) $("countdown").textContent = "课堂已结束，共 " + s.week + " 周 / session ended after " + s.week + " weeks";
    document.body.dataset.week = String(s.week);
    document.body.dataset.students = String(s.students);
    document.body.dataset.answered = String(s.answered);
    const body = $("roster").querySelector("tbody");
    body.textContent = "";
    s.roster.forEach(function (r) {
      const row = document.createElement("tr");
      row.className = (r.answered ? "answered" : "") + (r.present ? "" : " away");
      cell(row, r.name);
      cell(row, r.role_zh + " " + r.role_en);
      cell(row, (s.ended ? "已结束 ended" : r.answered ? "已作答 answered" : r.present ? "等待 waiting" : "离开 away") +
        (r.weeks_simulated ? " · 模拟代答 " + r.weeks_simulated + " 周 simulated" : ""));
      body.appendChild(row);
    });
    if (!leversFilled) fillLevers(s.levers);
    $("secretary").classList.toggle("hidden", s.secretary !== "teacher");
    showLever(s.levers);
    const list = $("interventions");
    list.textContent = "";
    s.interventions.forEach(function (c) {
      const li = document.createElement("li");
      li.textContent = "第 " + c.week + " 周后 " + c.label_zh + " " + c.old + " → " + c.new + " / after week " + c.week + ", " + c.label_en;
      list.appendChild(li);
    });
    if (s.week !== shownWeek || s.interventions.length !== shownChanges) {
      shownWeek = s.week;
      shownChanges = s.interventions.length;
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
    const raw = $("lever-value").value.trim();
    let value = raw;
    if (raw === "true" || raw === "false") value = raw === "true";
    else if (raw !== "" && !isNaN(Number(raw))) value = Number(raw);
    control("api/lever", { name: $("lever-name").value, value: value });
  });
  $("secretary").addEventListener("click", async function () {
    const response = await fetch("api/secretary", {
      method: "POST", headers: { "Content-Type": "application/json", "X-Cogov-Teacher": "1" }, body: "{}" });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) { say(data.error || ("HTTP " + response.status)); return; }
    $("secretary").disabled = true;
    window.open(data.url, "_blank");
  });
  $("end").addEventListener("click", function () {
    if (confirm("结束课堂？学生将无法再作答。End the session? Students can no longer answer.")) control("api/end");
  });
  $("lever-name").addEventListener("change", refresh);
  fetch("qr.svg").then((r) => r.text()).then((svg) => { $("qr").innerHTML = svg; });
  refresh();
  setInterval(refresh, 1000);
})();
