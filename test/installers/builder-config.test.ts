/**
 * Installers (`npm run dist`): the electron-builder configuration, checked without downloading Electron.
 *
 * The config is resolved and validated the way the electron-builder CLI does, and every check below runs the
 * builder's own functions (file matchers, asar-unpack matcher, icon resolver, fuse mapping, production
 * dependency collector) rather than re-reading the JSON by hand.
 */
import { existsSync, type Stats, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative, resolve } from 'node:path';
import type { Configuration, PlatformSpecificBuildOptions, TargetConfiguration } from 'app-builder-lib';
import { FuseV1Options } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appDirectory,
  appFileFilter,
  asarUnpackFilter,
  fuseWire,
  type NodeModule,
  nodeModuleFilter,
  productionModules,
  resolveBuilderConfig,
  resolveIcon,
} from './builder';
import { readIcns, readIco, readPng } from './images';

const root = resolve(import.meta.dirname, '../..');

interface PackageJson {
  name: string;
  productName?: string;
  version: string;
  main: string;
  homepage?: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
}

const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as PackageJson;

let config: Configuration;
let appDir: string;
let scratch: string;

beforeAll(async () => {
  config = await resolveBuilderConfig(root);
  appDir = await appDirectory(root, config);
  scratch = await mkdtemp(join(tmpdir(), 'alp-installers-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const platforms = ['linux', 'win', 'mac'] as const;
type PlatformKey = (typeof platforms)[number];
const platformOptions = (key: PlatformKey): PlatformSpecificBuildOptions => config[key] ?? {};

/** Targets of one platform as `{ target, arch[] }`, however they were spelled. */
function targetsOf(key: PlatformKey): Array<{ target: string; arch: string[] }> {
  const raw = config[key]?.target;
  const list = raw == null ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((t: string | TargetConfiguration) => {
    if (typeof t === 'string') return { target: t, arch: [] };
    const arch = t.arch == null ? [] : Array.isArray(t.arch) ? t.arch : [t.arch];
    return { target: t.target, arch: arch.map(String) };
  });
}

/** A Stats stand-in for a path that does not exist on disk (a synthetic file or directory). */
function fakeStat(directory: boolean): Stats {
  return { isDirectory: () => directory, isFile: () => !directory, isSymbolicLink: () => false } as Stats;
}

/** Walks a tree the way the builder's walker does: a directory the filter rejects is not entered. */
async function included(
  base: string,
  filter: (file: string, stat: Stats) => boolean,
  skip: ReadonlySet<string>,
): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (dir === base && skip.has(entry.name)) continue;
      const st = await stat(full);
      if (!filter(full, st)) continue;
      if (st.isDirectory()) await walk(full);
      else out.push(relative(base, full));
    }
  };
  await walk(base);
  return out.sort();
}

describe('installers: identity and targets', () => {
  it('takes the app id, product name and version from package.json, with nothing overriding them', () => {
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/);
    // electron-builder's AppInfo: productName = config.productName || metadata.productName || metadata.name.
    expect(config.productName ?? pkg.productName ?? pkg.name).toBe('ALP Terminal');
    expect(pkg.productName).toBe('ALP Terminal');
    const extra = (config.extraMetadata ?? {}) as Record<string, unknown>;
    for (const key of ['name', 'version', 'productName', 'main']) expect(extra).not.toHaveProperty(key);
    expect(config.buildVersion ?? undefined).toBeUndefined();
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(pkg.main).toBe('out/main/index.js');
  });

  it('builds Linux AppImage and deb, Windows NSIS, macOS dmg for x64 and arm64', () => {
    expect(targetsOf('linux').map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(targetsOf('win').map((t) => t.target)).toEqual(['nsis']);
    const mac = targetsOf('mac');
    expect(mac.map((t) => t.target)).toEqual(['dmg']);
    expect([...(mac[0]?.arch ?? [])].sort()).toEqual(['arm64', 'x64']);
    for (const t of [...targetsOf('linux'), ...targetsOf('win')]) expect(t.arch).toContain('x64');
  });

  it('writes installers to dist/ (git-ignored) and has the metadata a deb requires', async () => {
    expect(config.directories?.output).toBe('dist');
    expect((await readFile(join(root, '.gitignore'), 'utf8')).split('\n')).toContain('dist/');
    // FpmTarget refuses to build a deb without a homepage and a maintainer with an e-mail address.
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(config.linux?.maintainer).toMatch(/<[^@\s]+@[^>\s]+>$/);
  });

  it('has the dist scripts, which never publish', () => {
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder --publish never');
    expect(pkg.scripts['dist:linux']).toMatch(/electron-builder --linux --publish never$/);
    expect(pkg.scripts['dist:win']).toMatch(/electron-builder --win --publish never$/);
    expect(pkg.scripts['dist:mac']).toMatch(/electron-builder --mac --publish never$/);
    expect(pkg.scripts.icons).toBe('tsx resources/make-icons.ts');
  });
});

describe('installers: icons, generated from resources/icon.svg', () => {
  it('has the one source image', async () => {
    const svg = await readFile(join(root, 'resources/icon.svg'), 'utf8');
    expect(svg).toMatch(/<svg[^>]+viewBox="0 0 1024 1024"/);
  });

  it('Linux: the builder resolves an icon set of square PNGs 16…1024 named by size', async () => {
    // LinuxTargetHelper.computeDesktopIcons: sources are linux.icon, then mac.icon ?? icon.
    const sources = [config.linux?.icon, config.mac?.icon ?? config.icon].filter((s): s is string => !!s);
    const { icons, isFallback } = await resolveIcon(root, config, sources, 'set', join(scratch, 'set'));
    expect(isFallback).toBe(false);
    expect(icons.map((i) => i.size)).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024]);
    for (const icon of icons) {
      expect(relative(root, icon.file)).toBe(`resources/icons/${icon.size}x${icon.size}.png`);
      const png = readPng(await readFile(icon.file));
      expect([png.width, png.height, png.colourType, png.bitDepth]).toEqual([icon.size, icon.size, 6, 8]);
      expect(png.centreAlpha).toBe(255); // the mark is drawn…
      expect(png.cornerAlpha).toBeLessThan(255); // …on a rounded tile
    }
  });

  it('Windows: an .ico with PNG entries up to 256×256, used as is', async () => {
    const { icons, isFallback } = await resolveIcon(
      root,
      config,
      [config.win?.icon ?? ''],
      'ico',
      join(scratch, 'ico'),
    );
    expect(isFallback).toBe(false);
    expect(icons).toHaveLength(1);
    expect(relative(root, icons[0]!.file)).toBe('resources/icon.ico');
    expect(icons[0]!.size).toBe(256);
    const entries = readIco(await readFile(icons[0]!.file));
    expect(entries.map((e) => e.width)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const e of entries) expect([e.png.width, e.png.height, e.width]).toEqual([e.width, e.height, e.height]);
  });

  it('macOS: an .icns with PNG elements 16…1024 (incl. @2x), used as is', async () => {
    const { icons, isFallback } = await resolveIcon(
      root,
      config,
      [config.mac?.icon ?? ''],
      'icns',
      join(scratch, 'icns'),
    );
    expect(isFallback).toBe(false);
    expect(relative(root, icons[0]!.file)).toBe('resources/icon.icns');
    const elements = readIcns(await readFile(icons[0]!.file));
    const expected: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    };
    expect(elements.map((e) => e.type).sort()).toEqual(Object.keys(expected).sort());
    for (const e of elements) expect([e.png.width, e.png.height]).toEqual([expected[e.type], expected[e.type]]);
  });

  it('resources/icon.png is the 1024×1024 master', async () => {
    const png = readPng(await readFile(join(root, 'resources/icon.png')));
    expect([png.width, png.height]).toEqual([1024, 1024]);
  });
});

describe('installers: what is packaged', () => {
  const appSynthetic: Array<[string, boolean]> = [
    ['package.json', true],
    ['out/main/index.js', true],
    ['out/main/chunks/store-abc123.js', true],
    ['out/preload/index.cjs', true],
    ['out/renderer/index.html', true],
    ['out/renderer/assets/index-abc123.js', true],
    ['out/renderer/assets/index-abc123.css', true],
    ['out/main/index.js.map', false],
    ['out/renderer/assets/index-abc123.js.map', false],
    ['out/main/index.d.ts', false],
    ['main/index.ts', false],
    ['main/keys/keytar-keystore.ts', false],
    ['preload/index.ts', false],
    ['renderer/index.html', false],
    ['renderer/app.tsx', false],
    ['test/installers/builder-config.test.ts', false],
    ['test/run.sh', false],
    ['resources/icon.svg', false],
    ['resources/make-icons.ts', false],
    ['README.md', false],
    ['tsconfig.json', false],
    ['electron.vite.config.ts', false],
    ['package-lock.json', false],
    ['.ci/run', false],
    ['.biome.json', false],
    ['dist/alp-terminal-0.1.0-linux-x86_64.AppImage', false],
    ['test-artifacts/shot.png', false],
  ];

  for (const key of platforms) {
    it(`${key}: only package.json and the built out/ tree, without source maps, sources or tests`, () => {
      const filter = appFileFilter(root, appDir, config, platformOptions(key));
      for (const [path, expected] of appSynthetic) {
        expect({ path, packaged: filter(join(appDir, path), fakeStat(false)) }).toEqual({ path, packaged: expected });
      }
      for (const dir of ['main', 'preload', 'renderer', 'test', 'resources', '.ci']) {
        // A rejected directory is never walked into.
        expect({ dir, walked: filter(join(appDir, dir), fakeStat(true)) }).toEqual({ dir, walked: false });
      }
    });
  }

  it('walking the real working tree yields only package.json and out/** (no .map, no .ts)', async () => {
    const filter = appFileFilter(root, appDir, config, platformOptions('linux'));
    // The builder adds node_modules separately (production modules only); .git is excluded by its defaults.
    const files = await included(appDir, filter, new Set(['node_modules', '.git']));
    expect(files).toContain('package.json');
    for (const file of files) {
      expect(file === 'package.json' || file.startsWith('out/'), file).toBe(true);
      expect(file).not.toMatch(/\.(map|ts|tsx)$/);
    }
    if (existsSync(join(root, 'out/main/index.js'))) {
      expect(files).toEqual(
        expect.arrayContaining(['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']),
      );
    }
  });

  it('node_modules: the production tree only — every runtime dependency, no devDependency', async () => {
    const modules = await productionModules(root, pkg.name);
    const names = new Set<string>();
    const visit = (list: NodeModule[]): void => {
      for (const m of list) {
        names.add(m.name);
        visit(m.dependencies ?? []);
      }
    };
    visit(modules);
    for (const dep of Object.keys(pkg.dependencies)) expect(names).toContain(dep);
    for (const dev of Object.keys(pkg.devDependencies))
      expect({ dev, packaged: names.has(dev) }).toEqual({ dev, packaged: false });
    for (const tool of ['electron', 'electron-builder', 'vite', 'vitest', 'typescript', 'preact', 'uplot']) {
      expect(names.has(tool)).toBe(false);
    }
  });

  it('node_modules: each runtime dependency keeps its entry point, loses its tests, sources, maps and build leftovers', async () => {
    const require = createRequire(join(root, 'package.json'));
    for (const dep of Object.keys(pkg.dependencies)) {
      const dir = join(root, 'node_modules', dep);
      // The main bundle is ESM (import condition); keep the require entry too for CommonJS-only packages.
      const entries = new Set([require.resolve(dep), fileURLToPath(import.meta.resolve(dep))]);
      const filter = nodeModuleFilter(appDir, config, platformOptions('linux'), dir);
      const asPackaged = (file: string): boolean => {
        const st = statSync(file) as Stats & { moduleFullFilePath?: string };
        st.moduleFullFilePath = join('node_modules', dep, relative(dir, file));
        return filter(file, st);
      };
      const files: string[] = [];
      const walk = async (d: string): Promise<void> => {
        for (const entry of await readdir(d, { withFileTypes: true })) {
          const full = join(d, entry.name);
          if (!asPackaged(full)) continue;
          if (entry.isDirectory()) await walk(full);
          else files.push(relative(dir, full));
        }
      };
      await walk(dir);
      expect(files, dep).toContain('package.json');
      for (const entry of entries) expect(files, dep).toContain(relative(dir, entry));
      for (const file of files) {
        expect(file, dep).not.toMatch(/(^|\/)(test|tests|__tests__|__mocks__|spec)\//);
        expect(file, dep).not.toMatch(/\.(map|ts|mts|cts|tsx|cc|o|gyp|mk)$/);
      }
      if (dep === 'keytar') {
        expect(files).toContain('build/Release/keytar.node');
        expect(files.filter((f) => f.endsWith('.node'))).toEqual(['build/Release/keytar.node']);
        expect(files.some((f) => f.startsWith('src/'))).toBe(false);
      }
    }
  });
});

describe('installers: native module and fuses', () => {
  it('rebuilds native modules (keytar) for Electron’s ABI in the packaging step', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.nodeGypRebuild ?? false).toBe(false);
    expect(config.buildDependenciesFromSource ?? false).toBe(false);
    expect(config.nativeRebuilder ?? 'sequential').not.toBe('legacy');
    expect(pkg.dependencies).toHaveProperty('keytar');
  });

  it('packs into an asar and unpacks keytar’s .node (and only native binaries) next to it', () => {
    expect(config.asar ?? true).toBeTruthy();
    for (const key of platforms) {
      const unpack = asarUnpackFilter(appDir, config, platformOptions(key));
      expect(unpack).not.toBeNull();
      const unpacked = (path: string): boolean => {
        const st = fakeStat(false) as Stats & { moduleFullFilePath?: string };
        if (path.startsWith('node_modules/')) st.moduleFullFilePath = path;
        return unpack!(join(appDir, path), st);
      };
      expect(unpacked('node_modules/keytar/build/Release/keytar.node')).toBe(true);
      expect(unpacked('node_modules/keytar/lib/keytar.js')).toBe(false);
      expect(unpacked('out/main/index.js')).toBe(false);
      expect(unpacked('package.json')).toBe(false);
    }
  });

  it('sets the hardening fuses, mapped by electron-builder onto @electron/fuses’ FuseV1Options', async () => {
    const fuses = config.electronFuses;
    expect(fuses).toBeTruthy();
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    const wire = await fuseWire(fuses!);
    expect(wire[FuseV1Options.RunAsNode]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    // The renderer is loaded with loadFile (file://): keep file:// privileges at Electron's default.
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges] ?? true).toBe(true);
  });
});

describe('installers: runtime dependencies are exactly what the main process imports', () => {
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const packageOf = (spec: string): string => {
    const parts = spec.split('/');
    return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  };
  const isProvided = (spec: string): boolean => builtins.has(spec) || spec.startsWith('node:') || spec === 'electron';

  /** Runtime (non-type-only) import specifiers of a TS/JS source: static, re-export, side-effect, dynamic, require. */
  function specifiers(source: string): string[] {
    const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const found: string[] = [];
    const statement = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;
    for (const m of code.matchAll(statement)) if (!m[1]) found.push(m[2]!);
    for (const m of code.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
    return found;
  }

  /** Bare packages reachable from main/index.ts through relative imports (what electron-vite externalizes). */
  async function mainGraphPackages(): Promise<Map<string, string[]>> {
    const packages = new Map<string, string[]>();
    const seen = new Set<string>();
    const queue = [join(root, 'main/index.ts')];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of specifiers(await readFile(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const base = resolve(dirname(file), spec.replace(/\.js$/, ''));
          const target = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find(
            (p) => existsSync(p) && statSync(p).isFile(),
          );
          if (target) queue.push(target);
        } else if (!isProvided(spec)) {
          const name = packageOf(spec);
          packages.set(name, [...(packages.get(name) ?? []), relative(root, file)]);
        }
      }
    }
    return packages;
  }

  it('the specifier scanner sees runtime imports and skips type-only ones', () => {
    const sample = [
      "import { a } from 'zod';",
      "import type { B } from 'uplot';",
      "export type { C } from 'preact';",
      "import {\n  type D,\n  e,\n} from 'decimal.js/decimal';",
      "export { f } from '@scope/pkg/sub';",
      "import 'side-effect';",
      "const k = await import('keytar');",
      '/* import { x } from "commented"; */',
      "// import y from 'commented-too';",
    ].join('\n');
    expect(specifiers(sample).map(packageOf).sort()).toEqual(
      ['@scope/pkg', 'decimal.js', 'keytar', 'side-effect', 'zod'].sort(),
    );
  });

  it('runtime and dev dependencies are disjoint', () => {
    const both = Object.keys(pkg.dependencies).filter((d) => d in pkg.devDependencies);
    expect(both).toEqual([]);
  });

  it('main/ (from main/index.ts) imports only runtime dependencies, and uses every one of them', async () => {
    const used = await mainGraphPackages();
    for (const [name, files] of used) {
      expect({ name, files, runtime: name in pkg.dependencies }).toEqual({ name, files, runtime: true });
    }
    expect([...used.keys()].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });

  it('the built main bundle (if built) imports only runtime dependencies', async () => {
    const dir = join(root, 'out/main');
    if (!existsSync(dir)) return;
    const files = (await readdir(dir, { recursive: true })).filter((f) => /\.(m?js|cjs)$/.test(f));
    expect(files).toContain('index.js');
    for (const file of files) {
      for (const spec of specifiers(await readFile(join(dir, file), 'utf8'))) {
        if (spec.startsWith('.') || isProvided(spec)) continue;
        const name = packageOf(spec);
        expect({ file, name, runtime: name in pkg.dependencies }).toEqual({ file, name, runtime: true });
      }
    }
  });
});
