"""Overlays drawn over the anatomy, one module each: structure labels, the zones layer (wall, patches,
pins, legend), the tool layer (hook, press line, readout), picking on the wall, the hold countdown."""
