import { availabilityOf } from '../../domain/catalog/availability.js';
import { assembleProduct, type Category, type Product, type Sku } from '../../domain/catalog/product.js';
import { newId } from '../../domain/shared/ids.js';
import { money } from '../../domain/shared/money.js';

/** Small, fast, seedable PRNG (mulberry32): the demo catalog is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface CategorySpec {
  name: string;
  nouns: string[];
  /** Price range in whole dollars. */
  price: [number, number];
  variants: { label: string; values: string[] } | null;
}

const CATEGORIES: CategorySpec[] = [
  {
    name: 'Running Shoes',
    nouns: ['Trainer', 'Racer', 'Trail Runner', 'Daily Runner'],
    price: [60, 220],
    variants: { label: 'size', values: ['7', '8', '9', '10', '11', '12'] },
  },
  {
    name: 'Hiking Boots',
    nouns: ['Boot', 'Mid Boot', 'Approach Shoe'],
    price: [90, 280],
    variants: { label: 'size', values: ['7', '8', '9', '10', '11'] },
  },
  {
    name: 'T-Shirts',
    nouns: ['Tee', 'Crew Tee', 'Pocket Tee', 'Henley'],
    price: [15, 60],
    variants: { label: 'size', values: ['XS', 'S', 'M', 'L', 'XL'] },
  },
  {
    name: 'Jackets',
    nouns: ['Shell Jacket', 'Down Jacket', 'Rain Jacket', 'Fleece'],
    price: [80, 450],
    variants: { label: 'size', values: ['S', 'M', 'L', 'XL'] },
  },
  {
    name: 'Jeans',
    nouns: ['Slim Jean', 'Straight Jean', 'Relaxed Jean'],
    price: [45, 180],
    variants: { label: 'waist', values: ['28', '30', '32', '34', '36'] },
  },
  {
    name: 'Backpacks',
    nouns: ['Daypack', 'Travel Pack', 'Commuter Pack', 'Rolltop'],
    price: [35, 260],
    variants: { label: 'color', values: ['Black', 'Olive', 'Navy'] },
  },
  {
    name: 'Headphones',
    nouns: ['Over-Ear Headphones', 'Earbuds', 'Studio Monitors'],
    price: [25, 550],
    variants: { label: 'color', values: ['Black', 'Silver', 'White'] },
  },
  {
    name: 'Smartwatches',
    nouns: ['Smartwatch', 'Fitness Band', 'GPS Watch'],
    price: [60, 800],
    variants: { label: 'band', values: ['Small', 'Large'] },
  },
  {
    name: 'Coffee',
    nouns: ['Single Origin Beans', 'Espresso Blend', 'Decaf Roast', 'Cold Brew Pack'],
    price: [9, 45],
    variants: { label: 'weight', values: ['250g', '500g', '1kg'] },
  },
  {
    name: 'Tea',
    nouns: ['Green Tea', 'Black Tea', 'Herbal Infusion', 'Oolong'],
    price: [6, 40],
    variants: null,
  },
  { name: 'Cookware', nouns: ['Skillet', 'Dutch Oven', 'Saucepan', 'Wok'], price: [25, 350], variants: null },
  {
    name: 'Knives',
    nouns: ["Chef's Knife", 'Paring Knife', 'Bread Knife', 'Santoku'],
    price: [20, 300],
    variants: null,
  },
  {
    name: 'Desk Lamps',
    nouns: ['Desk Lamp', 'Task Light', 'Clamp Lamp'],
    price: [25, 250],
    variants: { label: 'finish', values: ['Black', 'Brass', 'White'] },
  },
  {
    name: 'Office Chairs',
    nouns: ['Task Chair', 'Ergonomic Chair', 'Stool'],
    price: [120, 1200],
    variants: null,
  },
  {
    name: 'Notebooks',
    nouns: ['Notebook', 'Sketchbook', 'Planner', 'Journal'],
    price: [5, 40],
    variants: { label: 'ruling', values: ['Dotted', 'Lined', 'Blank'] },
  },
  {
    name: 'Pens',
    nouns: ['Fountain Pen', 'Gel Pen Set', 'Rollerball', 'Fineliner Set'],
    price: [3, 220],
    variants: null,
  },
  {
    name: 'Yoga',
    nouns: ['Yoga Mat', 'Block Set', 'Strap', 'Bolster'],
    price: [10, 140],
    variants: { label: 'color', values: ['Sage', 'Plum', 'Charcoal'] },
  },
  {
    name: 'Camping',
    nouns: ['Tent', 'Sleeping Bag', 'Camp Stove', 'Headlamp'],
    price: [20, 650],
    variants: null,
  },
  {
    name: 'Cycling',
    nouns: ['Helmet', 'Bike Light Set', 'Jersey', 'Saddle Bag'],
    price: [15, 300],
    variants: { label: 'size', values: ['S', 'M', 'L'] },
  },
  {
    name: 'Board Games',
    nouns: ['Strategy Game', 'Party Game', 'Card Game', 'Co-op Game'],
    price: [12, 120],
    variants: null,
  },
  {
    name: 'Skincare',
    nouns: ['Moisturizer', 'Cleanser', 'Serum', 'Sunscreen'],
    price: [8, 90],
    variants: { label: 'size', values: ['50ml', '100ml'] },
  },
  {
    name: 'Candles',
    nouns: ['Soy Candle', 'Pillar Candle', 'Tin Candle'],
    price: [10, 70],
    variants: { label: 'scent', values: ['Cedar', 'Fig', 'Sea Salt'] },
  },
  {
    name: 'Plants',
    nouns: ['Monstera', 'Snake Plant', 'Pothos', 'Fiddle Leaf Fig'],
    price: [12, 160],
    variants: { label: 'pot', values: ['Small', 'Medium', 'Large'] },
  },
  {
    name: 'Water Bottles',
    nouns: ['Insulated Bottle', 'Tumbler', 'Flask'],
    price: [12, 60],
    variants: { label: 'capacity', values: ['500ml', '750ml', '1l'] },
  },
];

const BRANDS = [
  'Northwind',
  'Alder & Co',
  'Lumen',
  'Fjell',
  'Brightline',
  'Kestrel',
  'Oakhaven',
  'Tidewater',
  'Marlow',
  'Ridgeback',
  'Solstice',
  'Halcyon',
  'Copperleaf',
  'Wayfarer',
  'Basalt',
  'Juniper',
];
const ADJECTIVES = [
  'Classic',
  'Ultralight',
  'Everyday',
  'Pro',
  'Heritage',
  'Compact',
  'Premium',
  'Essential',
  'Modern',
  'Rugged',
  'Studio',
  'Voyager',
  'Signature',
  'Urban',
  'Alpine',
  'Coastal',
];
const MATERIALS = [
  'recycled polyester',
  'organic cotton',
  'stainless steel',
  'aluminium',
  'oak',
  'ceramic',
  'merino wool',
  'cast iron',
  'bamboo',
  'nylon ripstop',
];

const slugify = (text: string) =>
  text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: () => number, low: number, high: number) =>
  low + Math.floor(random() * (high - low + 1));

/** Fixed so ids and dates are reproducible: products were "created" over the year before this instant. */
const CATALOG_EPOCH = Date.parse('2026-01-01T00:00:00.000Z');
const YEAR_MS = 365 * 24 * 3600 * 1000;

export function demoCategories(): Category[] {
  const random = seededRandom(7);
  return CATEGORIES.map((spec, index) => ({
    id: newId('cat', CATALOG_EPOCH - YEAR_MS + index * 1000, random),
    slug: slugify(spec.name),
    name: spec.name,
    description: `${spec.name} picked for quality and value.`,
  }));
}

/** `count` products spread over the demo categories; the same `count` always gives the same catalog. */
export function* demoProducts(count: number, seed = 42): Generator<Product> {
  const categories = demoCategories();
  const random = seededRandom(seed);
  for (let index = 0; index < count; index++) {
    const categoryIndex = index % CATEGORIES.length;
    const spec = CATEGORIES[categoryIndex]!;
    const category = categories[categoryIndex]!;
    const brand = pick(random, BRANDS);
    const name = `${brand} ${pick(random, ADJECTIVES)} ${pick(random, spec.nouns)}`;
    const createdMs = CATALOG_EPOCH - Math.floor(random() * YEAR_MS);
    const id = newId('prd', createdMs, random);
    const slug = `${slugify(name)}-${id.slice(-6).toLowerCase()}`;
    const basePrice = between(random, spec.price[0], spec.price[1]) * 100 - (random() < 0.6 ? 1 : 0);
    const material = pick(random, MATERIALS);
    const options = spec.variants ? spec.variants.values : ['One size'];
    const variants: Sku[] = options.map((value, optionIndex) => ({
      sku: `SKU-${id.slice(-10)}-${optionIndex + 1}`,
      name: spec.variants ? `${name} (${value})` : name,
      attributes: spec.variants ? { [spec.variants.label]: value } : {},
      price: money(
        basePrice +
          (spec.variants?.label === 'weight' || spec.variants?.label === 'capacity' ? optionIndex * 400 : 0),
        'USD',
      ),
      availability: availabilityOf(random() < 0.08 ? 0 : between(random, 1, 120)),
    }));
    const created = new Date(createdMs).toISOString();
    yield assembleProduct({
      id,
      slug,
      name,
      description: `The ${name} is made from ${material} and built to last. A ${spec.name.toLowerCase()} favourite from ${brand}.`,
      brand,
      categoryId: category.id,
      images: [
        { url: `/assets/demo/${category.slug}-1.svg`, alt: name },
        { url: `/assets/demo/${category.slug}-2.svg`, alt: `${name}, detail` },
      ],
      attributes: {
        material,
        origin: pick(random, ['Portugal', 'Vietnam', 'USA', 'Japan', 'Germany', 'Mexico']),
      },
      status: random() < 0.97 ? 'active' : 'draft',
      variants,
      popularity: Math.floor(random() ** 3 * 10_000),
      createdAt: created,
      updatedAt: created,
    });
  }
}
