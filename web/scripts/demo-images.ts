/**
 * Draws the demo catalog's pictures: two SVG illustrations per category (web/public/assets/demo/<slug>-1.svg, -2.svg),
 * which local/seed/demo-catalog.ts points every product at. Flat, small (about 1-2 KB each) and distinct: each
 * category has its own palette and object; picture 2 is a closer, tilted "detail" view on a patterned ground.
 * Run `npx tsx web/scripts/demo-images.ts` after changing a drawing; the output is committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoCategories } from '../../local/seed/demo-catalog.js';

interface Palette {
  /** Background, light to lighter. */
  bg: [string, string];
  /** The object's main colour, a second colour, a dark line colour and a highlight. */
  main: string;
  accent: string;
  dark: string;
  light: string;
}

type Drawing = (p: Palette) => string;

const round = (x: number) => Math.round(x * 10) / 10;

const drawings: Record<string, [Palette, Drawing]> = {
  'running-shoes': [
    { bg: ['#fde2e4', '#fff1f2'], main: '#ef4444', accent: '#1f2937', dark: '#7f1d1d', light: '#fff' },
    (p) => `
<path d="M84 262c-6-40 0-84 30-104l40-8c10 18 34 26 60 20l92 44c28 8 44 22 44 40v8z" fill="${p.main}"/>
<path d="M114 158c-20 20-26 50-22 80l40-4c-4-30 4-56 22-84z" fill="${p.dark}" opacity=".35"/>
<path d="M154 150c10 18 34 26 60 20" fill="none" stroke="${p.dark}" stroke-width="6"/>
<path d="M70 262h278c8 0 14 6 14 14s-6 14-14 14H84c-8 0-14-6-14-14z" fill="${p.light}" stroke="${p.dark}" stroke-width="4"/>
<path d="M120 236c50 0 110-10 160-40" fill="none" stroke="${p.light}" stroke-width="10" stroke-linecap="round"/>
<g stroke="${p.accent}" stroke-width="6" stroke-linecap="round"><path d="M214 176l16 20M236 186l16 20M258 196l14 18"/></g>
<path d="M300 226c20 4 36 14 40 30" fill="none" stroke="${p.dark}" stroke-width="4" opacity=".5"/>`,
  ],
  'hiking-boots': [
    { bg: ['#ede4d8', '#f7f1ea'], main: '#92633a', accent: '#f59e0b', dark: '#3f2a17', light: '#d6b48c' },
    (p) => `
<path d="M120 90h90c8 0 14 6 14 14v104c0 10 8 18 18 20l60 12c22 4 36 22 36 42v8H98V104c0-8 6-14 14-14z" fill="${p.main}"/>
<rect x="110" y="86" width="110" height="22" rx="8" fill="${p.dark}"/>
<path d="M92 290h264v22H92z" fill="${p.dark}"/>
<g fill="${p.dark}">${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `<rect x="${100 + i * 32}" y="310" width="20" height="12" rx="3"/>`).join('')}</g>
<g stroke="${p.accent}" stroke-width="6" stroke-linecap="round">${[0, 1, 2, 3].map((i) => `<path d="M186 ${126 + i * 26}h34"/>`).join('')}</g>
<g fill="${p.light}">${[0, 1, 2, 3].map((i) => `<circle cx="226" cy="${126 + i * 26}" r="5"/>`).join('')}</g>
<path d="M98 250h120" stroke="${p.light}" stroke-width="5"/>`,
  ],
  't-shirts': [
    { bg: ['#dbeafe', '#eff6ff'], main: '#2563eb', accent: '#93c5fd', dark: '#1e3a8a', light: '#fff' },
    (p) => `
<path d="M150 80l-74 34-30 70 52 20 14-30v166h176V174l14 30 52-20-30-70-74-34c-6 22-28 38-50 38s-44-16-50-38z" fill="${p.main}"/>
<path d="M150 80c6 22 28 38 50 38s44-16 50-38" fill="none" stroke="${p.dark}" stroke-width="8"/>
<path d="M112 204l14-30M288 204l-14-30" stroke="${p.dark}" stroke-width="4"/>
<rect x="222" y="150" width="36" height="40" rx="4" fill="${p.accent}"/>
<path d="M112 330h176" stroke="${p.dark}" stroke-width="6"/>`,
  ],
  jackets: [
    { bg: ['#dcfce7', '#f0fdf4'], main: '#15803d', accent: '#facc15', dark: '#14532d', light: '#bbf7d0' },
    (p) => `
<path d="M160 70h80l18 22 64 30 34 150-44 12-20-80v142H118V204l-20 80-44-12 34-150 64-30z" fill="${p.main}"/>
<path d="M160 70c0 30 18 52 40 52s40-22 40-52" fill="${p.dark}"/>
<path d="M200 122v238" stroke="${p.accent}" stroke-width="6"/>
<rect x="194" y="140" width="12" height="20" rx="3" fill="${p.accent}"/>
<path d="M134 250h44M222 250h44" stroke="${p.dark}" stroke-width="6" stroke-linecap="round"/>
<path d="M118 340h164" stroke="${p.light}" stroke-width="8"/>`,
  ],
  jeans: [
    { bg: ['#e0e7ff', '#eef2ff'], main: '#3b5bdb', accent: '#f59e0b', dark: '#1e3a8a', light: '#a5b4fc' },
    (p) => `
<path d="M120 70h160l22 290h-76l-26-190-26 190H98z" fill="${p.main}"/>
<rect x="120" y="70" width="160" height="26" fill="${p.dark}"/>
<g fill="${p.light}">${[0, 1, 2, 3].map((i) => `<rect x="${134 + i * 40}" y="66" width="8" height="34" rx="2"/>`).join('')}</g>
<path d="M128 96c6 30 30 44 54 44M272 96c-6 30-30 44-54 44" fill="none" stroke="${p.accent}" stroke-width="4" stroke-dasharray="8 6"/>
<path d="M200 96v74" stroke="${p.dark}" stroke-width="4"/>
<circle cx="200" cy="84" r="6" fill="${p.accent}"/>`,
  ],
  backpacks: [
    { bg: ['#fef3c7', '#fffbeb'], main: '#d97706', accent: '#1f2937', dark: '#78350f', light: '#fde68a' },
    (p) => `
<path d="M170 88c0-18 14-30 30-30s30 12 30 30" fill="none" stroke="${p.dark}" stroke-width="12"/>
<rect x="110" y="90" width="180" height="260" rx="56" fill="${p.main}"/>
<path d="M110 170c40-24 140-24 180 0" fill="none" stroke="${p.dark}" stroke-width="6"/>
<rect x="140" y="230" width="120" height="90" rx="24" fill="${p.light}"/>
<path d="M140 262h120" stroke="${p.dark}" stroke-width="5"/>
<rect x="190" y="252" width="20" height="20" rx="4" fill="${p.accent}"/>`,
  ],
  headphones: [
    { bg: ['#ede9fe', '#f5f3ff'], main: '#6d28d9', accent: '#c4b5fd', dark: '#2e1065', light: '#fff' },
    (p) => `
<path d="M100 230v-40c0-58 45-104 100-104s100 46 100 104v40" fill="none" stroke="${p.dark}" stroke-width="18" stroke-linecap="round"/>
<rect x="70" y="210" width="70" height="112" rx="30" fill="${p.main}"/>
<rect x="260" y="210" width="70" height="112" rx="30" fill="${p.main}"/>
<rect x="120" y="226" width="26" height="80" rx="12" fill="${p.accent}"/>
<rect x="254" y="226" width="26" height="80" rx="12" fill="${p.accent}"/>
<circle cx="105" cy="240" r="8" fill="${p.light}" opacity=".6"/>`,
  ],
  smartwatches: [
    { bg: ['#cffafe', '#ecfeff'], main: '#0e7490', accent: '#22d3ee', dark: '#083344', light: '#fff' },
    (p) => `
<rect x="160" y="50" width="80" height="300" rx="30" fill="${p.main}"/>
<rect x="130" y="125" width="140" height="150" rx="36" fill="${p.dark}"/>
<rect x="144" y="139" width="112" height="122" rx="26" fill="#0f172a"/>
<path d="M200 166a34 34 0 1 1-34 34" fill="none" stroke="${p.accent}" stroke-width="10" stroke-linecap="round"/>
<path d="M200 176a24 24 0 1 1-24 24" fill="none" stroke="#a3e635" stroke-width="8" stroke-linecap="round"/>
<rect x="270" y="180" width="10" height="36" rx="4" fill="${p.dark}"/>
<circle cx="200" cy="200" r="4" fill="${p.light}"/>`,
  ],
  coffee: [
    { bg: ['#f5e6da', '#fbf4ee'], main: '#7c4a2d', accent: '#f8fafc', dark: '#3b2314', light: '#c08457' },
    (p) => `
<path d="M150 90c-10-20 10-30 0-50M200 90c-10-20 10-30 0-50M250 90c-10-20 10-30 0-50" fill="none" stroke="${p.light}" stroke-width="8" stroke-linecap="round"/>
<ellipse cx="200" cy="318" rx="140" ry="26" fill="${p.accent}" stroke="${p.light}" stroke-width="4"/>
<path d="M110 120h180v110c0 50-40 86-90 86s-90-36-90-86z" fill="${p.accent}" stroke="${p.dark}" stroke-width="6"/>
<path d="M290 150h14c22 0 36 16 36 34s-14 34-36 34h-20" fill="none" stroke="${p.dark}" stroke-width="14"/>
<ellipse cx="200" cy="124" rx="86" ry="14" fill="${p.main}"/>`,
  ],
  tea: [
    { bg: ['#ecfccb', '#f7fee7'], main: '#4d7c0f', accent: '#fef9c3', dark: '#1a2e05', light: '#a3e635' },
    (p) => `
<path d="M290 200c34-10 50-40 60-66" fill="none" stroke="${p.main}" stroke-width="16" stroke-linecap="round"/>
<path d="M106 190c-30-10-40 40-10 56" fill="none" stroke="${p.main}" stroke-width="14"/>
<path d="M100 200c0-50 45-86 100-86s100 36 100 86c0 70-45 120-100 120s-100-50-100-120z" fill="${p.main}"/>
<ellipse cx="200" cy="118" rx="60" ry="14" fill="${p.dark}"/>
<circle cx="200" cy="96" r="14" fill="${p.dark}"/>
<path d="M130 230c40 20 100 20 140 0" fill="none" stroke="${p.light}" stroke-width="8" stroke-linecap="round"/>
<ellipse cx="200" cy="330" rx="110" ry="14" fill="${p.dark}" opacity=".2"/>`,
  ],
  cookware: [
    { bg: ['#fee2e2', '#fef2f2'], main: '#334155', accent: '#f97316', dark: '#0f172a', light: '#94a3b8' },
    (p) => `
<ellipse cx="170" cy="220" rx="120" ry="46" fill="${p.dark}"/>
<path d="M50 220c0 50 54 90 120 90s120-40 120-90" fill="${p.main}"/>
<ellipse cx="170" cy="214" rx="104" ry="34" fill="#1e293b"/>
<path d="M286 206l80-24c10-3 18 4 16 14s-10 14-18 16l-76 22z" fill="${p.accent}"/>
<ellipse cx="140" cy="208" rx="26" ry="10" fill="${p.light}" opacity=".5"/>`,
  ],
  knives: [
    { bg: ['#e2e8f0', '#f8fafc'], main: '#cbd5e1', accent: '#7c2d12', dark: '#334155', light: '#fff' },
    (p) => `
<g transform="rotate(-35 200 200)">
<path d="M40 180h210v44H86C58 224 40 206 40 180z" fill="${p.main}" stroke="${p.dark}" stroke-width="5"/>
<path d="M60 190h170" stroke="${p.light}" stroke-width="5" stroke-linecap="round"/>
<rect x="250" y="176" width="120" height="52" rx="18" fill="${p.accent}"/>
<rect x="244" y="172" width="16" height="60" rx="4" fill="${p.dark}"/>
<g fill="${p.main}"><circle cx="290" cy="202" r="6"/><circle cx="320" cy="202" r="6"/><circle cx="350" cy="202" r="6"/></g>
</g>`,
  ],
  'desk-lamps': [
    { bg: ['#fef9c3', '#fefce8'], main: '#0f766e', accent: '#fde047', dark: '#134e4a', light: '#fff' },
    (p) => `
<path d="M250 190l70 110H180z" fill="${p.accent}" opacity=".55"/>
<rect x="90" y="318" width="140" height="24" rx="12" fill="${p.dark}"/>
<path d="M160 318l-40-120 110-70" fill="none" stroke="${p.main}" stroke-width="14" stroke-linecap="round" stroke-linejoin="round"/>
<circle cx="120" cy="198" r="14" fill="${p.dark}"/>
<circle cx="230" cy="128" r="12" fill="${p.dark}"/>
<path d="M214 110l86 4 20 72c-50 26-110 8-132-36z" fill="${p.main}"/>
<circle cx="268" cy="176" r="14" fill="${p.light}"/>`,
  ],
  'office-chairs': [
    { bg: ['#e5e7eb', '#f9fafb'], main: '#111827', accent: '#ef4444', dark: '#030712', light: '#6b7280' },
    (p) => `
<rect x="130" y="60" width="140" height="150" rx="40" fill="${p.main}"/>
<rect x="150" y="80" width="100" height="100" rx="26" fill="${p.light}" opacity=".35"/>
<rect x="110" y="214" width="180" height="40" rx="20" fill="${p.accent}"/>
<rect x="192" y="254" width="16" height="50" fill="${p.light}"/>
<path d="M200 304l-90 24M200 304l90 24M200 304v32" stroke="${p.main}" stroke-width="12" stroke-linecap="round"/>
<g fill="${p.dark}"><circle cx="106" cy="336" r="12"/><circle cx="294" cy="336" r="12"/><circle cx="200" cy="344" r="12"/></g>
<path d="M120 230h-20v-50M280 230h20v-50" fill="none" stroke="${p.main}" stroke-width="10" stroke-linecap="round"/>`,
  ],
  notebooks: [
    { bg: ['#fce7f3', '#fdf2f8'], main: '#be185d', accent: '#fbcfe8', dark: '#500724', light: '#fff' },
    (p) => `
<rect x="120" y="60" width="190" height="280" rx="14" fill="${p.main}"/>
<rect x="106" y="60" width="30" height="280" rx="10" fill="${p.dark}"/>
<rect x="278" y="60" width="12" height="280" fill="${p.accent}"/>
<rect x="160" y="120" width="110" height="60" rx="8" fill="${p.light}"/>
<path d="M176 142h78M176 160h52" stroke="${p.main}" stroke-width="6" stroke-linecap="round"/>
<path d="M220 340v40l14-12 14 12v-40" fill="${p.accent}"/>`,
  ],
  pens: [
    { bg: ['#e0f2fe', '#f0f9ff'], main: '#0c4a6e', accent: '#eab308', dark: '#082f49', light: '#7dd3fc' },
    (p) => `
<g transform="rotate(45 200 200)">
<rect x="170" y="40" width="60" height="190" rx="26" fill="${p.main}"/>
<rect x="170" y="200" width="60" height="70" rx="6" fill="${p.accent}"/>
<path d="M178 270h44l-10 60-12 34-12-34z" fill="${p.accent}"/>
<path d="M200 300v40" stroke="${p.dark}" stroke-width="4"/>
<rect x="222" y="60" width="10" height="110" rx="5" fill="${p.accent}"/>
<rect x="182" y="56" width="10" height="120" rx="5" fill="${p.light}" opacity=".5"/>
</g>`,
  ],
  yoga: [
    { bg: ['#f3e8ff', '#faf5ff'], main: '#9333ea', accent: '#d8b4fe', dark: '#581c87', light: '#fff' },
    (p) => `
<path d="M80 290h240v40H80z" fill="${p.accent}"/>
<rect x="90" y="150" width="220" height="110" rx="55" fill="${p.main}"/>
<ellipse cx="300" cy="205" rx="34" ry="55" fill="${p.dark}"/>
<ellipse cx="300" cy="205" rx="20" ry="34" fill="${p.main}"/>
<ellipse cx="300" cy="205" rx="8" ry="14" fill="${p.dark}"/>
<path d="M150 150v110M230 150v110" stroke="${p.light}" stroke-width="6" opacity=".5"/>`,
  ],
  camping: [
    { bg: ['#c7d2fe', '#e0e7ff'], main: '#ea580c', accent: '#fde68a', dark: '#7c2d12', light: '#fff' },
    (p) => `
<circle cx="306" cy="96" r="26" fill="${p.accent}"/>
<circle cx="320" cy="86" r="22" fill="#c7d2fe"/>
<g fill="${p.light}"><circle cx="90" cy="90" r="4"/><circle cx="140" cy="60" r="3"/><circle cx="240" cy="70" r="3"/></g>
<path d="M200 100l130 230H70z" fill="${p.main}"/>
<path d="M200 100l-40 230h80z" fill="${p.dark}"/>
<path d="M200 100l-20 230h40z" fill="${p.accent}" opacity=".6"/>
<path d="M50 330h300" stroke="#166534" stroke-width="10" stroke-linecap="round"/>`,
  ],
  cycling: [
    { bg: ['#d1fae5', '#ecfdf5'], main: '#047857', accent: '#f43f5e', dark: '#1f2937', light: '#fff' },
    (p) => `
<g fill="none" stroke="${p.dark}" stroke-width="12"><circle cx="110" cy="260" r="62"/><circle cx="290" cy="260" r="62"/></g>
<path d="M110 260l60-100h100l20 100M170 160l40 100h80M210 260l-40-100M270 160l-10-30h-24" fill="none" stroke="${p.main}" stroke-width="12" stroke-linecap="round" stroke-linejoin="round"/>
<path d="M150 150h44" stroke="${p.accent}" stroke-width="14" stroke-linecap="round"/>
<circle cx="210" cy="260" r="12" fill="${p.accent}"/>`,
  ],
  'board-games': [
    { bg: ['#ffedd5', '#fff7ed'], main: '#dc2626', accent: '#2563eb', dark: '#1f2937', light: '#fff' },
    (p) => `
<g transform="rotate(-12 150 230)"><rect x="80" y="160" width="130" height="130" rx="26" fill="${p.main}"/>
<g fill="${p.light}"><circle cx="112" cy="192" r="11"/><circle cx="145" cy="225" r="11"/><circle cx="178" cy="258" r="11"/></g></g>
<g transform="rotate(14 270 200)"><rect x="210" y="130" width="120" height="120" rx="24" fill="${p.light}" stroke="${p.dark}" stroke-width="5"/>
<g fill="${p.dark}"><circle cx="240" cy="160" r="10"/><circle cx="300" cy="160" r="10"/><circle cx="240" cy="220" r="10"/><circle cx="300" cy="220" r="10"/></g></g>
<path d="M270 330h60l-12-40c12-6 16-20 10-32-8-14-30-14-38 0-6 12-2 26 10 32z" fill="${p.accent}"/>`,
  ],
  skincare: [
    { bg: ['#ffe4e6', '#fff1f2'], main: '#fda4af', accent: '#f8fafc', dark: '#9f1239', light: '#fff' },
    (p) => `
<rect x="104" y="130" width="110" height="210" rx="30" fill="${p.main}"/>
<rect x="140" y="96" width="38" height="36" fill="${p.dark}"/>
<path d="M150 96V70h56v14h-30v12" fill="${p.dark}"/>
<rect x="124" y="200" width="70" height="70" rx="10" fill="${p.accent}"/>
<rect x="230" y="240" width="110" height="100" rx="22" fill="${p.accent}" stroke="${p.main}" stroke-width="6"/>
<rect x="224" y="220" width="122" height="34" rx="12" fill="${p.dark}"/>
<circle cx="140" cy="160" r="10" fill="${p.light}" opacity=".6"/>`,
  ],
  candles: [
    { bg: ['#fef3c7', '#fffbeb'], main: '#fef9c3', accent: '#f59e0b', dark: '#78350f', light: '#fff' },
    (p) => `
<circle cx="200" cy="110" r="60" fill="${p.accent}" opacity=".25"/>
<path d="M200 60c20 26 22 44 0 64-22-20-20-38 0-64z" fill="${p.accent}"/>
<path d="M200 84c10 14 10 24 0 34-10-10-10-20 0-34z" fill="${p.light}"/>
<path d="M200 124v24" stroke="${p.dark}" stroke-width="5"/>
<rect x="120" y="150" width="160" height="190" rx="28" fill="#a8a29e" opacity=".35"/>
<rect x="132" y="160" width="136" height="170" rx="22" fill="${p.main}"/>
<rect x="150" y="220" width="100" height="60" rx="8" fill="${p.dark}"/>
<path d="M168 250h64" stroke="${p.main}" stroke-width="6" stroke-linecap="round"/>`,
  ],
  plants: [
    { bg: ['#dcfce7', '#f0fdf4'], main: '#16a34a', accent: '#c2410c', dark: '#14532d', light: '#86efac' },
    (p) => `
<path d="M200 250c-10-60-60-90-110-90 10 60 60 90 110 90z" fill="${p.main}"/>
<path d="M200 250c10-70 60-110 120-110-10 70-60 110-120 110z" fill="${p.light}"/>
<path d="M200 250c-30-70-10-130 30-170 20 60 10 120-30 170z" fill="${p.dark}"/>
<path d="M200 250c-10-50-40-70-80-80M200 250c10-50 50-80 90-90M200 250c-6-60 10-110 28-150" fill="none" stroke="${p.dark}" stroke-width="3" opacity=".5"/>
<path d="M130 250h140l-20 100H150z" fill="${p.accent}"/>
<rect x="122" y="244" width="156" height="24" rx="8" fill="#9a3412"/>`,
  ],
  'water-bottles': [
    { bg: ['#cffafe', '#ecfeff'], main: '#0891b2', accent: '#f472b6', dark: '#164e63', light: '#a5f3fc' },
    (p) => `
<rect x="160" y="50" width="80" height="40" rx="12" fill="${p.dark}"/>
<path d="M176 40h48v16h-48z" fill="${p.dark}"/>
<path d="M164 90h72c0 20 30 30 30 60v176c0 14-12 24-24 24h-84c-12 0-24-10-24-24V150c0-30 30-40 30-60z" fill="${p.main}"/>
<rect x="134" y="200" width="132" height="60" fill="${p.accent}"/>
<rect x="150" y="140" width="14" height="180" rx="7" fill="${p.light}" opacity=".6"/>`,
  ],
};

function picture(slug: string, palette: Palette, drawing: Drawing, detail: boolean): string {
  const id = `${slug}-${detail ? 2 : 1}`;
  const [from, to] = palette.bg;
  const background = detail
    ? `<defs><pattern id="d" width="24" height="24" patternUnits="userSpaceOnUse"><circle cx="12" cy="12" r="2.5" fill="${palette.main}" opacity=".18"/></pattern></defs>
<rect width="400" height="400" fill="${to}"/><rect width="400" height="400" fill="url(#d)"/>
<circle cx="330" cy="70" r="120" fill="${from}"/>`
    : `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
<rect width="400" height="400" fill="url(#g)"/>
<circle cx="200" cy="210" r="150" fill="${to}" opacity=".9"/>
<ellipse cx="200" cy="356" rx="130" ry="12" fill="${palette.dark}" opacity=".12"/>`;
  // The detail: closer (1.45x) and tilted, centred on the object's upper half.
  const body = detail
    ? `<g transform="translate(${round(200 - 1.45 * 200)} ${round(230 - 1.45 * 210)}) scale(1.45) rotate(-8 200 200)">${drawing(palette)}</g>`
    : drawing(palette);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="800" height="800"><title>${id.replace(/-/g, ' ')}</title>
${background}
${body.trim()}
</svg>
`
    .replace(/\n\s*\n/g, '\n')
    .replace(/>\s+</g, '><');
}

const missing = demoCategories().filter((category) => !drawings[category.slug]);
if (missing.length > 0) throw new Error(`no drawing for ${missing.map((c) => c.slug).join(', ')}`);

const out = join(import.meta.dirname, '..', 'public', 'assets', 'demo');
mkdirSync(out, { recursive: true });
let bytes = 0;
for (const [slug, [palette, drawing]] of Object.entries(drawings)) {
  for (const detail of [false, true]) {
    const svg = picture(slug, palette, drawing, detail);
    bytes += svg.length;
    writeFileSync(join(out, `${slug}-${detail ? 2 : 1}.svg`), svg);
  }
}
console.log(`wrote ${Object.keys(drawings).length * 2} pictures to ${out} (${(bytes / 1024).toFixed(1)} KB)`);
