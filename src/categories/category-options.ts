// The thresholds of the categorical detector, in one place with their defaults. Each one guards
// against a false alarm; docs/output.md says why each default is what it is.

export interface CategoryOptions {
  /** A value needs at least this many records (in the scan, the client or the window) to be a finding. */
  minCount: number;
  /** Without a baseline, a value under this share of its field's records is rare. */
  rareShare: number;
  /** A client's mix, or a window's shares, are judged only with at least this many records carrying the field. */
  minRequests: number;
  /** A value must be at least this share of a client's records… */
  clientShare: number;
  /** …and this many times its share among the other clients (or, for a window, its usual share). */
  shareRatio: number;
  /** A window's share must also rise by at least this much (absolute, 0.05 = five points). */
  minShareRise: number;
}

export const CATEGORY_DEFAULTS: Readonly<CategoryOptions> = Object.freeze({
  minCount: 5,
  rareShare: 0.001,
  minRequests: 20,
  clientShare: 0.4,
  shareRatio: 3,
  minShareRise: 0.05,
});

/**
 * A field whose rare values together hold more than this many times `rareShare` has a long tail
 * (countries of a global site, statuses of an API): "rare" is normal there, so none is reported.
 */
export const LONG_TAIL_FACTOR = 5;

/**
 * A window's shift must come from at least this many clients: one visitor's page load on a quiet
 * site is 90 % of its window's country, and one client's burst is its client mix, not the site's.
 */
export const MIN_SHIFT_CLIENTS = 3;

/** Without a baseline, this many windows of at least minRequests records are needed before a shift means anything (as detectWindows). */
export const MIN_WINDOWS = 6;
