// The texts another signal already points at, which the cascade always embeds with MiniLM: a text
// with an attack tag on any of its lines, or with characters rare for this log (the rarity gate of
// semantic-verdicts.ts at its default, so a flagged outlier is judged in MiniLM's space).

import { characterRarity } from '../normalize/character-rarity.js';
import { SEMANTIC_DEFAULTS } from './semantic-outliers.js';
import type { IngestState } from './ingest-records.js';

export function flaggedTexts(state: IngestState): Uint8Array {
  const { table, occurrences } = state;
  const flagged = new Uint8Array(table.size);
  for (let row = 0; row < occurrences.size; row++) if (occurrences.tagMask(row) !== 0) flagged[occurrences.textId(row)] = 1;
  const { rarity } = characterRarity(table.texts, table.counts);
  for (let id = 0; id < table.size; id++) if (rarity[id]! >= SEMANTIC_DEFAULTS.minRarity) flagged[id] = 1;
  return flagged;
}
