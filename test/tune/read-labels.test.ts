import { describe, expect, it } from 'vitest';
import { parseLabelFile, parseLabels } from '../../src/tune/read-labels.js';

describe('parseLabels', () => {
  it('finds the columns by name, ignores others, and reads quotes, a BOM and CRLF', () => {
    const text = '\uFEFFnote,Label,line,file\r\n"a, b",anomaly,12,"logs/x,1.log"\r\n,normal,3,y.log\r\n\r\n';
    expect(parseLabels(text, 'l.csv')).toEqual([
      { file: 'logs/x,1.log', line: 12, anomaly: true, csvLine: 2 },
      { file: 'y.log', line: 3, anomaly: false, csvLine: 3 },
    ]);
  });

  it('names the missing columns of the header', () => {
    expect(() => parseLabels('file,lineno,label\nx,1,anomaly\n', 'l.csv')).toThrow(/l\.csv:1: the header has no line column: it is neither line labels nor client labels/);
  });

  it('rejects a label other than anomaly or normal, with its line in the CSV', () => {
    expect(() => parseLabels('file,line,label\nx,1,anomaly\nx,2,attack\n', 'l.csv')).toThrow(/l\.csv:3: label must be anomaly or normal, got "attack"/);
  });

  it.each(['0', '-4', '1.5', 'ten', ''])('rejects the line number %j', (line) => {
    expect(() => parseLabels(`file,line,label\nx,${line},anomaly\n`, 'l.csv')).toThrow(/l\.csv:2: line must be a positive whole number/);
  });

  it('refuses a line labelled both anomaly and normal, naming both rows (exit 3); a repeated label is kept', () => {
    const both = (() => {
      try {
        parseLabels('file,line,label\nL,10,anomaly\nL,11,anomaly\nL,10,normal\n', 'l.csv');
      } catch (error) {
        return error as { exitCode: number; message: string };
      }
    })();
    expect(both).toMatchObject({ exitCode: 3, message: 'l.csv:4: L line 10 is labelled normal, but l.csv:2 labels it anomaly' });
    expect(parseLabels('file,line,label\nL,10,anomaly\nL,10,Anomaly\nM,10,normal\n', 'l.csv')).toHaveLength(3);
  });

  it('refuses a client labelled both ways, also in another case of the same IPv6 address', () => {
    expect(() => parseLabelFile('ip,label\n203.0.113.9,normal\n203.0.113.9,anomaly\n', 'c.csv')).toThrow(/^c\.csv:3: client 203\.0\.113\.9 is labelled anomaly, but c\.csv:2 labels it normal$/);
    expect(() => parseLabelFile('ip,label\n2001:DB8::1,anomaly\n2001:db8::1,normal\n', 'c.csv')).toThrow(/c\.csv:3: client 2001:db8::1 is labelled normal, but c\.csv:2/);
    expect(parseLabelFile('ip,label\n203.0.113.9,anomaly\n203.0.113.9,anomaly\n', 'c.csv').rows).toHaveLength(2);
  });

  it.each([
    ['a row', 'file,line,label\n"L,10,anomaly\n', 2],
    ['a row with fields after it', 'file,line,label\nL,10,anomaly\nL,11,anomaly,"INC-1, second wave\n', 3],
    ['the header', 'file,"line,label\nL,10,anomaly\n', 1],
  ])('names an unclosed quote in %s, not the column it swallowed (exit 3)', (_, text, csvLine) => {
    const error = (() => {
      try {
        parseLabelFile(text, 'l.csv');
      } catch (caught) {
        return caught as { exitCode: number; message: string; hint: string };
      }
    })();
    expect(error).toMatchObject({ exitCode: 3, message: `l.csv:${csvLine}: a quote (") opens a field that the line does not close`, hint: expect.stringContaining('""') });
  });

  it('tells client labels (ip,label) from line labels by the header', () => {
    expect(parseLabelFile('IP,note,label\n203.0.113.9,x,anomaly\n\n2001:db8::1,,Normal\n', 'c.csv')).toEqual({
      kind: 'clients',
      rows: [
        { ip: '203.0.113.9', anomaly: true, csvLine: 2 },
        { ip: '2001:db8::1', anomaly: false, csvLine: 4 },
      ],
    });
    expect(parseLabelFile('file,line,label\nx,1,anomaly\n', 'l.csv')).toMatchObject({ kind: 'lines', rows: [{ file: 'x', line: 1 }] });
  });

  it('a header of neither kind is a usage error (exit 2); a bad client row names its line (exit 3)', () => {
    const neither = (() => {
      try {
        parseLabelFile('host,verdict\n203.0.113.9,anomaly\n', 'n.csv');
      } catch (error) {
        return error as { exitCode: number; message: string };
      }
    })();
    expect(neither).toMatchObject({ exitCode: 2, message: expect.stringMatching(/n\.csv:1: the header has no file, line, label column: it is neither/) });
    expect(() => parseLabelFile('ip,label\n203.0.113.300,anomaly\n', 'c.csv')).toThrow(/c\.csv:2: ip must be an IPv4 or IPv6 address, got "203\.0\.113\.300"/);
    expect(() => parseLabelFile('ip,label\n203.0.113.9,bad\n', 'c.csv')).toThrow(/c\.csv:2: label must be anomaly or normal, got "bad"/);
  });
});
