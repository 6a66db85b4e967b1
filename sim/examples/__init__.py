"""Examples that use the model from other tools the way those tools' own documentation does.

* :mod:`sim.examples.solaraviz_app`: Mesa's SolaraViz with Mesa's own components
  (``solara run sim/examples/solaraviz_app.py``).
"""
