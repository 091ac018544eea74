import { describe, expect, it } from 'vitest';
import { parseLabels } from '../../src/tune/read-labels.js';

describe('parseLabels', () => {
  it('finds the columns by name, ignores others, and reads quotes, a BOM and CRLF', () => {
    const text = '\uFEFFnote,Label,line,file\r\n"a, b",anomaly,12,"logs/x,1.log"\r\n,normal,3,y.log\r\n\r\n';
    expect(parseLabels(text, 'l.csv')).toEqual([
      { file: 'logs/x,1.log', line: 12, anomaly: true, csvLine: 2 },
      { file: 'y.log', line: 3, anomaly: false, csvLine: 3 },
    ]);
  });

  it('names the missing columns of the header', () => {
    expect(() => parseLabels('file,lineno,label\nx,1,anomaly\n', 'l.csv')).toThrow(/l\.csv:1: the header has no line column/);
  });

  it('rejects a label other than anomaly or normal, with its line in the CSV', () => {
    expect(() => parseLabels('file,line,label\nx,1,anomaly\nx,2,attack\n', 'l.csv')).toThrow(/l\.csv:3: label must be anomaly or normal, got "attack"/);
  });

  it.each(['0', '-4', '1.5', 'ten', ''])('rejects the line number %j', (line) => {
    expect(() => parseLabels(`file,line,label\nx,${line},anomaly\n`, 'l.csv')).toThrow(/l\.csv:2: line must be a positive whole number/);
  });
});
