import { describe, expect, it } from 'vitest';
import { parseLabelFile } from '../../src/tune/read-labels.js';
import { suggestionsCsv } from '../../src/tune/suggest-labels.js';

describe('suggestionsCsv', () => {
  it('writes a labels file with an empty label column that reads back once filled in', () => {
    const csv = suggestionsCsv([
      { file: 'logs/a,1.log', line: 12, ip: '203.0.113.9', text: 'GET /x?q="1",2', probability: 0.4567, finding: false },
      { file: 'b.log', line: 3, ip: '2001:db8::1', text: 'GET /', probability: 0.9, finding: true },
    ]);
    expect(csv).toBe('file,line,label,ip,probability,request\n"logs/a,1.log",12,,203.0.113.9,0.457,"GET /x?q=""1"",2"\nb.log,3,,2001:db8::1,0.900,GET /\n');
    // Unfilled, a row is refused with its line; filled in, it is a line label like any other.
    expect(() => parseLabelFile(csv, 's.csv')).toThrow(/s\.csv:2: label must be anomaly or normal, got ""/);
    const filled = csv.replace(',12,,', ',12,anomaly,').replace(',3,,', ',3,normal,');
    expect(parseLabelFile(filled, 's.csv')).toEqual({
      kind: 'lines',
      rows: [
        { file: 'logs/a,1.log', line: 12, anomaly: true, csvLine: 2 },
        { file: 'b.log', line: 3, anomaly: false, csvLine: 3 },
      ],
    });
  });
});
