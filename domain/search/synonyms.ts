/**
 * Words shoppers use for the same thing, one group per line of thought (Solr/OpenSearch "equivalent" synonyms).
 * Applied at search time by every engine, so changing this list needs no reindex.
 */
export const SYNONYMS: readonly (readonly string[])[] = [
  ['headphones', 'headset', 'earphones', 'earbuds', 'cans'],
  ['sneakers', 'trainers', 'running shoes', 'runners'],
  ['boots', 'hiking boots', 'walking boots'],
  ['t-shirt', 'tshirt', 'tee', 'top'],
  ['jacket', 'coat', 'parka', 'shell'],
  ['jeans', 'denim', 'pants', 'trousers'],
  ['backpack', 'rucksack', 'daypack', 'bag'],
  ['smartwatch', 'watch', 'fitness tracker', 'fitness band'],
  ['coffee', 'espresso', 'beans'],
  ['skillet', 'frying pan', 'pan'],
  ['lamp', 'light', 'task light'],
  ['chair', 'seat', 'stool'],
  ['notebook', 'journal', 'notepad'],
  ['pen', 'fountain pen', 'rollerball', 'biro'],
  ['bottle', 'flask', 'tumbler'],
  ['tent', 'shelter'],
  ['candle', 'candles'],
  ['moisturizer', 'moisturiser', 'cream'],
];
