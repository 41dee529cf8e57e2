import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { codeFrame, error, escapeControls, formatDiagnostic } from '../src/diagnostics.js';
import { createReporter } from '../src/report.js';

const FIXTURE = new URL('./fixtures/terminal/escape-title.md', import.meta.url);
const text = readFileSync(FIXTURE, 'utf8');
// Any C0 control but tab and line feed, DEL, or C1 control: what a terminal would act on.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('terminal escapes from posts are shown, not obeyed', () => {
  it('code frames show a title holding OSC and CSI sequences escaped', () => {
    const frame = codeFrame(text, 4, 3);
    expect(frame).not.toMatch(CONTROL);
    expect(frame).toContain('\\x1b]0;pwned\\x07\\x1b[2K가짜');
  });

  it('the caret stays under the column as printed when escapes widen the line', () => {
    const frame = codeFrame('x: \u001b[2Ky\n', 1, 8);
    const [line, caret] = frame.split('\n');
    expect(line?.indexOf('y')).toBe(caret?.indexOf('^'));
  });

  it('messages, file names and hints are escaped too; bidi overrides included', () => {
    const d = error('posts/\u001b[31mred.md', 'title \u202egnp.exe', { line: 2, column: 1 }, 'remove \u0007');
    const out = formatDiagnostic(d, text);
    expect(out).not.toMatch(CONTROL);
    expect(out).toContain('posts/\\x1b[31mred.md');
    expect(out).toContain('title \\u202egnp.exe');
    expect(escapeControls('탭\t줄\n')).toBe('탭\t줄\n');
  });

  it('the reporter prints no control sequence but its own', () => {
    let printed = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        printed += chunk.toString();
        done();
      },
    });
    const reporter = createReporter({ quiet: false, verbose: true, profile: false, stream });
    reporter.diagnostics([error('escape-title.md', 'bad \u001b]0;x\u0007', { line: 2, column: 1 })], new URL('./fixtures/terminal/', import.meta.url).pathname);
    reporter.line('note \u009b2J');
    expect(printed).not.toMatch(CONTROL);
    expect(printed).toContain('\\x1b]0;pwned');
    expect(printed).toContain('note \\x9b2J');
  });
});
