import type { TreeElement, TreeNode } from './html-tree.js';
import { elementAttributes } from './xhtml-attributes.js';
import { part, regroup } from './xhtml-blocks.js';
import { convertNodes, isWhitespace, make, type BlockHandler, type Context, type Env } from './xhtml-structure.js';

/*
 * Tables in the order the schema wants: caption?, colgroup*, thead?,
 * (tbody* | tr+), tfoot?. Parts in any other place become row groups or rows,
 * cells outside a row get a row, and anything else (text in a <table>, a <p>
 * in a <tr>) gets a cell — so text stays where the writer put it.
 */

const SECTIONS = new Set(['thead', 'tbody', 'tfoot']);

/** Builds rows from a table's or row group's children, in order. */
class RowBuilder {
  readonly out: TreeNode[] = [];
  private cells: TreeNode[] = [];
  private stray: TreeNode[] = [];

  constructor(
    private readonly env: Env,
    private readonly ctx: Context,
  ) {}

  add(c: TreeNode): void {
    if (typeof c !== 'string' && c.name === 'tr') {
      this.flush();
      this.out.push(this.row(c));
    } else if (typeof c !== 'string' && (c.name === 'td' || c.name === 'th')) {
      this.flushStray();
      this.cells.push(c);
    } else if (isWhitespace(c)) {
      (this.stray.length > 0 ? this.stray : this.cells.length > 0 ? this.cells : this.out).push(c);
    } else {
      this.flushCells();
      this.stray.push(c);
    }
  }

  /** Pushes a finished part (a row group) after the rows so far. */
  push(node: TreeNode): void {
    this.flush();
    this.out.push(node);
  }

  flush(): void {
    this.flushCells();
    this.flushStray();
  }

  private flushCells(): void {
    if (this.cells.length === 0) return;
    this.out.push(
      make(
        'tr',
        {},
        this.cells.map((c) => (typeof c === 'string' ? c : this.cell(c))),
      ),
    );
    this.cells = [];
  }

  private flushStray(): void {
    if (this.stray.length === 0) return;
    this.out.push(make('tr', {}, [make('td', {}, convertNodes(this.env, this.stray, this.ctx))]));
    this.stray = [];
  }

  private cell(c: TreeElement): TreeElement {
    const attrs = elementAttributes(c.name, c.attrs, this.env.urls, { id: this.env.ids.get(c) });
    return make(c.name, attrs, convertNodes(this.env, c.children, this.ctx));
  }

  private row(src: TreeElement): TreeElement {
    const kids = regroup(
      src.children,
      (c) => (c.name === 'td' || c.name === 'th' ? this.cell(c) : undefined),
      (run) => make('td', {}, convertNodes(this.env, run, this.ctx)),
    );
    return part(this.env, src, 'tr', kids);
  }
}

function rowGroup(env: Env, src: TreeElement, name: string, ctx: Context): TreeElement {
  const rows = new RowBuilder(env, ctx);
  for (const c of src.children) rows.add(c);
  rows.flush();
  return part(env, src, name, rows.out);
}

function columnGroup(env: Env, src: TreeElement): TreeElement | undefined {
  // A <colgroup> holding anything but columns is not a column group we can keep.
  if (
    !src.children.every(
      (c) => isWhitespace(c) || (typeof c !== 'string' && c.name === 'col' && c.children.length === 0),
    )
  )
    return undefined;
  const cols = src.children.map((c) => (typeof c === 'string' ? c : column(env, c)));
  const hasColumns = cols.some((c) => typeof c !== 'string');
  return make('colgroup', elementAttributes('colgroup', src.attrs, env.urls, { hasColumns }), cols);
}

function column(env: Env, src: TreeElement): TreeElement {
  return make('col', elementAttributes('col', src.attrs, env.urls), []);
}

const table: BlockHandler = (env, src, ctx, attrs) => {
  const significant = src.children.filter((c) => !isWhitespace(c));
  const lastPart = significant[significant.length - 1];
  const head: TreeNode[] = [];
  const body = new RowBuilder(env, ctx);
  let foot: TreeElement | undefined;
  // 0: nothing yet, 1: caption, 2: column groups, 3: thead, 4: body rows.
  let phase = 0;
  let openColumns: TreeElement | undefined;

  for (const c of src.children) {
    if (typeof c === 'string') {
      if (phase < 4 && isWhitespace(c)) head.push(c);
      else {
        phase = 4;
        body.add(c);
      }
      continue;
    }
    const name = c.name;
    if (name === 'caption' && phase === 0) {
      head.push(part(env, c, 'caption', convertNodes(env, c.children, { ...ctx, inCaption: true })));
      phase = 1;
      continue;
    }
    if (name === 'col' && phase <= 2 && c.children.length === 0) {
      if (openColumns === undefined) {
        openColumns = make('colgroup', {}, []);
        head.push(openColumns);
      }
      openColumns.children.push(column(env, c));
      phase = 2;
      continue;
    }
    openColumns = undefined;
    const group = name === 'colgroup' && phase <= 2 ? columnGroup(env, c) : undefined;
    if (group !== undefined) {
      head.push(group);
      phase = 2;
    } else if (name === 'thead' && phase <= 2) {
      head.push(rowGroup(env, c, 'thead', ctx));
      phase = 3;
    } else if (name === 'tfoot' && c === lastPart) {
      body.flush();
      foot = rowGroup(env, c, 'tfoot', ctx);
    } else if (SECTIONS.has(name)) {
      // A second thead, or a tfoot with rows after it, is one more body.
      body.push(rowGroup(env, c, 'tbody', ctx));
      phase = 4;
    } else {
      body.add(c);
      phase = 4;
    }
  }
  body.flush();
  const kids = [...head, ...bodyRows(body.out)];
  if (foot !== undefined) kids.push(foot);
  return make('table', attrs, kids);
};

/** Rows and row groups cannot be siblings: rows next to a tbody get a tbody of their own. */
function bodyRows(items: TreeNode[]): TreeNode[] {
  const hasGroups = items.some((k) => typeof k !== 'string' && k.name === 'tbody');
  if (!hasGroups) return items;
  const out: TreeNode[] = [];
  let rows: TreeNode[] = [];
  const flush = (): void => {
    if (rows.some((k) => typeof k !== 'string')) out.push(make('tbody', {}, rows));
    else out.push(...rows);
    rows = [];
  };
  for (const k of items) {
    if (typeof k !== 'string' && k.name === 'tbody') {
      flush();
      out.push(k);
    } else rows.push(k);
  }
  flush();
  return out;
}

export const TABLES: Readonly<Record<string, BlockHandler>> = { table };
