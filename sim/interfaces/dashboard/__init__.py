"""The bilingual classroom dashboard (``cogov dashboard``), built with Solara around the model.

Modules: :mod:`~sim.interfaces.dashboard.i18n` (the one translation table), :mod:`~sim.interfaces.dashboard.session`
(runs, side-by-side pairing and interventions, no Solara), :mod:`~sim.interfaces.dashboard.lesson` (lesson
files, read defensively), :mod:`~sim.interfaces.dashboard.grid` and :mod:`~sim.interfaces.dashboard.charts`
(drawings from data), :mod:`~sim.interfaces.dashboard.inspector` (what is at a cell of the map),
:mod:`~sim.interfaces.dashboard.export` (CSV, monitors and the class record), :mod:`~sim.interfaces.dashboard.info`
(Info cards), :mod:`~sim.interfaces.dashboard.guide` (the teacher's guide, on screen and for print),
:mod:`~sim.interfaces.dashboard.frames` (what the live views show, drawn once per frame),
:mod:`~sim.interfaces.dashboard.player` (Play in the background, at most one redraw in flight),
:mod:`~sim.interfaces.dashboard.state` (the page's reactive state), :mod:`~sim.interfaces.dashboard.actions`
(what the controls do), :mod:`~sim.interfaces.dashboard.sidebar` and :mod:`~sim.interfaces.dashboard.app`
(the Solara page, with its browser-side pieces in ``vue/``), :mod:`~sim.interfaces.dashboard.assets`
(offline front-end check), :mod:`~sim.interfaces.dashboard.server` (the command, with the page templates
in ``templates/``) and :mod:`~sim.interfaces.dashboard.probe` (driving the served page in Chromium, for
tests and the benchmark). Importing this package imports nothing heavy; Solara is imported by ``state``,
``actions``, ``sidebar`` and ``app`` and by the command when it runs.
"""
