// The categorical fields of a record that the categorical detector counts (seed 003's fields and
// what the AWS logs add): a frozen registry, field name → how to read it and whether a client's mix
// of it means anything.
import type { LogRecord } from '../types.js';

interface FieldRules {
  /** The name findings and baselines use. */
  readonly name: string;
  /**
   * Whether a client that sends mostly this value is worth a finding; absent when no value is (every
   * client has one country). A client with many 404s is the per-client error-rate feature's business.
   */
  clientMix?(value: string): boolean;
  /**
   * Whether a value is worth reporting when it is new, rare or rising; absent when every value is.
   * A burst of 304s or 206s is a cache or a download, not an attack, so only error statuses are.
   */
  notable?(value: string): boolean;
  /**
   * Whether the field is read from the record's `extras` only (AWS and WAF fields): records without
   * extras skip it (category-counts.ts), so a field marked so must read nothing else.
   */
  fromExtras?: boolean;
}

/** A field with one value per record, or one with any number (WAF labels, COUNT matches). */
export type CategoryField = FieldRules & (
  | {
    /** The field's value in a record, '' when the record does not carry it. */
    valueOf(record: LogRecord): string;
    valuesOf?: never;
  }
  | {
    /**
     * Its values in a record, empty when the record carries none, undefined when the record cannot
     * carry the field (no WAF record). A value's share is that of the records carrying the field.
     */
    valuesOf(record: LogRecord): readonly string[] | undefined;
    valueOf?: never;
  }
);

const extra = (record: LogRecord, key: string): string => record.extras?.[key] ?? '';
const always = (): boolean => true;

export const CATEGORY_FIELDS: readonly CategoryField[] = Object.freeze([
  { name: 'method', valueOf: (r: LogRecord) => r.method },
  { name: 'status', valueOf: (r: LogRecord) => (r.status === null ? '' : statusText(r.status)), clientMix: (v: string) => serverError(v), notable: (v: string) => v.length === 3 && v >= '400' },
  { name: 'country', valueOf: (r: LogRecord) => extra(r, 'country') || extra(r, 'GEOIP_COUNTRY_CODE'), fromExtras: true },
  { name: 'wafAction', valueOf: (r: LogRecord) => extra(r, 'action'), clientMix: always, fromExtras: true },
  { name: 'wafRule', valueOf: wafRule, clientMix: (v: string) => v !== 'Default_Action', fromExtras: true },
  { name: 'wafSource', valueOf: (r: LogRecord) => extra(r, 'httpSourceName'), fromExtras: true },
  { name: 'edgeResult', valueOf: (r: LogRecord) => extra(r, 'edgeDetailedResultType') || extra(r, 'edgeResultType'), clientMix: always, fromExtras: true },
  { name: 'targetStatus', valueOf: (r: LogRecord) => extra(r, 'targetStatus'), clientMix: (v: string) => v === '-' || serverError(v), notable: (v: string) => v === '-' || (v.length === 3 && v >= '400'), fromExtras: true },
  { name: 'albError', valueOf: (r: LogRecord) => extra(r, 'errorReason'), clientMix: always, fromExtras: true },
  { name: 'tls', valueOf: (r: LogRecord) => extra(r, 'sslProtocol'), fromExtras: true },
  // What the WAF's rules said without deciding: the labels its rules added (Bot Control's
  // `…:bot:category:http_library`, a managed group's `…:sql-database:SQLi_QueryArguments`), the rules
  // that matched in COUNT mode, the rate-based rules that acted.
  { name: 'wafLabel', valuesOf: (r: LogRecord) => wafList(r, 'labels'), clientMix: always, fromExtras: true },
  { name: 'wafCountRule', valuesOf: (r: LogRecord) => wafList(r, 'nonTerminatingRules'), clientMix: always, fromExtras: true },
  { name: 'wafRateRule', valuesOf: (r: LogRecord) => wafList(r, 'rateBasedRules')?.map(rateRuleId), clientMix: always, fromExtras: true },
].map((field): CategoryField => Object.freeze(field)));

export const CATEGORY_FIELD_NAMES: readonly string[] = Object.freeze(CATEGORY_FIELDS.map((field) => field.name));

/** The comma-separated list a WAF record keeps under `key` (parse/formats/waf.ts); undefined for a record of another format. */
function wafList(record: LogRecord, key: string): readonly string[] | undefined {
  if (extra(record, 'action') === '') return undefined;
  const list = extra(record, key);
  if (list === '') return NO_VALUES;
  let values = SPLIT.get(list);
  if (values === undefined) {
    // The lists repeat from record to record: split each once (a log of ever-new lists starts over).
    if (SPLIT.size >= 4096) SPLIT.clear();
    values = Object.freeze([...new Set(list.split(','))]);
    SPLIT.set(list, values);
  }
  return values;
}
const NO_VALUES: readonly string[] = Object.freeze([]);
const SPLIT = new Map<string, readonly string[]>();

/** A rate-based rule as the WAF parser keeps it, `id:limitKey:maxRate`, by its id. */
function rateRuleId(rule: string): string {
  return rule.split(':')[0]!;
}

/** One string per status code (a record's status is asked for in every record). */
const STATUS_TEXT: string[] = [];
function statusText(status: number): string {
  if (!(Number.isInteger(status) && status >= 0 && status < 1000)) return String(status);
  return (STATUS_TEXT[status] ??= String(status));
}

function serverError(status: string): boolean {
  return status.length === 3 && status >= '500';
}

/**
 * The values of `field` in `record` as the counts take them (category-counts.ts): undefined when the
 * record does not carry the field (no value, or a record of another format), else its values (none,
 * or several, for a list field). `semlog watch` reads records with it (watch/live-new-values.ts).
 */
export function fieldValues(field: CategoryField, record: LogRecord): readonly string[] | undefined {
  if (field.fromExtras === true && record.extras === null) return undefined;
  if (field.valuesOf !== undefined) return field.valuesOf(record);
  const value = field.valueOf(record);
  return value === '' ? undefined : [value];
}

/** Whether a field's value may be reported as new, rare or rising. */
export function isNotable(field: CategoryField, value: string): boolean {
  return field.notable === undefined || field.notable(value);
}

/** The WAF rule that decided, with the rule inside its group when a rule group decided (`group/rule`). */
function wafRule(record: LogRecord): string {
  const rule = extra(record, 'terminatingRuleId');
  if (rule === '' || extra(record, 'action') === '') return '';
  const inGroup = extra(record, 'terminatingGroupRule');
  return inGroup === '' ? rule : `${rule}/${inGroup}`;
}
