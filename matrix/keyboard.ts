/**
 * Arrow keys between the matrix's cells (one Tab stop, roving tabindex): up and down within a
 * tactic's column through the cells shown, left and right to the nearest cell of the next column.
 * The page and the report both install it.
 */
const visibleCells = (column: Element) => [...column.querySelectorAll<HTMLElement>('.cell')].filter((c) => !c.closest('.subs[hidden]'));

export function installKeyboard(root: HTMLElement): void {
  root.addEventListener('keydown', (event) => {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('.cell');
    if (!cell || !['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    const columns = [...root.querySelectorAll('.tactic')];
    const column = cell.closest('.tactic')!;
    const ci = columns.indexOf(column);
    const cells = visibleCells(column);
    const i = cells.indexOf(cell);
    let target: HTMLElement | undefined;
    if (event.key === 'ArrowUp') target = cells[Math.max(0, i - 1)];
    else if (event.key === 'ArrowDown') target = cells[Math.min(cells.length - 1, i + 1)];
    else if (event.key === 'Home') target = cells[0];
    else if (event.key === 'End') target = cells[cells.length - 1];
    else {
      const next = columns[ci + (event.key === 'ArrowLeft' ? -1 : 1)];
      if (next) {
        const there = visibleCells(next);
        target = there[Math.min(there.length - 1, i)];
      }
    }
    if (!target) return;
    event.preventDefault();
    focusCell(root, target);
  });
}

/** Moves the one Tab stop to `cell` and focuses it. */
export function focusCell(root: HTMLElement, cell: HTMLElement): void {
  for (const c of root.querySelectorAll<HTMLElement>('.cell[tabindex="0"]')) c.tabIndex = -1;
  cell.tabIndex = 0;
  cell.focus();
}

/** Sub-technique toggles: shows or hides a parent's sub-techniques (always in the DOM). */
export function toggleSubs(button: HTMLElement): boolean {
  const subs = button.parentElement!.querySelector<HTMLElement>('.subs')!;
  const open = subs.hidden;
  subs.hidden = !open;
  button.setAttribute('aria-expanded', String(open));
  const n = subs.querySelectorAll('.cell').length;
  button.textContent = `${open ? '▾' : '▸'} ${n}`;
  button.setAttribute('aria-label', `${open ? 'Hide' : 'Show'} the ${n} sub-techniques of ${button.dataset.toggle}`);
  return open;
}
