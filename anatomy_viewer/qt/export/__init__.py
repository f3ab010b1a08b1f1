"""File > Export: the image dialog, the handout dialog and PDF writer, the parts the dialogs share, and
the actions that wire them to the main window."""
