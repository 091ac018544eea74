import { describe, expect, it } from 'vitest';
import { baselineFormatWarnings, trainedFormats } from '../../src/pipeline/baseline-format.js';

describe('trainedFormats', () => {
  it('lists the formats of the files that gave records, once each, in order', () => {
    const files = [
      { format: 'waf', records: 0 },
      { format: 'combined', records: 12 },
      { format: 'cloudfront', records: 3 },
      { format: 'combined', records: 4 },
    ];
    expect(trainedFormats(files)).toEqual(['combined', 'cloudfront']);
  });
});

describe('baselineFormatWarnings', () => {
  it('warns once per format the baseline was not trained on, naming its files (three, then a count)', () => {
    const read = [
      { file: 'a.log', format: 'combined' },
      { file: 'cf1.log', format: 'cloudfront' },
      { file: 'waf.jsonl', format: 'waf' },
      { file: 'cf2.log', format: 'cloudfront' },
      { file: 'cf3.log', format: 'cloudfront' },
      { file: 'cf4.log', format: 'cloudfront' },
      { file: 'cf1.log', format: 'cloudfront' },
    ];
    const warnings = baselineFormatWarnings(['combined'], read);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^the baseline was trained on combined logs, and cf1\.log, cf2\.log, cf3\.log and 1 more are cloudfront: .* so the scan of cloudfront may judge nearly every request as new; train a baseline on clean cloudfront logs/);
    expect(warnings[1]).toMatch(/^the baseline was trained on combined logs, and waf\.jsonl is waf: /);
    expect(baselineFormatWarnings(['combined', 'waf'], [{ file: 'alb.log', format: 'alb' }])[0]).toMatch(/^the baseline was trained on combined and waf logs, and alb\.log is alb: /);
  });

  it('takes the formats of a web server\'s own log for one another, and says nothing for its own formats', () => {
    const server = ['combined', 'common', 'vhost-combined', 'custom-apache'].map((format) => ({ file: `${format}.log`, format }));
    expect(baselineFormatWarnings(['common'], server)).toEqual([]);
    expect(baselineFormatWarnings(['cloudfront', 'waf'], [{ file: 'x', format: 'waf' }, { file: 'y', format: 'cloudfront' }])).toEqual([]);
    expect(baselineFormatWarnings(['cloudfront'], server)).toHaveLength(4);
  });

  it('says nothing for a baseline trained before it recorded its formats', () => {
    expect(baselineFormatWarnings(undefined, [{ file: 'cf.log', format: 'cloudfront' }])).toEqual([]);
  });
});
