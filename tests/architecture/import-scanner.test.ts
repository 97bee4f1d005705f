import { describe, expect, it } from 'vitest';
import { scanImports } from './import-scanner.js';

const scan = (source: string) => scanImports(source).map(({ kind, specifier }) => ({ kind, specifier }));

describe('import scanner', () => {
  it.each([
    ["import x from './a.js';", 'static', './a.js'],
    ['import { a, b as c } from "./a.js"', 'static', './a.js'],
    ["import * as ns from './a.js';", 'static', './a.js'],
    ["import x, { y } from './a.js';", 'static', './a.js'],
    ["import x, * as ns from './a.js';", 'static', './a.js'],
    ["import type { T } from './a.js';", 'static', './a.js'],
    ["import { type T, v } from './a.js';", 'static', './a.js'],
    ["import {\n  a,\n  b,\n} from './a.js';", 'static', './a.js'],
    ["import json from './a.json' with { type: 'json' };", 'static', './a.json'],
    ["import './a.js';", 'side-effect', './a.js'],
    ['import "./a.js"', 'side-effect', './a.js'],
    ["export * from './a.js';", 're-export', './a.js'],
    ["export * as ns from './a.js';", 're-export', './a.js'],
    ["export { a, b as c } from './a.js';", 're-export', './a.js'],
    ["export type { T } from './a.js';", 're-export', './a.js'],
    ["export type * from './a.js';", 're-export', './a.js'],
    ["const m = await import('./a.js');", 'dynamic', './a.js'],
    ['const m = import(`./a.js`);', 'dynamic', './a.js'],
    ["const m = import('./a.js', { with: { type: 'json' } });", 'dynamic', './a.js'],
    ["type T = typeof import('./a.js');", 'dynamic', './a.js'],
    ["let t: import('./a.js').T;", 'dynamic', './a.js'],
    ["if (x) { void import('./a.js').then((m) => m.go()); }", 'dynamic', './a.js'],
    ["const m = require('./a.js');", 'require', './a.js'],
    ["import m = require('./a.js');", 'require', './a.js'],
    ["const { a } = require(\n  './a.js',\n);", 'require', './a.js'],
  ])('%s -> %s %s', (source, kind, specifier) => {
    expect(scan(source)).toEqual([{ kind, specifier }]);
  });

  it('reports a computed specifier as null', () => {
    expect(scan('const m = await import(name);')).toEqual([{ kind: 'dynamic', specifier: null }]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source text of a template literal
    expect(scan('const m = import(`./${name}.js`);')).toEqual([{ kind: 'dynamic', specifier: null }]);
    expect(scan("const m = require('./' + name);")).toEqual([{ kind: 'require', specifier: null }]);
  });

  it('finds every import of a file, with its line, whatever the formatting', () => {
    const source = [
      "import { a } from './a.js';",
      "import './b.js'",
      "export * from './c.js'",
      'export const load = async () => {',
      "  const { d } = await import('./d.js');",
      "  return require('./e.js') ?? d;",
      '};',
      "export { f } from './f.js'",
    ].join('\n');
    expect(scanImports(source)).toEqual([
      { kind: 'static', specifier: './a.js', line: 1 },
      { kind: 'side-effect', specifier: './b.js', line: 2 },
      { kind: 're-export', specifier: './c.js', line: 3 },
      { kind: 'dynamic', specifier: './d.js', line: 5 },
      { kind: 'require', specifier: './e.js', line: 6 },
      { kind: 're-export', specifier: './f.js', line: 8 },
    ]);
  });

  it('is not fooled by comments, strings, templates, regular expressions or look-alikes', () => {
    const source = `
      // import x from './comment.js'; import('./comment.js')
      /* export * from './block.js'; require('./block.js') */
      /**
       * import './jsdoc.js'
       */
      const s = "import x from './string.js'";
      const t = 'require("./string.js")';
      const u = \`import('./template.js') \${a + b} export * from './template.js'\`;
      const r = /import\\s+['"]x['"]|require\\(/g;
      const q = a / b; const w = "import('./after-division.js')";
      const url = import.meta.url;
      const meta = import.meta.resolve;
      module.require;
      something.import('./member.js');
      export const from = 'x';
      export { from };
      export default 1;
    `;
    expect(scan(source)).toEqual([]);
  });

  it('finds imports inside template substitutions and after regular expressions', () => {
    const source = [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text of a template literal
      "const a = `${await import('./in-template.js')}`;",
      "const r = /['\"]/; import './after-regex.js';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text of a template literal
      "const nested = `x${`y${require('./nested.js')}`}`;",
    ].join('\n');
    expect(scan(source)).toEqual([
      { kind: 'dynamic', specifier: './in-template.js' },
      { kind: 'side-effect', specifier: './after-regex.js' },
      { kind: 'require', specifier: './nested.js' },
    ]);
  });

  it('does not run past a statement that imports nothing', () => {
    expect(scan("import Alias = Namespace.Inner;\nconst from = 'x';")).toEqual([]);
    expect(scan("export { a, b };\nconst x = { from: 'y' };")).toEqual([]);
  });
});
