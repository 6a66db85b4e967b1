"""The bilingual classroom dashboard (``cogov dashboard``), built with Solara around the model.

Modules: :mod:`~sim.dashboard.i18n` (the one translation table), :mod:`~sim.dashboard.session`
(runs and side-by-side pairing, no Solara), :mod:`~sim.dashboard.grid` and
:mod:`~sim.dashboard.charts` (SVG drawings), :mod:`~sim.dashboard.info` (Info cards),
:mod:`~sim.dashboard.app` (the Solara page), :mod:`~sim.dashboard.assets` (offline front-end
check) and :mod:`~sim.dashboard.server` (the command). Importing this package imports nothing
heavy; Solara is imported by ``app`` and by the command when it runs.
"""
