/**
 * Public surface of the BUILT packages: every type that a public signature names (parameter, return
 * and property types, base classes and interfaces, generic constraints) must be importable from the
 * package itself. The test reads the compiled declarations (`libs/<pkg>/dist/**.d.ts`) with the
 * TypeScript compiler API, walks the declarations of every export of each entry point, and reports
 * each named type declared in our own dist folders that the entry point does not export.
 *
 * - A type of `@nest-eureka/protocol` that the server or the client uses in a signature must be
 *   re-exported by that package (its users need not depend on the protocol package directly), so
 *   the protocol's dist counts as "own" for them.
 * - A `/testing` entry point may rely on what its package's main entry point exports.
 * - Private class members do not count; a non-exported variable or function (a base class made by
 *   `ConfigurableModuleBuilder`, a `typeof x`) is not a name users need, so its declared type is
 *   walked instead.
 *
 * Assumes `npm run build` ran before jest (`npm test` / `npm run test:e2e` do that).
 */
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '..');
const dist = (lib: string): string => join(ROOT, 'libs', lib, 'dist');

jest.setTimeout(120_000);

// ---- analysis --------------------------------------------------------------------------------------

export interface EntryPoint {
  /** How users import it, e.g. `@nest-eureka/server/testing`; names the entry in reports. */
  name: string;
  /** Its declaration file, e.g. `libs/eureka-server/dist/testing/index.d.ts`. */
  file: string;
  /** Folders whose declarations must be reachable from the entry point when a signature uses them. */
  ownDirs: string[];
  /** Other entry points of the same package whose exports count as reachable too. */
  alsoExportedBy?: string[];
}

/** Lines `package: TypeName (used by ExportName, ...)`, sorted; empty when the surface is complete. */
export function findUnexportedTypes(entries: EntryPoint[]): string[] {
  const files = [...new Set(entries.flatMap((e) => [e.file, ...(e.alsoExportedBy ?? [])]))];
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
  });
  const checker = program.getTypeChecker();

  const sourceFile = (file: string): ts.SourceFile => {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`${file} is not in the program (not built?)`);
    return sf;
  };

  // Unresolved imports would silently drop types from the walk: the declarations must check cleanly.
  const ownDirsOfAll = [...new Set(entries.flatMap((e) => e.ownDirs.map(realDir)))];
  const errors = program
    .getSourceFiles()
    .filter((sf) => isUnder(sf.fileName, ownDirsOfAll))
    .flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)])
    .map((d) => `${d.file?.fileName ?? '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  if (errors.length > 0) throw new Error(`The declarations do not type-check:\n${errors.join('\n')}`);

  const resolveAlias = (symbol: ts.Symbol): ts.Symbol => {
    let s = symbol;
    while (s.flags & ts.SymbolFlags.Alias) {
      const next = checker.getAliasedSymbol(s);
      if (next === s) break;
      s = next;
    }
    return s;
  };

  const exportsOf = (file: string): ts.Symbol[] => {
    const moduleSymbol = checker.getSymbolAtLocation(sourceFile(file));
    if (!moduleSymbol) throw new Error(`${file} is not a module`);
    return checker.getExportsOfModule(moduleSymbol);
  };

  /** The targets of all exports of these files, and of namespaces among them (`export * as ns`). */
  const reachableFrom = (files: string[]): Set<ts.Symbol> => {
    const reachable = new Set<ts.Symbol>();
    const add = (symbol: ts.Symbol): void => {
      const target = resolveAlias(symbol);
      if (reachable.has(target)) return;
      reachable.add(target);
      if (target.flags & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) {
        checker.getExportsOfModule(target).forEach(add);
      }
    };
    for (const file of files) exportsOf(file).forEach(add);
    return reachable;
  };

  const problems = new Map<string, Set<string>>();

  for (const entry of entries) {
    const ownDirs = entry.ownDirs.map(realDir);
    const isOwn = (symbol: ts.Symbol): boolean =>
      (symbol.declarations ?? []).some((d) => isUnder(d.getSourceFile().fileName, ownDirs));
    const reachable = reachableFrom([entry.file, ...(entry.alsoExportedBy ?? [])]);

    for (const exported of exportsOf(entry.file)) {
      const exportName = exported.getName();
      const seen = new Set<ts.Symbol>();

      const report = (symbol: ts.Symbol): void => {
        const key = `${entry.name}: ${symbol.getName()}`;
        if (!problems.has(key)) problems.set(key, new Set());
        problems.get(key)!.add(exportName);
      };

      /**
       * A symbol a signature refers to. An own one that is not exported is reported (when it is a type)
       * and walked in turn; an exported one is checked as an export of its own.
       */
      const visitSymbol = (raw: ts.Symbol | undefined): void => {
        if (!raw) return;
        const symbol = resolveAlias(raw);
        if (symbol.flags & ts.SymbolFlags.TypeParameter) return;
        if (!isOwn(symbol) || seen.has(symbol) || reachable.has(symbol)) return;
        seen.add(symbol);
        const nameable = ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Enum;
        if (symbol.flags & nameable) report(symbol);
        walkDeclarations(symbol);
      };

      const walkDeclarations = (symbol: ts.Symbol): void => {
        for (const declaration of symbol.declarations ?? []) {
          if (!isUnder(declaration.getSourceFile().fileName, ownDirs)) continue;
          if (ts.isSourceFile(declaration)) continue; // a module: its exports are walked when referenced
          if (ts.isVariableDeclaration(declaration)) {
            if (declaration.type) walk(declaration.type);
          } else if (!ts.isImportSpecifier(declaration) && !ts.isExportSpecifier(declaration)) {
            walk(declaration);
          }
        }
      };

      /** The symbol a (possibly qualified) name stands for: `Enum.Member` names the enum; `Ns.Type` both. */
      const symbolOfEntityName = (name: ts.EntityName | ts.Expression): ts.Symbol | undefined => {
        if (ts.isQualifiedName(name) || ts.isPropertyAccessExpression(name)) {
          const leftNode = ts.isQualifiedName(name) ? name.left : name.expression;
          const left = checker.getSymbolAtLocation(leftNode);
          const leftTarget = left && resolveAlias(left);
          const right = checker.getSymbolAtLocation(name);
          const rightTarget = right && resolveAlias(right);
          const leftIsFile = leftTarget?.declarations?.some(ts.isSourceFile) ?? false;
          if (leftTarget && !leftIsFile && (!rightTarget || rightTarget.flags & ts.SymbolFlags.EnumMember)) {
            return leftTarget;
          }
          if (leftTarget && !leftIsFile) visitSymbol(leftTarget);
          return rightTarget;
        }
        return checker.getSymbolAtLocation(name);
      };

      const walk = (node: ts.Node): void => {
        if (isPrivateMember(node)) return;
        if (ts.isTypeReferenceNode(node)) {
          visitSymbol(symbolOfEntityName(node.typeName));
        } else if (ts.isExpressionWithTypeArguments(node)) {
          visitSymbol(symbolOfEntityName(node.expression)); // extends / implements
        } else if (ts.isTypeQueryNode(node)) {
          visitSymbol(symbolOfEntityName(node.exprName)); // typeof x
        } else if (ts.isImportTypeNode(node)) {
          // import("./x").Foo, as declaration emit writes inferred types
          const type = checker.getTypeFromTypeNode(node);
          visitSymbol(
            (node.qualifier && checker.getSymbolAtLocation(node.qualifier)) ?? type.aliasSymbol ?? type.getSymbol(),
          );
        }
        // Type arguments, type literals, unions, constraints, ...: all inside the node.
        ts.forEachChild(node, walk);
      };

      const target = resolveAlias(exported);
      if (isOwn(target)) walkDeclarations(target); // a third-party re-export is not walked
    }
  }

  return [...problems]
    .map(([key, users]) => `${key} (used by ${[...users].sort().join(', ')})`)
    .sort();
}

function isPrivateMember(node: ts.Node): boolean {
  if (!ts.isClassElement(node) && !ts.isParameter(node)) return false;
  if (node.name && ts.isPrivateIdentifier(node.name)) return true;
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
}

function realDir(dir: string): string {
  return existsSync(dir) ? realpathSync(dir) : resolve(dir);
}

function isUnder(file: string, dirs: string[]): boolean {
  const real = existsSync(file) ? realpathSync(file) : resolve(file);
  return dirs.some((dir) => real.startsWith(dir + sep));
}

// ---- the packages ----------------------------------------------------------------------------------

const PROTOCOL = dist('eureka-protocol');
const SERVER = dist('eureka-server');
const CLIENT = dist('eureka-client');

const ENTRY_POINTS: EntryPoint[] = [
  { name: '@nest-eureka/protocol', file: join(PROTOCOL, 'index.d.ts'), ownDirs: [PROTOCOL] },
  {
    name: '@nest-eureka/protocol/testing',
    file: join(PROTOCOL, 'testing', 'index.d.ts'),
    ownDirs: [PROTOCOL],
    alsoExportedBy: [join(PROTOCOL, 'index.d.ts')],
  },
  { name: '@nest-eureka/server', file: join(SERVER, 'index.d.ts'), ownDirs: [SERVER, PROTOCOL] },
  {
    name: '@nest-eureka/server/testing',
    file: join(SERVER, 'testing', 'index.d.ts'),
    ownDirs: [SERVER, PROTOCOL],
    alsoExportedBy: [join(SERVER, 'index.d.ts')],
  },
  { name: '@nest-eureka/client', file: join(CLIENT, 'index.d.ts'), ownDirs: [CLIENT, PROTOCOL] },
];

/**
 * Gaps the entry points cannot close: type aliases declared without `export` in their own module,
 * which need `export` there before an entry point can re-export them. Listed to keep them visible;
 * once one is closed the test fails until it is removed from here.
 */
const KNOWN_GAPS: string[] = [];

describe('public surface of the built packages', () => {
  const isKnownGap = (problem: string, gap: string): boolean => problem.startsWith(`${gap} (`);

  it('is built', () => {
    const missing = ENTRY_POINTS.map((e) => e.file).filter((f) => !existsSync(f));
    expect(missing).toEqual([]); // run `npm run build` first
  });

  it('exports every own type that a public signature names', () => {
    const problems = findUnexportedTypes(ENTRY_POINTS);
    expect(problems.filter((p) => !KNOWN_GAPS.some((gap) => isKnownGap(p, gap)))).toEqual([]);
    expect(KNOWN_GAPS.filter((gap) => !problems.some((p) => isKnownGap(p, gap)))).toEqual([]); // closed gaps
  });
});

describe('findUnexportedTypes on a fixture', () => {
  let dir: string;

  beforeAll(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'public-surface-')));
    const files: Record<string, string> = {
      'hidden.d.ts': [
        'export interface Hidden { x: number; inner: Deeper }',
        'export interface Deeper { y: string }',
        'export interface Shown { z: boolean }',
        'export interface OnlyPrivate { p: number }',
        'export declare enum Mode { A = "A", B = "B" }',
        'export declare class Base { b: number }',
        'declare const Made: new () => { m: Mode };',
        'export { Made };',
      ].join('\n'),
      'index.d.ts': [
        "import { Base, Hidden, Made, Mode, OnlyPrivate, Shown } from './hidden';",
        'export declare function make(): Hidden;',
        'export declare function show(s: Shown): Promise<Shown[]>;',
        'export declare class Thing extends Base { private readonly secret; private hide(p: OnlyPrivate): void; mode: Mode.A }',
        'export declare class FromMade extends Made {}',
        "export declare const lazy: import('./hidden').Deeper;",
        "export type { Shown } from './hidden';",
      ].join('\n'),
      'package.json': '{ "name": "fixture", "type": "commonjs" }',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the non-exported types that exported signatures name, and only those', () => {
    const problems = findUnexportedTypes([{ name: 'fixture', file: join(dir, 'index.d.ts'), ownDirs: [dir] }]);
    expect(problems).toEqual([
      'fixture: Base (used by Thing)',
      'fixture: Deeper (used by lazy, make)',
      'fixture: Hidden (used by make)',
      'fixture: Mode (used by FromMade, Thing)',
    ]);
  });

  it('accepts the types once they are exported', () => {
    writeFileSync(
      join(dir, 'index.d.ts'),
      [
        "import { Hidden } from './hidden';",
        'export declare function make(): Hidden;',
        "export type { Hidden, Deeper } from './hidden';",
      ].join('\n'),
    );
    expect(findUnexportedTypes([{ name: 'fixture', file: join(dir, 'index.d.ts'), ownDirs: [dir] }])).toEqual([]);
  });
});
