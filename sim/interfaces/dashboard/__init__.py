"""The bilingual classroom dashboard (``cogov dashboard``), built with Solara around the model.

Modules: :mod:`~sim.interfaces.dashboard.i18n` (the one translation table), :mod:`~sim.interfaces.dashboard.session`
(runs and side-by-side pairing, no Solara), :mod:`~sim.interfaces.dashboard.grid` and
:mod:`~sim.interfaces.dashboard.charts` (SVG drawings), :mod:`~sim.interfaces.dashboard.info` (Info cards),
:mod:`~sim.interfaces.dashboard.app` (the Solara page), :mod:`~sim.interfaces.dashboard.assets` (offline front-end
check) and :mod:`~sim.interfaces.dashboard.server` (the command). Importing this package imports nothing
heavy; Solara is imported by ``app`` and by the command when it runs.
"""
