import { Presets, SingleBar } from 'cli-progress';

type Line =
  | { status: 'imported'; file: string; workId: number; chapters: number }
  | { status: 'skipped'; file: string; workId: number }
  | { status: 'failed'; file: string; reason: string }
  | { status: 'ignored'; file: string };

/** What a batch import did, file by file, with a progress bar on a terminal. */
export class ImportReport {
  private readonly lines: Line[] = [];
  private readonly bar: SingleBar | undefined;
  private readonly started = Date.now();
  readonly counts = { imported: 0, skipped: 0, failed: 0, ignored: 0 };

  constructor(private readonly opts: { progress: boolean; total: number; quiet: boolean }) {
    if (opts.progress && opts.total > 0) {
      this.bar = new SingleBar(
        { format: 'Importing [{bar}] {value}/{total} files · {rate} works/s · {failed} failed', hideCursor: true },
        Presets.shades_classic,
      );
      this.bar.start(opts.total, 0, { rate: '0', failed: 0 });
    }
  }

  private add(line: Line, counts: boolean) {
    this.lines.push(line);
    this.counts[line.status]++;
    if (counts && this.bar) {
      const secs = Math.max((Date.now() - this.started) / 1000, 0.001);
      this.bar.increment(1, {
        rate: ((this.counts.imported + this.counts.skipped) / secs).toFixed(0),
        failed: this.counts.failed,
      });
    }
    // A single file's failure is still told, on stderr, when no report is printed.
    if (this.opts.quiet && line.status === 'failed')
      process.stderr.write(`Nothing was imported from ${line.file}: ${line.reason}\n`);
  }

  imported(file: string, workId: number, chapters: number) {
    this.add({ status: 'imported', file, workId, chapters }, true);
  }
  skipped(file: string, workId: number) {
    this.add({ status: 'skipped', file, workId }, true);
  }
  failed(file: string, reason: string) {
    // One line whatever the importer said.
    this.add({ status: 'failed', file, reason: reason.replace(/\s+/g, ' ').trim() }, true);
  }
  ignored(file: string) {
    this.add({ status: 'ignored', file }, false);
  }

  finish() {
    this.bar?.stop();
  }

  toJSON() {
    return { ...this.counts, seconds: (Date.now() - this.started) / 1000, files: this.lines };
  }

  print(out: NodeJS.WritableStream, err: NodeJS.WritableStream) {
    for (const l of this.lines) {
      if (l.status === 'imported')
        out.write(`imported  work ${l.workId}  ${l.file} (${l.chapters} chapter${l.chapters === 1 ? '' : 's'})\n`);
      else if (l.status === 'skipped') out.write(`skipped   work ${l.workId}  ${l.file} (already imported)\n`);
      else if (l.status === 'ignored') out.write(`ignored   ${l.file} (not a format Quire imports)\n`);
      else err.write(`failed    ${l.file}: ${l.reason}\n`);
    }
    const c = this.counts;
    out.write(`Imported ${c.imported}, already imported ${c.skipped}, failed ${c.failed}, ignored ${c.ignored}.\n`);
  }
}
