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
