"""Lessons in the window: the lesson dock (picker, steps, text, quiz), the controller that opens and
steps lessons, and the camera glide between steps."""
