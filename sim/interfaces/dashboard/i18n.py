"""The dashboard's one translation table, and helpers that read every other label from its source.

Text shown by the dashboard comes from exactly four places:

* parameter labels, units, ranges and group titles: :mod:`sim.parameters` (``REGISTRY``, ``GROUPS``);
* outcome labels: :mod:`sim.model.outcomes` (``OUTCOMES``);
* scenario titles, descriptions and info cards: the scenario files in ``scenarios/``;
* everything else (buttons, legends, chart titles, tooltips, source citations): :data:`TEXT`,
  :data:`MEANINGS_ZH`, :data:`SOURCES` and :data:`HYPOTHESES` below.

Every entry is a pair ``(Simplified Chinese, English)``. No other dashboard module holds
user-facing literals (``tests/dashboard/test_i18n.py`` checks that no Chinese text hides in them).
"""

from __future__ import annotations

import os

from sim.model.outcomes import OUTCOMES
from sim.parameters import GROUPS, REGISTRY

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LANGUAGE_ENVIRONMENT_VARIABLE = "COGOV_DASHBOARD_LANG"

TEXT: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ page
    "app.title": ("党领共治社区模拟课堂", "Party-led co-governance: a classroom simulator"),
    "app.switch_language": ("English", "中文"),
    "app.switch_language_tooltip": ("切换为英文界面", "Switch the interface to Chinese"),
    "app.week": ("第 {week} 周", "Week {week}"),
    "app.households": ("{count} 户居民", "{count} households"),
    "server.running": ("课堂看板已启动：{address}（按 Ctrl+C 停止）", "Classroom dashboard running at {address} (press Ctrl+C to stop)"),
    # ------------------------------------------------------------------ controls
    "controls.title": ("控制面板", "Controls"),
    "controls.scenario": ("预设情景", "Preset scenario"),
    "controls.scenario_modified": ("预设情景（已修改，见干预记录）", "Preset scenario (modified: see the interventions)"),
    "controls.scenario_tooltip": (
        "从 scenarios/ 文件夹读取的预设情景；选择后滑块回到该情景的取值。",
        "Preset scenarios read from the scenarios/ folder; choosing one puts the sliders at its values.",
    ),
    "controls.comparison": ("对比情景", "Comparison scenario"),
    "controls.side_by_side": ("并排对比", "Side by side"),
    "controls.side_by_side_tooltip": (
        "两个情景使用同一个随机种子同步运行，图中叠加显示：差别来自政策，而不是运气。",
        "Two scenarios run together on the same seed with their plots overlaid: the difference comes from the policy, not from chance.",
    ),
    "controls.side_by_side_note": (
        "滑块只调整左边的情景 A；情景 B 保持预设取值。",
        "The sliders change scenario A only; scenario B keeps its preset values.",
    ),
    "controls.seed": ("随机种子", "Random seed"),
    "controls.seed_tooltip": (
        "同一情景、同一种子，每次运行结果完全相同。",
        "The same scenario and seed always give exactly the same run.",
    ),
    "controls.seed_invalid": (
        "随机种子必须是 0 到 4294967295 之间的整数，已保留原值 {seed}。",
        "The seed must be a whole number from 0 to 4294967295; kept {seed}.",
    ),
    "controls.step": ("单步", "Step"),
    "controls.step_tooltip": ("前进一周", "Advance one week"),
    "controls.play": ("运行", "Play"),
    "controls.pause": ("暂停", "Pause"),
    "controls.play_tooltip": ("连续运行，再点一次暂停", "Run continuously; click again to pause"),
    "controls.reset": ("重置", "Reset"),
    "controls.reset_tooltip": ("用当前设置从第 0 周重新开始", "Start again from week 0 with the current settings"),
    "controls.restart_note": (
        "运行开始后移动滑块，从下一周起生效，不重新开始；换情景或种子则从第 0 周重新开始。",
        "Once the run has started, a slider change applies from the next week without a restart; "
        "changing the scenario or the seed starts again from week 0.",
    ),
    "controls.replay": ("重演", "Replay"),
    "controls.replay_tooltip": (
        "从第 0 周重新开始，并在原来的周次重做同样的干预",
        "Start again from week 0 and make the same interventions at the same weeks",
    ),
    "controls.reset_tooltip_events": ("从第 0 周重新开始，清空干预记录", "Start again from week 0 and clear the interventions"),
    "controls.speed": ("速度（周/秒）", "Speed (weeks per second)"),
    "controls.speed_max": ("最快", "max"),
    "controls.speed_achieved": (
        "实际 {rate} 周/秒：本机达不到所选的 {speed} 周/秒",
        "Playing {rate} weeks/s: this computer cannot reach the chosen {speed}",
    ),
    "controls.speed_achieved_max": ("实际 {rate} 周/秒", "Playing {rate} weeks/s"),
    "controls.redraw_every": ("每隔几周重画一次", "Redraw every … weeks"),
    "controls.run_to": ("运行到第几周", "Run to week"),
    "controls.run_to_button": ("运行到", "Run to"),
    "controls.run_to_help": ("到这一周自动暂停。", "Play pauses at this week."),
    "controls.presentation": ("投影模式", "Presentation mode"),
    "controls.presentation_help": ("大字号、大标记，适合投影；下次打开仍保持。", "Large text and markers for a projector; remembered next time."),
    "controls.full_range": ("纵轴固定为 0–100%", "Fix rate axes at 0–100%"),
    "controls.set_up_only": (
        "“{label}”在建立社区时就确定了，运行中不能改变：点“重置”后按新值从第 0 周开始。",
        "“{label}” is fixed when the community is set up and cannot change during a run: press Reset to start from week 0 with the new value.",
    ),
    "controls.lesson": ("课程文件", "Lesson file"),
    "controls.save_lesson": ("保存干预方案", "Save the lesson"),
    "controls.load_lesson": ("载入干预方案（JSON）", "Load a lesson (JSON)"),
    "controls.lesson_help": (
        "保存情景、种子和干预（周次与改动），下次载入即可重演同一堂课。",
        "Saves the scenario, the seed and the interventions (weeks and changes); loading it replays the same lesson.",
    ),
    "controls.lesson_loaded": ("已载入课程文件 {name}，共 {count} 项干预。", "Loaded the lesson {name} with {count} intervention(s)."),
    "controls.export": ("导出", "Export"),
    "controls.export_csv": ("运行数据（CSV）", "Run data (CSV)"),
    "controls.export_record": ("课堂记录（HTML）", "Class record (HTML)"),
    "controls.export_png": ("图片 PNG", "PNG"),
    "controls.enlarge": ("放大", "Enlarge"),
    "controls.shrink": ("还原", "Back"),
    "controls.restored": ("已恢复刷新前的课堂：第 {week} 周。", "Restored the class from before the reload: week {week}."),
    "controls.on": ("开", "on"),
    "controls.off": ("关", "off"),
    # ------------------------------------------------------------------ grid
    "grid.title": ("社区地图", "The community"),
    "grid.colour_by": ("住户着色", "Colour households by"),
    "grid.label_a": ("A：{title}", "A: {title}"),
    "grid.label_b": ("B：{title}", "B: {title}"),
    "state.participating": ("本周是否参与", "Participating this week"),
    "state.efficacy": ("参与效能感", "Efficacy"),
    "state.trust": ("信任", "Trust"),
    "state.open_problems": ("未解决问题数", "Open problems"),
    "legend.title": ("图例", "Legend"),
    "legend.participating": ("参与", "participating"),
    "legend.not_participating": ("未参与", "not participating"),
    "legend.low": ("低", "low"),
    "legend.high": ("高", "high"),
    "legend.problems_none": ("无", "none"),
    "legend.problems_many": ("{count} 个及以上", "{count} or more"),
    "legend.vacant": ("空置住房", "vacant dwelling"),
    "legend.party_member": ("党员（居民）", "Party member (resident)"),
    "legend.party_group": ("建有党小组的楼栋", "building with a Party group"),
    "legend.core": ("社区党组织与居委会", "community Party organisation and residents' committee"),
    "legend.firm": ("物业企业", "property-management firm"),
    "legend.committee": ("业委会", "owners' committee"),
    "legend.organisation": ("社会组织", "social organisation"),
    "legend.embedded": ("红色描边：有党员交叉任职", "red outline: a Party member holds a post there"),
    "legend.open_problem": ("未解决的问题（所在住户）", "open problem (at its household)"),
    "legend.compound": ("小区边界", "compound boundary"),
    "grid.tooltip.core": ("社区党组织与居委会", "Community Party organisation and residents' committee"),
    "grid.tooltip.firm": ("物业企业（小区 {compound}）", "Property-management firm (compound {compound})"),
    "grid.tooltip.committee": ("业委会（小区 {compound}）", "Owners' committee (compound {compound})"),
    "grid.tooltip.organisation": ("社会组织：{domain}", "Social organisation: {domain}"),
    "grid.tooltip.embedded": ("，有党员交叉任职", ", with an embedded Party member"),
    # ------------------------------------------------------------------ charts
    "chart.participation": ("分年龄组参与率", "Participation by age group"),
    "chart.backlog": ("积压问题", "Backlog of open problems"),
    "chart.resolution": ("问题解决率", "Resolution rate"),
    "chart.beliefs": ("参与效能感与信任", "Efficacy and trust"),
    "chart.week": ("周", "week"),
    "chart.line_a": ("实线 A：{title}", "solid A: {title}"),
    "chart.line_b": ("虚线 B：{title}", "dashed B: {title}"),
    "chart.no_data": ("暂无数据", "no data yet"),
    # ------------------------------------------------------------------ info card
    "info.title": ("情景说明：{title}", "About this scenario: {title}"),
    "info.what": ("这是什么", "What is it?"),
    "info.how": ("如何运作", "How it works"),
    "info.notice": ("值得注意", "Things to notice"),
    "info.try": ("不妨一试", "Things to try"),
    "info.sources": ("资料来源", "Sources"),
    "info.hypotheses": ("检验的假设", "Hypotheses it serves"),
    "info.hypothesis_item": ("{label}：{hypothesis}", "{label}: {hypothesis}"),
    "info.changed": ("与默认值不同的参数", "Parameters that differ from the defaults"),
    "info.none_changed": ("全部参数取默认值（现状）。", "Every parameter keeps its default (the status quo)."),
    "info.missing": ("这个情景还没有说明卡。", "This scenario has no info card yet."),
    # ------------------------------------------------------------------ tooltips of sliders
    "tooltip.range": ("取值 {low} 至 {high}{unit}，默认 {default}", "From {low} to {high}{unit}; default {default}"),
    "tooltip.source": ("依据：{source}", "Source: {source}"),
    # ------------------------------------------------------------------ interventions
    "event.label": ("第 {week} 周：{changes}", "Week {week}: {changes}"),
    "event.separator": ("；", "; "),
    "list.separator": ("、", ", "),
    "event.planned": ("计划第 {week} 周：{changes}", "Planned, week {week}: {changes}"),
    "event.more": ("另有 {count} 项更早的干预，见干预记录", "{count} earlier intervention(s): see the log"),
    "event.log": ("干预记录", "Interventions"),
    "event.log_heading": ("干预记录：", "Interventions: "),
    "event.none": ("还没有干预。运行中移动滑块，即从下一周起改变政策。", "No interventions yet. Move a slider during the run to change the policy from the next week."),
    "scenario.modified": ("{title}（已修改）", "{title} (modified)"),
    "scenario.overrides": ("开始前调整：{changes}", "Set before week 0: {changes}"),
    # ------------------------------------------------------------------ monitors
    "monitor.title": ("关键指标", "Headline figures"),
    # ------------------------------------------------------------------ inspector
    "inspect.close": ("关闭", "Close"),
    "inspect.hint": ("点击社区地图上的住户、党员、组织或问题标记，查看它的情况。", "Click a household, Party member, organisation or problem mark on the map to see its state."),
    "inspect.empty": ("第 {x} 列、第 {y} 行是空置住房。", "Column {x}, row {y} is a vacant dwelling."),
    "inspect.household": ("住户（第 {x} 列、第 {y} 行，小区 {compound}）", "Household (column {x}, row {y}, compound {compound})"),
    "inspect.age.young": ("青年", "young"),
    "inspect.age.working": ("在职", "working-age"),
    "inspect.age.retired": ("退休", "retired"),
    "inspect.age": ("年龄组", "Age group"),
    "inspect.income": ("收入", "Income"),
    "inspect.income.low": ("低收入", "low"),
    "inspect.income.other": ("一般", "not low"),
    "inspect.party": ("党员", "Party member"),
    "inspect.yes": ("是", "yes"),
    "inspect.no": ("否", "no"),
    "inspect.participating": ("本周参与", "Participating this week"),
    "inspect.efficacy": ("参与效能感", "Efficacy"),
    "inspect.trust": ("信任", "Trust"),
    "inspect.problems": ("未解决问题", "Open problems"),
    "inspect.problem": ("{domain}，已等 {weeks} 周，{state}", "{domain}, open for {weeks} weeks, {state}"),
    "inspect.problem.reported": ("已上报", "reported"),
    "inspect.problem.unreported": ("未上报", "not reported"),
    "inspect.party_group": ("所在楼栋党小组", "Party group in the building"),
    "inspect.party_group.yes": ("已建立", "formed"),
    "inspect.party_group.no": ("未建立", "not formed"),
    "inspect.embedded": ("有党员交叉任职", "A Party member holds a post here"),
    "inspect.capacity": ("本周工作力量", "Effort units this week"),
    "inspect.budget": ("经费余额", "Budget"),
    "inspect.legitimacy": ("合法性", "Legitimacy"),
    "inspect.fee_collection": ("物业费收缴率", "Fee collection rate"),
    # ------------------------------------------------------------------ exports
    "record.title": ("课堂记录：{title}", "Class record: {title}"),
    "record.made": ("生成时间 {time}，随机种子 {seed}，运行到第 {week} 周。", "Made {time}; seed {seed}; run to week {week}."),
    "record.scenarios": ("情景", "Scenarios"),
    "record.final": ("最终结果（第 {week} 周）", "Final figures (week {week})"),
    "record.charts": ("图表", "Charts"),
    "record.outcome": ("指标", "Outcome"),
    "record.week": ("周次", "Week"),
    "record.change": ("改动", "Change"),
    # ------------------------------------------------------------------ page chrome
    "app.loading": ("正在加载课堂看板……", "Loading the classroom dashboard…"),
    "app.disconnected": ("与服务器的连接中断，正在自动重新连接……", "Lost the connection to the server; reconnecting by itself…"),
    "app.restoring": ("已重新连接，正在恢复课堂……", "Reconnected; restoring the class…"),
    "app.reloading": ("服务器已重新启动，页面将自动刷新并恢复本堂课。", "The server has restarted; the page reloads by itself and restores the class."),
    "app.reload_now": ("立即刷新", "Reload now"),
    "app.cancel": ("取消", "Cancel"),
    "tab.run": ("模拟运行", "The run"),
    "tab.info": ("情景说明", "About this scenario"),
    "tab.guide": ("教师手册", "Teacher's guide"),
    "guide.print": ("打印版（HTML）", "Printable version (HTML)"),
    "guide.missing": (
        "没有找到教师手册文件（{path}）；请从项目的 docs 文件夹打开。",
        "The teacher's guide was not found ({path}); open it from the project's docs folder.",
    ),
    "controls.unchanged": ("「{label}」已经是 {value}，没有改变。", "“{label}” is already {value}; nothing changed."),
    # ------------------------------------------------------------------ errors in lesson files and interventions
    "lesson.file": ("课程文件 {origin}：{message}", "lesson file {origin}: {message}"),
    "lesson.too_large": ("文件有 {size} 字节，超过课程文件的上限 {most} 字节。", "{size} bytes is larger than a lesson file may be (at most {most} bytes)."),
    "lesson.unreadable": ("无法读取（{reason}）。", "cannot be read ({reason})."),
    "lesson.not_utf8": ("不是 UTF-8 编码的文本；请另存为 UTF-8 编码的 JSON 文件。", "is not UTF-8 text; save it as UTF-8 JSON."),
    "lesson.too_deep": (
        "对象和列表嵌套了 {depth} 层，课程文件最多 {most} 层。",
        "objects and lists are nested {depth} deep; a lesson file has at most {most} levels.",
    ),
    "lesson.not_json": (
        "不是有效的 JSON：第 {line} 行第 {column} 列{reason}。",
        "is not valid JSON (line {line}, column {column}: {reason}).",
    ),
    "lesson.not_lesson": (
        "不是课程文件：请选用「保存干预方案」保存的文件（应为含有 \"format\": \"{format}\" 的 JSON 对象）。",
        "not a lesson file: choose a file saved with “Save the lesson” (a JSON object with \"format\": \"{format}\").",
    ),
    "lesson.unknown_key": ("'{key}' 不是课程文件的键{hint}；允许的键：{allowed}。", "'{key}' is not a key of a lesson file{hint}; allowed: {allowed}."),
    "lesson.unknown_key_in": (
        "'{where}' 里的 '{key}' 不是允许的键{hint}；允许：{allowed}。",
        "'{key}' in '{where}' is not an allowed key{hint}; allowed: {allowed}.",
    ),
    "lesson.did_you_mean": ("（是不是 '{name}'？）", " (did you mean '{name}'?)"),
    "lesson.version": ("'version' = {value} 不受支持：本程序读取第 {version} 版的课程文件。", "'version' = {value} is not supported: this program reads lesson files of version {version}."),
    "lesson.scenario": ("'{key}' = {value} 不是自带的情景；可选：{allowed}。", "'{key}' = {value} is not a shipped scenario; allowed: {allowed}."),
    "lesson.scenario_item": ("{title}（{name}）", "{name} ({title})"),
    "lesson.whole_number": ("'{key}' = {value} 不可用：应为 {low} 到 {high} 之间的整数。", "'{key}' = {value} is not allowed: it must be a whole number from {low} to {high}."),
    "lesson.not_table": ("'{key}' 应为“参数名: 取值”的对象，收到 {value}。", "'{key}' must be a table of parameter names and values; got {value}."),
    "lesson.unknown_parameter": (
        "'{key}' 里的 '{name}' 不是模型参数{hint}；`cogov params` 列出全部参数。",
        "'{key}' names '{name}', which is not a parameter of the model{hint} (see `cogov params`).",
    ),
    "lesson.not_allowed": ("'{key}' = {value} 不可用；允许：{allowed}。", "'{key}' = {value} is not allowed; allowed: {allowed}."),
    "lesson.not_list": ("'interventions' 应为 {{week, changes}} 条目的列表，收到 {value}。", "'interventions' must be a list of {{week, changes}} entries; got {value}."),
    "lesson.too_many": (
        "'interventions' 有 {count} 项，超过上限 {most} 项（每周最多一项）。",
        "'interventions' lists {count} entries; at most {most} (one a week) are allowed.",
    ),
    "lesson.not_entry": ("'{key}' 应为含 'week' 和 'changes' 两个键的对象，收到 {value}。", "'{key}' must be an object with the keys 'week' and 'changes'; got {value}."),
    "lesson.cannot_build": ("这些设置无法建立社区：{reason}", "these settings cannot build the community: {reason}"),
    "intervention.unknown": ("'{origin}'：{names} 不是模型参数（`cogov params` 列出全部参数）。", "{origin}: {names} is not a parameter of the model (see `cogov params`)."),
    "intervention.set_up_only": (
        "'{origin}'：「{labels}」（{names}）在建立社区时就已确定，运行中不能改变；请在第 0 周之前设置，或移动滑块后点「重置」。",
        "{origin}: {labels} ({names}) define(s) the community at set-up and cannot change during a run; set it before week 0 "
        "(or press Reset after moving the slider).",
    ),
    "allowed.bool": ("开或关（true 或 false）", "true or false"),
    "allowed.choice": ("以下之一：{choices}", "one of {choices}"),
    "allowed.int": ("{low} 到 {high}{unit} 之间的整数", "a whole number from {low} to {high}{unit}"),
    "allowed.float": ("{low} 到 {high}{unit} 之间的数", "a number from {low} to {high}{unit}"),
}

#: Chinese explanations of the levers shown as slider tooltips (the English ones are the
#: registry's ``meaning``). Labels, ranges and defaults are never repeated here.
MEANINGS_ZH: dict[str, str] = {
    "empowerment": "把权力和资源下放给社区：减轻摊派给社区的行政任务，缩短重大事项等待街道审批的时间。",
    "pooling": "各方每周拿出收入的这一比例放进共享资金池，由社区统筹用于缺钱的问题。",
    "embedding": "有党员交叉任职的物业、业委会、社会组织，以及建有党小组的楼栋所占的比例；也让党员更活跃。",
    "funding_follows_tasks": "打开时，下放事权的同时把街道原本承担的重大事项经费转给社区；关闭即“放权不放钱”。",
    "funding_transfer_share": "费随事转时，街道原本为一件下放的重大事项出的补贴中，实际转进社区预算的比例；1 表示全额转移。",
    "administrative_burden": "赋能之前，上级摊派任务占用社区工作力量的比例。",
    "formalism": "社区和党员的时间被台账、留痕、检查等形式主义消耗的比例。",
    "meeting_interval_steps": "社区、物业、业委会和社会组织召开联席会议的间隔周数；0 表示不开例会。",
    "volunteer_incentive": "志愿积分制的力度：提高居民参与意愿，对低收入家庭作用更大。",
    "patrol_intensity": "网格员巡查的力度：能发现没人上报的问题，但要占用社区工作力量。",
    "digital_platform": "上报和派单的智慧平台：居民上报更方便，社区派单省力（省多少见“智慧平台派单省力”）。",
    "digital_dispatch_saving": "有智慧平台时，社区给每个问题派单所花的力气能省下的比例。",
    "in_service_members": "到社区报到、各联系一个楼栋的在职党员人数（双报到）。",
    "committee_formation_push": "行政推动组建业委会的力度：把组建概率从自发水平推向推动后的水平。",
    "reform_start_week": "从这一周起，改革杠杆（赋能、整合、嵌入、联席会议、志愿激励、智慧平台）才按情景取值生效，此前社区按现状运行；0 表示从一开始就生效。",
}

#: Chinese names of the units that lever parameters use (the registry's units are in English).
UNITS_ZH: dict[str, str] = {"weeks": "周", "members": "人", "week": "周"}

#: The JSON reader's reasons (Python's json module), as a Chinese sentence says them.
JSON_REASONS_ZH: dict[str, str] = {
    "Expecting value": "缺少取值",
    "Expecting property name enclosed in double quotes": "键名应写在英文双引号里",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Unterminated string starting at": "字符串没有结束的引号",
    "Invalid control character at": "有不允许的控制字符",
    "Invalid \\escape": "有无效的转义符",
    "Invalid \\uXXXX escape": "有无效的 \\u 转义符",
    "Extra data": "在 JSON 结束之后还有多余的内容",
}


def json_reason(reason: str, lang: str) -> str:
    """Why the JSON reader stopped, in ``lang``."""
    return JSON_REASONS_ZH.get(reason, "有格式错误") if lang == "zh" else reason


#: Chinese wording of the registry's sources where they are not only S1-S5 sections.
SOURCES_ZH: dict[str, str] = {
    "committee_formation_push": "《北京市物业管理条例》（2020 年施行，见 ODD §7）",
    "reform_start_week": "北京接诉即办改革的推进过程（见 docs/ODD.md §6）；模型假设",
    "digital_dispatch_saving": "S4 §3；省力的大小为模型假设",
}

#: Citations of the five source papers, by label (DESIGN §2; full titles as in sim.parameters).
SOURCES: dict[str, tuple[str, str]] = {
    "S1": (
        "孟庆莲《以授权赋能打造党领共治型社区治理新格局》（中共长沙市委党校）",
        "Meng Qinglian, Building a Party-led co-governance community through authorization and empowerment (CPC Changsha Party School)",
    ),
    "S2": (
        "郭飞飞、张春梅《党建引领社区治理的挑战及化解策略》（渤海大学）",
        "Guo Feifei & Zhang Chunmei, Challenges of Party-building-led community governance and strategies to resolve them (Bohai University)",
    ),
    "S3": (
        "黄建《城市社区治理体制的运行困境与创新之道——基于党建统合的分析视角》，《探索》2018 年第 6 期",
        "Huang Jian, Operating dilemmas and innovation of the urban community governance system: a Party-integration perspective, Tansuo 2018(6)",
    ),
    "S4": (
        "翟慧杰《以党建引领为核心，推动社区治理体系现代化与效能提升》（中共河南省委党校）",
        "Zhai Huijie, Party-building leadership at the core of modernising community governance (CPC Henan Party School)",
    ),
    "S5": (
        "吉军辉《城市基层党组织引领社区韧性治理的路径探索》，大河网 2025-07-21",
        "Ji Junhui, Urban grassroots Party organisations leading resilient community governance, Dahe Net, 21 July 2025",
    ),
}

#: The hypotheses of DESIGN §8, restated briefly for the info cards.
HYPOTHESES: dict[str, tuple[str, str]] = {
    "H1": ("赋能把社区从摊派任务中解放出来，问题解决得更多", "empowerment frees the core from pushed-down tasks and more problems get solved"),
    "H2": ("组织嵌入减少各自为政，跨主体事项解决更多，参与更多", "embedding reduces fragmentation: more cross-actor works get done and more residents take part"),
    "H3": ("资源整合帮缺钱的问题解决；与嵌入结合效果大于相加", "pooling solves problems short of money; together with embedding it does more than the sum of both"),
    "H4": ("回应少会让居民觉得“参不参与都一样”；回应多，参与会滞后上升", "little response locks in 'taking part makes no difference'; more response lifts participation with a lag"),
    "H5": ("形式主义消耗力量，党组织空转，信任下降", "formalism drains capacity, the Party organisation idles and trust falls"),
    "H6": ("放权不放钱比有钱的赋能差，甚至可能不如不放权", "delegation without money does worse than funded delegation, perhaps worse than none"),
    "H7": ("党建引领网格、志愿队伍和资源整合让社区从冲击中恢复更快", "Party-led grids, volunteers and pooling make the community recover faster from a shock"),
    "H8": ("参与集中在退休居民，在职居民参与最少", "participation concentrates among retirees; working-age residents take part least"),
    "H9": ("社会组织更强，服务和纠纷类问题解决更多", "stronger social organisations resolve more service and dispute problems"),
}


def language_index(lang: str) -> int:
    """0 for Chinese, 1 for English; anything else is a programming error."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}; got {lang!r}")
    return LANGUAGES.index(lang)


def default_language() -> str:
    """The start-up language: $COGOV_DASHBOARD_LANG when it is zh or en, else Chinese."""
    value = os.environ.get(LANGUAGE_ENVIRONMENT_VARIABLE, DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def other_language(lang: str) -> str:
    return LANGUAGES[1 - language_index(lang)]


def text(key: str, lang: str, /, **values: object) -> str:
    """A phrase of :data:`TEXT` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    phrase = TEXT[key][language_index(lang)]
    return phrase.format(**values) if values else phrase


def parameter_label(name: str, lang: str) -> str:
    return REGISTRY[name].label(lang)


def group_title(group: str, lang: str) -> str:
    return GROUPS[group][language_index(lang)]


def outcome_label(name: str, lang: str) -> str:
    return OUTCOMES[name].label(lang)


def parameter_meaning(name: str, lang: str) -> str:
    """Slider tooltip body: the Chinese explanation above, or the registry's English meaning."""
    return MEANINGS_ZH.get(name, REGISTRY[name].meaning) if lang == "zh" else REGISTRY[name].meaning


def source_citation(label: str, lang: str) -> str:
    return SOURCES[label][language_index(lang)]


def hypothesis(label: str, lang: str) -> str:
    return HYPOTHESES[label][language_index(lang)]


def format_number(value: float) -> str:
    """Compact number for ranges and tooltips (0.5, 40, 0.234)."""
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def format_setting(name: str, value, lang: str) -> str:
    """A parameter value as a class reads it (开/关 for switches, compact numbers)."""
    if REGISTRY[name].kind == "bool":
        return text("controls.on" if value else "controls.off", lang)
    if isinstance(value, (int, float)):
        return format_number(value)
    return str(value)


def describe_changes(changes: dict, lang: str) -> str:
    """``{name: (old, new)}`` as "授权赋能 0 → 0.8；资源整合 0 → 0.1"."""
    return text("event.separator", lang).join(
        f"{parameter_label(name, lang)} {format_setting(name, old, lang)} → {format_setting(name, new, lang)}"
        for name, (old, new) in changes.items()
    )


def event_label(week: int, changes: dict, lang: str) -> str:
    """The label of an intervention line: "第 104 周：授权赋能 0 → 0.8"."""
    return text("event.label", lang, week=week, changes=describe_changes(changes, lang))


def planned_label(week: int, changes: dict, lang: str) -> str:
    """The label of a planned intervention: "计划第 104 周：授权赋能 → 0.8"."""
    described = text("event.separator", lang).join(
        f"{parameter_label(name, lang)} → {format_setting(name, value, lang)}" for name, value in changes.items()
    )
    return text("event.planned", lang, week=week, changes=described)


def parameter_source(name: str, lang: str) -> str:
    """Where a parameter's value comes from, in ``lang`` (the registry's wording is English)."""
    return SOURCES_ZH.get(name, REGISTRY[name].source) if lang == "zh" else REGISTRY[name].source


def allowed(name: str, lang: str) -> str:
    """The values a parameter allows, in ``lang`` (the registry's ``allowed()`` in English)."""
    spec = REGISTRY[name]
    if spec.kind == "bool":
        return text("allowed.bool", lang)
    if spec.kind == "choice":
        return text("allowed.choice", lang, choices=", ".join(repr(c) for c in spec.choices))
    unit = UNITS_ZH.get(spec.unit, spec.unit) if lang == "zh" else spec.unit
    unit = f" {unit}" if unit and spec.unit not in ("share", "0-1") else ""
    return text(f"allowed.{spec.kind}", lang, low=format_number(spec.minimum), high=format_number(spec.maximum), unit=unit)


def parameter_tooltip(name: str, lang: str) -> str:
    """Meaning, allowed range with default, and source of one parameter, in ``lang``."""
    spec = REGISTRY[name]
    parts = [parameter_meaning(name, lang)]
    if spec.kind in ("float", "int"):
        unit = UNITS_ZH.get(spec.unit, spec.unit) if lang == "zh" else spec.unit
        unit = f" {unit}" if unit and spec.unit not in ("share", "0-1") else ""
        parts.append(
            text(
                "tooltip.range", lang, low=format_number(spec.minimum), high=format_number(spec.maximum),
                unit=unit, default=format_number(spec.default),
            )
        )
    parts.append(text("tooltip.source", lang, source=parameter_source(name, lang)))
    return " ".join(parts)
