"""Pictures without a window: the off-screen plotter, the overlays an off-screen picture needs, image
export at any size (``screenshot``, File > Export image) and one image per lesson step (handouts)."""
