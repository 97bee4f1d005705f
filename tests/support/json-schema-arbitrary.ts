import fc from 'fast-check';

/** The subset of JSON Schema the OpenAPI document uses for requests. */
export interface JsonSchema {
  type?: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: readonly unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
  /** Only the server makes valid values (e.g. a signed cursor): left out of generated valid input. */
  'x-opaque'?: boolean;
}

/**
 * Where a value travels. JSON carries any type; a path segment, a query string and a header carry text, so a
 * "wrong type" there is text that does not parse, and a path segment must stay one segment.
 */
export type Carrier = 'json' | 'path' | 'query' | 'header';

export interface GenerationOptions {
  carrier: Carrier;
  /** Real values (SKUs, slugs...) mixed in for properties of this name, so not every value is unknown. */
  known?: Record<string, fc.Arbitrary<unknown>>;
}

/** A value the schema rejects, with the rule it breaks (for the failure message). */
export interface InvalidValue {
  value: unknown;
  breaks: string;
}

const MAX_GENERATED_LENGTH = 40;
/** Arrays are generated this long at most (or their minimum): each item is checked like any value. */
const MAX_GENERATED_ITEMS = 4;

/** Characters that survive a trip through each carrier as themselves (no `/` or dot segments in a path). */
const TEXT_CHARACTERS: Record<Carrier, string> = {
  json: ' !"#$%&()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~é€',
  path: "-_~!*'()ABCXYZabcxyz0123456789 é",
  query: ' !"#$%&()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~é',
  header: '!"#$%&()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~ ',
};

/** Characters a carrier can hold that the usual text does not use: control characters break "printable" patterns. */
const PATTERN_BREAKERS: Record<Carrier, string> = {
  json: '\n\t\u0000\u007f\u0085',
  path: '',
  query: '\t\n',
  header: '',
};

const textOf = (carrier: Carrier, lengths: { minLength?: number; maxLength?: number }) =>
  fc
    .string({ unit: fc.constantFrom(...TEXT_CHARACTERS[carrier]), ...lengths })
    .filter((text) => fitsCarrier(text, carrier));

/** A path segment of only dots is resolved away by the URL parser; a header value loses its outer spaces. */
function fitsCarrier(text: string, carrier: Carrier): boolean {
  if (carrier === 'path') return text.length > 0 && !/^\.+$/.test(text);
  if (carrier === 'header') return text === text.trim();
  return true;
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Math.max(minLength, MAX_GENERATED_LENGTH);
  if (schema.pattern === undefined) return fc.string({ minLength, maxLength });
  return fc
    .stringMatching(new RegExp(schema.pattern), { maxLength })
    .filter((text) => [...text].length >= minLength);
}

/** Values the schema accepts. Optional opaque properties are left out: only the server can make them. */
export function validValue(schema: JsonSchema, options: GenerationOptions): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return validString(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(
        minLength,
        Math.min(schema.maxItems ?? MAX_GENERATED_ITEMS, MAX_GENERATED_ITEMS),
      );
      return fc.array(validValue(schema.items ?? {}, options), { minLength, maxLength });
    }
    case 'object': {
      const required = schema.required ?? [];
      const properties = Object.entries(schema.properties ?? {}).filter(
        ([name, property]) => required.includes(name) || !property['x-opaque'],
      );
      const model = Object.fromEntries(
        properties.map(([name, property]) => {
          const generated = validValue(property, options);
          const known = options.known?.[name];
          return [name, known ? fc.oneof(known, generated) : generated];
        }),
      );
      return fc.record(model, { requiredKeys: required.filter((name) => name in model) });
    }
    default:
      throw new Error(`no generator for JSON Schema ${JSON.stringify(schema)}`);
  }
}

function invalidStrings(schema: JsonSchema, carrier: Carrier): fc.Arbitrary<InvalidValue>[] {
  const choices: fc.Arbitrary<InvalidValue>[] = [];
  const breaks = (rule: string) => (value: unknown) => ({ value, breaks: rule });
  if (schema.maxLength !== undefined) {
    const longer = schema.maxLength + 1;
    choices.push(
      fc
        .tuple(validString({ ...schema, maxLength: undefined, minLength: 1 }), fc.nat(20))
        .map(([text, extra]) => text.padEnd(longer + extra, text))
        .filter((text) => fitsCarrier(text, carrier))
        .map(breaks(`maxLength ${schema.maxLength}`)),
    );
  }
  // An empty path segment would select another route, not test this one.
  const shortest = carrier === 'path' ? 1 : 0;
  if ((schema.minLength ?? 0) > shortest) {
    choices.push(
      textOf(carrier, { minLength: shortest, maxLength: schema.minLength! - 1 }).map(
        breaks(`minLength ${schema.minLength}`),
      ),
    );
  }
  if (schema.pattern !== undefined) {
    const pattern = new RegExp(schema.pattern);
    // Built to break the pattern, never searched for: a filter over random text spins forever when the carrier's
    // characters always match (a pattern that only refuses control characters, or blank text). Every candidate is
    // checked here, once, so generation only picks.
    const minLength = Math.max(1, schema.minLength ?? 0);
    const maxLength = Math.min(schema.maxLength ?? MAX_GENERATED_LENGTH, MAX_GENERATED_LENGTH);
    const candidates = [...(TEXT_CHARACTERS[carrier] + PATTERN_BREAKERS[carrier])]
      .flatMap((c) => [c.repeat(minLength), c.repeat(Math.min(maxLength, minLength + 3)), `a${c}a`, `${c}a`])
      .filter(
        (text) =>
          text.length >= minLength &&
          text.length <= maxLength &&
          fitsCarrier(text, carrier) &&
          !pattern.test(text),
      );
    if (candidates.length > 0) {
      choices.push(fc.constantFrom(...new Set(candidates)).map(breaks(`pattern ${schema.pattern}`)));
    }
  }
  return choices;
}

function invalidIntegers(schema: JsonSchema, carrier: Carrier): fc.Arbitrary<InvalidValue>[] {
  const choices: fc.Arbitrary<InvalidValue>[] = [];
  const low = schema.minimum ?? -1e9;
  const high = schema.maximum ?? 1e9;
  if (schema.minimum !== undefined)
    choices.push(
      fc.integer({ min: low - 1000, max: low - 1 }).map((value) => ({ value, breaks: `minimum ${low}` })),
    );
  if (schema.maximum !== undefined)
    choices.push(
      fc.integer({ min: high + 1, max: high + 1000 }).map((value) => ({ value, breaks: `maximum ${high}` })),
    );
  choices.push(
    fc
      .integer({ min: low, max: high - 1 })
      .map((n) => ({ value: n + 0.5, breaks: 'type integer (a fraction)' })),
  );
  choices.push(
    carrier === 'json'
      ? fc
          .integer({ min: low, max: high })
          .map((n) => ({ value: String(n), breaks: 'type integer (a string)' }))
      : fc.stringMatching(/^[a-z]{1,6}$/).map((value) => ({ value, breaks: 'type integer (not a number)' })),
  );
  return choices;
}

const notJsonType = (type: JsonSchema['type']) =>
  fc
    .oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 5 }), fc.constant([]))
    .filter((value) => jsonTypeOf(value) !== type && !(type === 'number' && jsonTypeOf(value) === 'integer'))
    .map((value) => ({ value, breaks: `type ${type}` }));

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Values the schema rejects, each breaking one rule: out of range, too long or short, off pattern, not in the
 * enum, the wrong type, a required property missing, or one property invalid. Null when nothing is invalid.
 */
export function invalidValue(
  schema: JsonSchema,
  options: GenerationOptions,
): fc.Arbitrary<InvalidValue> | null {
  const { carrier } = options;
  const choices: fc.Arbitrary<InvalidValue>[] = [];
  if (schema.enum) {
    choices.push(
      textOf(carrier, { minLength: 1, maxLength: 12 })
        .filter((text) => !schema.enum!.includes(text))
        .map((value) => ({ value, breaks: `enum ${schema.enum!.join('|')}` })),
    );
  } else if (schema.type === 'string') {
    choices.push(...invalidStrings(schema, carrier));
  } else if (schema.type === 'integer') {
    choices.push(...invalidIntegers(schema, carrier));
  } else if (schema.type === 'object') {
    choices.push(...invalidObjects(schema, options));
  } else if (schema.type === 'array') {
    choices.push(...invalidArrays(schema, options));
  }
  if (carrier === 'json' && schema.type) choices.push(notJsonType(schema.type));
  return choices.length > 0 ? fc.oneof(...choices) : null;
}

function invalidObjects(schema: JsonSchema, options: GenerationOptions): fc.Arbitrary<InvalidValue>[] {
  const valid = validValue(schema, options) as fc.Arbitrary<Record<string, unknown>>;
  const choices: fc.Arbitrary<InvalidValue>[] = [];
  const required = schema.required ?? [];
  // A path always has all its segments: leaving one out is another URL, not a missing field.
  if (required.length > 0 && options.carrier !== 'path') {
    choices.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([value, name]) => {
        const { [name]: _missing, ...rest } = value;
        return { value: rest, breaks: `required ${name}` };
      }),
    );
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const broken = invalidValue(property, options);
    if (!broken) continue;
    choices.push(
      fc.tuple(valid, broken).map(([value, { value: bad, breaks }]) => ({
        value: { ...value, [name]: bad },
        breaks: `${name}: ${breaks}`,
      })),
    );
  }
  return choices;
}

function invalidArrays(schema: JsonSchema, options: GenerationOptions): fc.Arbitrary<InvalidValue>[] {
  const item = validValue(schema.items ?? {}, options);
  const choices: fc.Arbitrary<InvalidValue>[] = [];
  if (schema.maxItems !== undefined) {
    const longer = schema.maxItems + 1;
    choices.push(
      fc
        .array(item, { minLength: longer, maxLength: longer + 2 })
        .map((value) => ({ value, breaks: `maxItems ${schema.maxItems}` })),
    );
  }
  if ((schema.minItems ?? 0) > 0) {
    choices.push(
      fc
        .array(item, { maxLength: schema.minItems! - 1 })
        .map((value) => ({ value, breaks: `minItems ${schema.minItems}` })),
    );
  }
  const broken = schema.items ? invalidValue(schema.items, options) : null;
  if (broken) {
    const valid = validValue(
      { ...schema, minItems: Math.max(1, schema.minItems ?? 0) },
      options,
    ) as fc.Arbitrary<unknown[]>;
    choices.push(
      fc.tuple(valid, broken, fc.nat()).map(([value, { value: bad, breaks }, at]) => {
        const index = at % value.length;
        return { value: value.map((v, i) => (i === index ? bad : v)), breaks: `item ${index}: ${breaks}` };
      }),
    );
  }
  return choices;
}
