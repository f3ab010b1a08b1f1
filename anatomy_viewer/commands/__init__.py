"""Sub-commands of ``anatomy-viewer``: name -> one-line help. Module ``commands/<name>.py`` (dashes
become underscores) provides ``add_arguments(parser)`` and ``run(args) -> int``."""

COMMANDS: dict[str, str] = {
    "screenshot": "render a view of the anatomy to a PNG or JPEG without opening a window",
    "meshes": "download the BodyParts3D meshes or show where each one is found",
    "lessons": "list the lessons or check lesson files for mistakes",
    "landmarks": "print the landmarks measured on the meshes (ASIS, pubic tubercles, ...)",
    "check-placement": "judge a hip-hook tip position on the body wall: safe, caution or danger",
    "handout": "write a lesson as a printable PDF handout (one page per step)",
}
