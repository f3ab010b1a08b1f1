"""The structure panel: a tree grouped by system and side, with visibility checkboxes, an opacity
slider, a search box and isolate / show all. A view of ``ViewerState``: it keeps no state of its own.

    ViewerState.changed -> refresh()          (model -> widget)
    checkbox / slider / buttons -> ViewerState (widget -> model)
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.anatomy.catalogue import SIDES, SYSTEMS
from ...core.scene.viewer_state import ViewerState

SYSTEM_TITLES = {
    "bone": "Bones",
    "disc": "Discs",
    "muscle": "Muscles",
    "artery": "Arteries",
    "vein": "Veins",
    "ligament": "Ligaments",
}
SIDE_TITLES = {"right": "Right", "midline": "Midline", "left": "Left"}
ID_ROLE = Qt.ItemDataRole.UserRole


class StructurePanel(QWidget):
    def __init__(self, state: ViewerState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._refreshing = False
        self.items: dict[str, QTreeWidgetItem] = {}

        self.search = QLineEdit(placeholderText="Search structures…", clearButtonEnabled=True)
        self.search.setAccessibleName("Search structures")
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.opacity_label = QLabel("Opacity")
        self.opacity = QSlider(Qt.Orientation.Horizontal, minimum=0, maximum=100, value=100)
        self.opacity.setAccessibleName("Opacity of the selected structures")
        self.isolate_button = QPushButton("Isolate")
        self.isolate_button.setToolTip("Show only the selected structure or group")
        self.show_all_button = QPushButton("Show all")

        buttons = QHBoxLayout()
        buttons.addWidget(self.isolate_button)
        buttons.addWidget(self.show_all_button)
        opacity_row = QHBoxLayout()
        opacity_row.addWidget(self.opacity_label)
        opacity_row.addWidget(self.opacity)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addLayout(opacity_row)
        layout.addLayout(buttons)

        self._build_tree()
        self.tree.itemChanged.connect(self._on_item_changed)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.opacity.valueChanged.connect(self._on_opacity)
        self.search.textChanged.connect(self._filter)
        self.isolate_button.clicked.connect(self._isolate)
        self.show_all_button.clicked.connect(state.show_all)
        state.changed.connect(lambda _aspects: self.refresh())
        self.refresh()

    # --- building -------------------------------------------------------------------------------
    def _build_tree(self) -> None:
        available = set(self.state.available)
        flags = (
            Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
        )
        for system in SYSTEMS:
            members = [s for s in self.state.catalogue.by_system(system) if s.id in available]
            if not members:
                continue
            system_item = QTreeWidgetItem(self.tree, [SYSTEM_TITLES[system]])
            system_item.setFlags(flags | Qt.ItemFlag.ItemIsAutoTristate)
            for side in SIDES:
                on_side = [s for s in members if s.side == side]
                if not on_side:
                    continue
                parent = system_item
                if len(members) > len(on_side):  # only split by side where there is a choice
                    parent = QTreeWidgetItem(system_item, [SIDE_TITLES[side]])
                    parent.setFlags(flags | Qt.ItemFlag.ItemIsAutoTristate)
                for structure in on_side:
                    item = QTreeWidgetItem(parent, [structure.name])
                    item.setData(0, ID_ROLE, structure.id)
                    item.setToolTip(0, f"{structure.name} ({structure.fma})")
                    item.setFlags(flags)
                    item.setCheckState(0, Qt.CheckState.Checked)
                    self.items[structure.id] = item
            system_item.setExpanded(system in ("muscle", "artery"))

    # --- model -> widget ------------------------------------------------------------------------
    def refresh(self) -> None:
        self._refreshing = True
        try:
            for structure_id, item in self.items.items():
                wanted = (
                    Qt.CheckState.Checked
                    if structure_id in self.state.visible
                    else Qt.CheckState.Unchecked
                )
                if item.checkState(0) != wanted:
                    item.setCheckState(0, wanted)
            selected = self.state.selected
            if selected and self.tree.currentItem() is not self.items.get(selected):
                self.tree.setCurrentItem(self.items[selected])
            ids = self._current_ids()
            if ids:
                self.opacity.setValue(round(100 * min(self.state.opacity[i] for i in ids)))
            self.opacity.setEnabled(bool(ids))
            self.isolate_button.setEnabled(bool(ids))
        finally:
            self._refreshing = False

    # --- widget -> model ------------------------------------------------------------------------
    def _ids_under(self, item: QTreeWidgetItem | None) -> list[str]:
        if item is None:
            return []
        structure_id = item.data(0, ID_ROLE)
        if structure_id:
            return [structure_id]
        ids: list[str] = []
        for index in range(item.childCount()):
            ids += self._ids_under(item.child(index))
        return ids

    def _current_ids(self) -> list[str]:
        return self._ids_under(self.tree.currentItem())

    def _on_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        structure_id = item.data(0, ID_ROLE)
        if self._refreshing or not structure_id:
            return  # group check states follow their children (auto tri-state)
        self.state.set_visible([structure_id], item.checkState(0) == Qt.CheckState.Checked)

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        if self._refreshing:
            return
        structure_id = current.data(0, ID_ROLE) if current is not None else None
        self.state.select(structure_id)
        self.refresh()

    def _on_opacity(self, value: int) -> None:
        if not self._refreshing:
            self.state.set_opacities({i: value / 100 for i in self._current_ids()})

    def _isolate(self) -> None:
        self.state.isolate(self._current_ids())

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()

        def visit(item: QTreeWidgetItem) -> bool:
            own = needle in item.text(0).lower() or needle in str(item.data(0, ID_ROLE) or "")
            children = [visit(item.child(i)) for i in range(item.childCount())]
            shown = not needle or own or any(children)
            item.setHidden(not shown)
            if needle and any(children):
                item.setExpanded(True)
            return shown

        for index in range(self.tree.topLevelItemCount()):
            visit(self.tree.topLevelItem(index))
