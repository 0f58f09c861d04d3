/**
 * A fixed pool of rows (as many as fit the panel: only visible rows exist, so layout and paint stay small) for the book and the tape: built once, then updated in place (text and bar width only
 * when they changed), so a feed at 20 updates/s never rebuilds DOM rows.
 */
export interface PoolRow {
  el: HTMLDivElement;
  cells: HTMLSpanElement[];
  bar: HTMLSpanElement | null;
  /** What each cell shows now, to skip writes that change nothing. */
  text: string[];
  cls: string;
  scale: number;
  shown: boolean;
}

export function buildPool(
  container: HTMLElement,
  size: number,
  cellClasses: string[],
  withBar: boolean,
  rowClass: string,
  /** Row 0 is the last element (the asks: best price nearest the spread). */
  bottomUp = false,
): PoolRow[] {
  const rows: PoolRow[] = [];
  const frag = document.createDocumentFragment();
  for (let i = 0; i < size; i++) {
    const el = document.createElement('div');
    el.className = rowClass;
    el.dataset.index = String(i);
    el.hidden = true;
    let bar: HTMLSpanElement | null = null;
    if (withBar) {
      bar = document.createElement('span');
      bar.className = 'depth-bar';
      bar.style.transform = 'scaleX(0)';
      el.appendChild(bar);
    }
    const cells = cellClasses.map((c) => {
      const s = document.createElement('span');
      s.className = c;
      el.appendChild(s);
      return s;
    });
    if (bottomUp) frag.insertBefore(el, frag.firstChild);
    else frag.appendChild(el);
    rows.push({ el, cells, bar, text: cellClasses.map(() => ''), cls: rowClass, scale: 0, shown: false });
  }
  container.replaceChildren(frag);
  return rows;
}

export function setCell(row: PoolRow, i: number, text: string): void {
  if (row.text[i] === text) return;
  row.text[i] = text;
  const cell = row.cells[i];
  if (cell) cell.textContent = text;
}

export function setShown(row: PoolRow, shown: boolean): void {
  if (row.shown === shown) return;
  row.shown = shown;
  row.el.hidden = !shown;
}

export function setRowClass(row: PoolRow, cls: string): void {
  if (row.cls === cls) return;
  row.cls = cls;
  row.el.className = cls;
}

/** Depth bar width as a fraction of the panel (CSSOM transform: no layout, composited). */
export function setBar(row: PoolRow, fraction: number): void {
  if (!row.bar) return;
  const f = Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 1000;
  if (row.scale === f) return;
  row.scale = f;
  row.bar.style.transform = `scaleX(${f})`;
}

/** Whole rows of `rowHeight` px that fit the container (at least 1, at most `max`): never a half-clipped row. */
export function rowsThatFit(container: HTMLElement, rowHeight: number, max: number): number {
  return Math.max(1, Math.min(max, Math.floor(container.clientHeight / rowHeight)));
}

/**
 * Keeps a pool sized to its container: builds it now and rebuilds it (rarely: only when the panel is resized
 * to a different number of rows), then calls `rebuilt` so the caller repaints.
 */
export function fittedPool(
  container: HTMLElement,
  rowHeight: number,
  max: number,
  build: (n: number) => PoolRow[],
  rebuilt: (rows: PoolRow[]) => void,
): () => void {
  let size = rowsThatFit(container, rowHeight, max);
  rebuilt(build(size));
  const ro = new ResizeObserver(() => {
    const n = rowsThatFit(container, rowHeight, max);
    if (n === size) return;
    size = n;
    rebuilt(build(n));
  });
  ro.observe(container);
  return () => ro.disconnect();
}
