// The attendance grid at speed: a whole session marked in one click, and cells filled from the keyboard.
// P, L, A and E mark present, late, absent and excused and move to the next cell (the keys where they sit on a
// Latin keyboard, read from event.code, so that they work with an Arabic or French layout too); arrow keys move between cells
// (up and down too, instead of changing the value); Delete clears a cell. Nothing is saved until "Save".
// A cell's place is read from the table itself (its row, and its column after the name), so the page carries no
// position per cell; sessions not yet held have disabled cells, which are skipped.
(function () {
  const grid = document.querySelector("[data-attendance-grid]");
  if (!grid) return;
  const keys = { KeyP: "present", KeyL: "late", KeyA: "absent", KeyE: "excused" };
  const rows = grid.tBodies[0].rows;
  const at = (row, column) => {
    const cell = rows[row] && rows[row].cells[column + 1];
    const select = cell && cell.querySelector("select");
    return select && !select.disabled ? select : null;
  };

  grid.querySelectorAll("button[data-mark-column]").forEach((button) => {
    const column = Number(button.dataset.markColumn);
    button.addEventListener("click", () => {
      for (let row = 0; row < rows.length; row += 1) {
        const select = at(row, column);
        if (select) select.value = "present";
      }
    });
  });

  grid.addEventListener("keydown", (event) => {
    const select = event.target.closest("tbody select");
    if (!select || event.altKey || event.ctrlKey || event.metaKey) return;
    const row = select.closest("tr").sectionRowIndex;
    const column = select.closest("td").cellIndex - 1;
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const rtl = document.documentElement.dir === "rtl";
    let target = null;
    if (keys[event.code]) {
      select.value = keys[event.code];
      target = at(row, column + 1) || at(row + 1, 0);
    } else if (event.key === "Delete" || event.key === "Backspace") {
      select.value = "";
    } else if (moves[event.key]) {
      const [down, across] = moves[event.key];
      target = at(row + down, column + (rtl ? -across : across));
    } else {
      return;
    }
    event.preventDefault();
    if (target) target.focus();
  });
})();
