/**
 * electron-builder's own machinery, loaded from node_modules, for tests that must not download Electron.
 *
 * The config is resolved the way the `electron-builder` CLI resolves it (package.json "build" key, `extends`,
 * schema validation), and file inclusion, asar unpacking, icon resolution, fuse mapping and the production
 * dependency collection are computed by the same functions a real build calls. Some of them are marked
 * @internal (not in the .d.ts), so they are loaded with require and typed here.
 */
import type { Stats } from 'node:fs';
import { createRequire } from 'node:module';
import type { Configuration, FuseOptionsV1, PlatformSpecificBuildOptions } from 'app-builder-lib';

const require = createRequire(import.meta.url);

export type Filter = (file: string, stat: Stats) => boolean;

interface FileMatcher {
  readonly from: string;
  readonly to: string;
  readonly patterns: string[];
  readonly macroExpander: (pattern: string) => string;
  createFilter(): Filter;
}

interface FileMatcherModule {
  FileMatcher: new (from: string, to: string, macroExpander: (p: string) => string, patterns?: string[]) => FileMatcher;
  getMainFileMatchers(
    appDir: string,
    destination: string,
    macroExpander: (p: string) => string,
    platformSpecificBuildOptions: PlatformSpecificBuildOptions,
    platformPackager: unknown,
    outDir: string,
    isElectronCompile: boolean,
  ): FileMatcher[];
  getNodeModuleFileMatcher(
    appDir: string,
    destination: string,
    macroExpander: (p: string) => string,
    platformSpecificBuildOptions: PlatformSpecificBuildOptions,
    packager: unknown,
  ): FileMatcher;
  getFileMatchers(
    config: Configuration,
    name: 'asarUnpack',
    defaultDestination: string,
    options: {
      macroExpander: (p: string) => string;
      customBuildOptions: PlatformSpecificBuildOptions;
      globalOutDir: string;
      defaultSrc: string;
    },
  ): FileMatcher[] | null;
}

interface ConfigModule {
  getConfig(
    projectDir: string,
    configPath: string | null,
    configFromOptions: Configuration | null,
  ): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: unknown): Promise<void>;
  computeDefaultAppDirectory(projectDir: string, userAppDir: string | null | undefined): Promise<string>;
}

export interface ResolvedIcon {
  readonly file: string;
  readonly size: number;
}

interface IconModule {
  convertIcon(options: {
    sources: string[];
    fallbackSources: string[];
    roots: string[];
    format: 'set' | 'icns' | 'ico';
    outDir: string;
  }): Promise<{ icons: ResolvedIcon[]; isFallback: boolean }>;
}

export interface NodeModule {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  readonly dependencies?: NodeModule[];
}

interface CollectorModule {
  getCollectorByPackageManager(
    pm: string,
    rootDir: string,
    tmp: unknown,
  ): { getNodeModules(options: { packageName: string }): Promise<{ nodeModules: NodeModule[] }> };
}

interface PlatformPackagerModule {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: FuseOptionsV1): Promise<Record<string, unknown>> } };
}

// The package index first: its modules require each other in a cycle that only resolves from the top.
const appBuilderLib = require('app-builder-lib') as PlatformPackagerModule;
const configModule = require('app-builder-lib/out/util/config/config.js') as ConfigModule;
const fileMatcherModule = require('app-builder-lib/out/fileMatcher.js') as FileMatcherModule;
const iconModule = require('app-builder-lib/out/util/iconConverter.js') as IconModule;
const collectorModule = require('app-builder-lib/out/node-module-collector/index.js') as CollectorModule;
const builderUtil = require('builder-util') as {
  DebugLogger: new (isEnabled?: boolean) => unknown;
  TmpDir: new (debugName?: string) => { cleanup(): Promise<void> };
};

/** The configuration exactly as the CLI resolves it (package.json "build", `extends` presets), schema-validated. */
export async function resolveBuilderConfig(projectDir: string): Promise<Configuration> {
  const config = await configModule.getConfig(projectDir, null, null);
  await configModule.validateConfiguration(config, new builderUtil.DebugLogger(false));
  return config;
}

export function appDirectory(projectDir: string, config: Configuration): Promise<string> {
  return configModule.computeDefaultAppDirectory(projectDir, config.directories?.app);
}

const identity = (pattern: string): string => pattern;

/** A stand-in for the parts of a PlatformPackager that the file matchers read. */
function packagerStub(projectDir: string, config: Configuration) {
  return {
    info: {
      projectDir,
      buildResourcesDir: config.directories?.buildResources ?? 'build',
      isPrepackedAppAsar: false,
      config,
      debugLogger: { isEnabled: false, add: () => undefined },
    },
  };
}

/** The filter electron-builder applies to the app's own files (everything but node_modules). */
export function appFileFilter(
  projectDir: string,
  appDir: string,
  config: Configuration,
  platformOptions: PlatformSpecificBuildOptions,
): Filter {
  const outDir = `${projectDir}/${config.directories?.output ?? 'dist'}`;
  const matchers = fileMatcherModule.getMainFileMatchers(
    appDir,
    '/app',
    identity,
    platformOptions,
    packagerStub(projectDir, config),
    outDir,
    false,
  );
  if (matchers.length !== 1) throw new Error(`expected one file set, got ${matchers.length}`);
  return matchers[0]!.createFilter();
}

/**
 * The filter for one production module's files, as computeNodeModuleFileSets builds it: the excludes from
 * `files`, matched against `node_modules/<name>/<path>`.
 */
export function nodeModuleFilter(
  appDir: string,
  config: Configuration,
  platformOptions: PlatformSpecificBuildOptions,
  moduleDir: string,
): Filter {
  const main = fileMatcherModule.getNodeModuleFileMatcher(
    appDir,
    '/app',
    identity,
    platformOptions,
    packagerStub(appDir, config).info,
  );
  return new fileMatcherModule.FileMatcher(moduleDir, '/app', identity, main.patterns).createFilter();
}

/** The asar unpack filter (asarUnpack patterns), as the AsarPackager receives it. */
export function asarUnpackFilter(
  appDir: string,
  config: Configuration,
  platformOptions: PlatformSpecificBuildOptions,
): Filter | null {
  const matchers = fileMatcherModule.getFileMatchers(config, 'asarUnpack', '/app', {
    macroExpander: identity,
    customBuildOptions: platformOptions,
    globalOutDir: `${appDir}/dist`,
    defaultSrc: appDir,
  });
  return matchers?.[0]?.createFilter() ?? null;
}

/** Icon resolution as the platform packagers do it: roots are buildResources, then the project dir. */
export async function resolveIcon(
  projectDir: string,
  config: Configuration,
  sources: string[],
  format: 'set' | 'icns' | 'ico',
  scratchDir: string,
): Promise<{ icons: ResolvedIcon[]; isFallback: boolean }> {
  const buildResources = `${projectDir}/${config.directories?.buildResources ?? 'build'}`;
  return iconModule.convertIcon({
    sources,
    fallbackSources: [],
    roots: [buildResources, projectDir],
    format,
    outDir: scratchDir,
  });
}

/** The production node_modules electron-builder would copy into the app (npm's dependency tree, dev omitted). */
export async function productionModules(projectDir: string, packageName: string): Promise<NodeModule[]> {
  const tmp = new builderUtil.TmpDir('installers-test');
  try {
    const collector = collectorModule.getCollectorByPackageManager('npm', projectDir, tmp);
    return (await collector.getNodeModules({ packageName })).nodeModules;
  } finally {
    await tmp.cleanup();
  }
}

/** The fuse wire electron-builder writes for `electronFuses` (keys are @electron/fuses FuseV1Options). */
export function fuseWire(fuses: FuseOptionsV1): Promise<Record<string, unknown>> {
  return appBuilderLib.PlatformPackager.prototype.generateFuseConfig.call({}, fuses);
}
