// The attendance grid at speed: a whole session marked in one click, and cells filled from the keyboard.
// P, L, A and E mark present, late, absent and excused and move to the next cell; arrow keys move between cells
// (up and down too, instead of changing the value); Delete clears a cell. Nothing is saved until "Save".
(function () {
  const grid = document.querySelector("[data-attendance-grid]");
  if (!grid) return;
  const keys = { p: "present", l: "late", a: "absent", e: "excused" };
  const cells = () => Array.from(grid.querySelectorAll("select[data-row]"));
  const at = (row, column) => grid.querySelector(`select[data-row="${row}"][data-column="${column}"]`);

  grid.querySelectorAll("button[data-mark-column]").forEach((button) => {
    button.addEventListener("click", () => {
      cells().filter((select) => select.dataset.column === button.dataset.markColumn)
        .forEach((select) => { select.value = "present"; });
    });
  });

  grid.addEventListener("keydown", (event) => {
    const select = event.target.closest("select[data-row]");
    if (!select || event.altKey || event.ctrlKey || event.metaKey) return;
    const row = Number(select.dataset.row);
    const column = Number(select.dataset.column);
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const rtl = document.documentElement.dir === "rtl";
    let target = null;
    if (keys[event.key.toLowerCase()]) {
      select.value = keys[event.key.toLowerCase()];
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
