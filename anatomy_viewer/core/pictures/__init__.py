"""What a picture's words need, in screen space and without VTK: where the labels go (one layout for
the window, presenter mode, exports, handouts and the web page), how large text is on each medium,
the coarse depth of the anatomy on screen, and which landmark pins stand off every surface."""
